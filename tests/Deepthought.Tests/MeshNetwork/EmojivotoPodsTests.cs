using System.Text.Json.Nodes;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Twin.Emojivoto;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Tests.MeshNetwork;

/// <summary>The seeded pods carry Linkerd's injected shape (or the faulty one a scenario asks for).</summary>
public sealed class EmojivotoPodsTests
{
    [Fact]
    public async Task EmojivotoPods_Healthy_OneRunningInjectedPodPerDeploymentSpreadOverNodes()
    {
        await using var twin = await MeshTwin.StartAsync(components: MeshTwin.SeedOnly);
        var pods = Pods(twin.Context.Store);

        pods.Keys.Should().BeEquivalentTo(["emoji", "vote-bot", "voting", "web"]);
        pods.Values.Select(p => (string)p["spec"]!["nodeName"]!).Distinct().Should().HaveCountGreaterThan(1, "pods spread over the profile's nodes");
        foreach (var (deployment, pod) in pods)
        {
            pod["status"]!["phase"]!.GetValue<string>().Should().Be("Running");
            Condition(pod, "Ready").Should().Be("True");
            Container(pod, "linkerd-proxy").Should().NotBeNull($"{deployment} is meshed");
            var ports = ((JsonArray)Container(pod, "linkerd-proxy")!["ports"]!).Select(p => $"{p!["name"]}:{p["containerPort"]}");
            ports.Should().BeEquivalentTo(["linkerd-proxy:4143", "linkerd-admin:4191"]);
            Env(Container(pod, "linkerd-proxy")!, "LINKERD2_PROXY_IDENTITY_LOCAL_NAME").Should().Be("$(_pod_sa).$(_pod_ns).serviceaccount.identity.linkerd.cluster.local");
            var init = InitContainer(pod, "linkerd-init")!;
            init["securityContext"]!["runAsUser"]!.GetValue<long>().Should().Be(0, "the seed installs with proxyInit.runAsRoot=true");
            init["securityContext"]!["runAsNonRoot"]!.GetValue<bool>().Should().BeFalse();
            ((JsonArray)pod["status"]!["containerStatuses"]!).Should().OnlyContain(s => (bool)s!["ready"]!);
            pod["metadata"]!["annotations"]!["linkerd.io/inject"]!.GetValue<string>().Should().Be("enabled");
        }

        pods["web"]["spec"]!["serviceAccountName"]!.GetValue<string>().Should().Be("web");
        pods["vote-bot"]["spec"]!["serviceAccountName"]!.GetValue<string>().Should().Be("default", "vote-bot names no service account");
        var deployments = twin.Context.Store.List("apps/v1", "Deployment", "emojivoto");
        deployments.Should().OnlyContain(d => (string?)d["spec"]!["template"]!["metadata"]!["annotations"]!["linkerd.io/inject"] == "enabled");
    }

    [Fact]
    public async Task EmojivotoPods_UnmeshedScenario_VotingPodHasNoProxyNorInjectAnnotation()
    {
        await using var twin = await MeshTwin.StartAsync(EmojivotoSeeder.UnmeshedScenario, components: MeshTwin.SeedOnly);
        var pods = Pods(twin.Context.Store);

        Container(pods["voting"], "linkerd-proxy").Should().BeNull();
        InitContainer(pods["voting"], "linkerd-init").Should().BeNull();
        pods["voting"]["metadata"]!["annotations"].Should().BeNull();
        var voting = twin.Context.Store.Get("apps/v1", "Deployment", "emojivoto", "voting")!;
        voting["spec"]!["template"]!["metadata"]!["annotations"].Should().BeNull();
        Container(pods["web"], "linkerd-proxy").Should().NotBeNull("only voting is left out of the mesh");
    }

    [Fact]
    public async Task EmojivotoPods_ProxyInitNotRootScenario_InitRunsAsUid2102NonRoot()
    {
        await using var twin = await MeshTwin.StartAsync(EmojivotoSeeder.ProxyInitNotRootScenario, components: MeshTwin.SeedOnly);

        foreach (var pod in Pods(twin.Context.Store).Values)
        {
            var sc = InitContainer(pod, "linkerd-init")!["securityContext"]!;
            sc["runAsUser"]!.GetValue<long>().Should().Be(2102);
            sc["runAsNonRoot"]!.GetValue<bool>().Should().BeTrue();
        }
    }

    private static Dictionary<string, JsonObject> Pods(KubeStore store) =>
        store.List("v1", "Pod", "emojivoto").ToDictionary(p => (string)p["metadata"]!["labels"]!["app"]! switch
        {
            "emoji-svc" => "emoji",
            "voting-svc" => "voting",
            "web-svc" => "web",
            var other => other,
        });

    private static JsonObject? Container(JsonObject pod, string name) =>
        ((JsonArray)pod["spec"]!["containers"]!).OfType<JsonObject>().FirstOrDefault(c => (string?)c["name"] == name);

    private static JsonObject? InitContainer(JsonObject pod, string name) =>
        (pod["spec"]!["initContainers"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["name"] == name);

    private static string? Env(JsonObject container, string name) =>
        ((JsonArray)container["env"]!).OfType<JsonObject>().FirstOrDefault(e => (string?)e["name"] == name)?["value"]?.GetValue<string>();

    private static string? Condition(JsonObject pod, string type) =>
        ((JsonArray)pod["status"]!["conditions"]!).OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type)?["status"]?.GetValue<string>();
}
