using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Talos;
using FluentAssertions;
using k8s;
using Xunit;

namespace Deepthought.Tests.Talos;

/// <summary>The attach-only kubeconfig check, judged on kubeconfig files (the twin always skips it).</summary>
public sealed class KubeconfigContextTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("deepthought-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task KubeconfigContext_TalosctlKubeconfig_Passes()
    {
        var verdict = await JudgeAsync("attach", "admin@deepthought", "https://192.168.1.32:6443");

        verdict.Outcome.Should().Be(Outcome.Pass);
        verdict.Message.Should().Be("current context admin@deepthought on https://192.168.1.32:6443");
    }

    [Fact]
    public async Task KubeconfigContext_OtherContextAndServer_FailsNamingBoth()
    {
        var verdict = await JudgeAsync("attach", "kind-kind", "https://127.0.0.1:6443");

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be(
            $"kubeconfig {Path.Combine(_dir, "kubeconfig")}: expected current-context admin@deepthought, got kind-kind; " +
            $"kubeconfig {Path.Combine(_dir, "kubeconfig")} context kind-kind: expected server https://192.168.1.32:6443, got https://127.0.0.1:6443");
    }

    [Fact]
    public async Task KubeconfigContext_TwinWithTheProfiledClusterEntry_PassesWithoutComparingTheLoopbackServer()
    {
        var verdict = await JudgeAsync("twin", "auditor@deepthought", "https://127.0.0.1:6443");

        verdict.Outcome.Should().Be(Outcome.Pass);
        verdict.Message.Should().Contain("uses cluster entry deepthought");
    }

    [Fact]
    public async Task KubeconfigContext_TwinWithAForeignClusterEntry_FailsNamingIt()
    {
        var verdict = await JudgeAsync("twin", "admin@deepthought", "https://127.0.0.1:6443", cluster: "homelab-old");

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be(
            $"kubeconfig {Path.Combine(_dir, "kubeconfig")} context admin@deepthought: expected cluster entry deepthought (talosctl names it after the cluster), got homelab-old");
    }

    private async Task<Verdict> JudgeAsync(string target, string context, string server, string cluster = "deepthought")
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
        using var connections = new ClusterConnections { Target = target, Kubernetes = new k8s.Kubernetes(kube), KubernetesConfiguration = kube, KubeconfigPath = path, KubeContext = context };
        var cache = new ObservationCache().Register(_ => Task.FromResult(KubeconfigReader.Read(connections)));
        return await new KubeconfigContextCheck().EvaluateAsync(new CheckContext(TalosTestWorld.Profile(), RunMode.Audit, TimeProvider.System, cache), CancellationToken.None);
    }
}
