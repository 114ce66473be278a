using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Talos;
using Deepthought.Tests.Support;
using FluentAssertions;
using Xunit;
using k8s;

namespace Deepthought.Tests.Talos;

/// <summary>The kubeconfig check, judged on kubeconfig files; a target that serves elsewhere (the twin) names its stand-in address.</summary>
public sealed class KubeconfigContextTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("deepthought-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task KubeconfigContext_TalosctlKubeconfig_Passes()
    {
        var verdict = await JudgeAsync(null, "admin@deepthought", "https://192.168.1.32:6443");

        verdict.Outcome.Should().Be(Outcome.Pass);
        verdict.Message.Should().Be("current context admin@deepthought on https://192.168.1.32:6443");
    }

    [Fact]
    public async Task KubeconfigContext_OtherContextAndServer_FailsNamingBoth()
    {
        var verdict = await JudgeAsync(null, "kind-kind", "https://127.0.0.1:6443");

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be(
            $"kubeconfig {Path.Combine(_dir, "kubeconfig")}: expected current-context admin@deepthought, got kind-kind; " +
            $"kubeconfig {Path.Combine(_dir, "kubeconfig")} context kind-kind: expected server https://192.168.1.32:6443, got https://127.0.0.1:6443");
    }

    [Fact]
    public async Task KubeconfigContext_TwinsLoopbackServer_StandsInForTheProfiledEndpoint()
    {
        var verdict = await JudgeAsync("https://127.0.0.1:6443", "admin@deepthought", "https://127.0.0.1:6443");

        verdict.Outcome.Should().Be(Outcome.Pass);
        verdict.Message.Should().Be("current context admin@deepthought on https://127.0.0.1:6443 (standing in for https://192.168.1.32:6443)");
    }

    [Fact]
    public async Task KubeconfigContext_ServerNeitherTheStandInNorTheProfiled_FailsNamingBoth()
    {
        var verdict = await JudgeAsync("https://127.0.0.1:6443", "admin@deepthought", "https://127.0.0.1:7000");

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be(
            $"kubeconfig {Path.Combine(_dir, "kubeconfig")} context admin@deepthought: expected server https://127.0.0.1:6443 (standing in for https://192.168.1.32:6443), got https://127.0.0.1:7000");
    }

    [Fact]
    public async Task KubeconfigContext_TwinWithAForeignClusterEntry_FailsNamingIt()
    {
        var verdict = await JudgeAsync("https://127.0.0.1:6443", "admin@deepthought", "https://127.0.0.1:6443", cluster: "homelab-old");

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be(
            $"kubeconfig {Path.Combine(_dir, "kubeconfig")} context admin@deepthought: expected cluster entry deepthought (talosctl names it after the cluster), got homelab-old");
    }

    private async Task<Verdict> JudgeAsync(string? standIn, string context, string server, string cluster = "deepthought")
    {
        var path = Path.Combine(_dir, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            current-context: {context}
            contexts:
            - name: {context}
              context: {"{"} cluster: {cluster}, user: u1 {"}"}
            clusters:
            - name: {cluster}
              cluster: {"{"} server: "{server}" {"}"}
            users:
            - name: u1
              user: {"{"} token: not-read {"}"}
            """);
        var kube = new KubernetesClientConfiguration { Host = "https://127.0.0.1:9" };
        using var connections = new ClusterConnections { Target = standIn is null ? "attach" : "twin", ApiServerStandIn = standIn, Kubernetes = new k8s.Kubernetes(kube), KubernetesConfiguration = kube, KubeconfigPath = path, KubeContext = context };
        var cache = new ObservationCache().Register(_ => Task.FromResult(KubeconfigReader.Read(connections)));
        return await new KubeconfigContextCheck().EvaluateAsync(new CheckContext(Repo.LoadProfile(), RunMode.Audit, TimeProvider.System, cache), CancellationToken.None);
    }
}
