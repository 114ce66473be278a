using System.Text.Json.Nodes;
using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Protocols.Formats;
using Deepthought.Tests.Gateway;

namespace Deepthought.Tests.Policy;

/// <summary>
/// The twin runs the harness's pods as a real cluster would: Linkerd's injector adds a regular (not native) proxy
/// unless the pod asks for a native sidecar, the kubelet sorts container statuses by name, and only images that exist
/// (those the cluster's pods already run) can be pulled.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ProbePodTwinTests
{
    private const string Ns = "deepthought-conformance";
    private const string Web = "docker.l5d.io/buoyantio/emojivoto-web:v11";

    [Fact]
    public async Task TwinKubelet_HarnessPods_RegularSidecarByDefaultNativeWhenAnnotatedStatusesByNameUnknownImageNotPulled()
    {
        await using var world = await GatewayRun.StartAsync(mode: RunMode.Acceptance);
        var store = world.Store;
        store.Put(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Ns, ["annotations"] = new JsonObject { ["linkerd.io/inject"] = "enabled" } } });

        store.Put(Pod("regular", Web, native: false));
        store.Put(Pod("native", Web, native: true));
        store.Put(Pod("unknown", "ghcr.io/deepthought/grpc-probe:latest", native: false));

        var regular = store.Get("v1", "Pod", Ns, "regular")!;
        regular.Items("spec", "containers").Select(c => c.Str("name")).Should().Equal("linkerd-proxy", "probe");
        regular.Items("spec", "initContainers").Select(c => c.Str("name")).Should().Equal("linkerd-init");
        var native = store.Get("v1", "Pod", Ns, "native")!;
        native.Items("spec", "containers").Select(c => c.Str("name")).Should().Equal("probe");
        native.Items("spec", "initContainers").Select(c => $"{c.Str("name")}/{c.Str("restartPolicy")}").Should().Equal("linkerd-init/", "linkerd-proxy/Always");

        var running = await WaitAsync(store, "regular", p => p.Str("status", "phase") == "Running");
        running.Value!.Items("status", "containerStatuses").Select(s => s.Str("name")).Should().Equal(["linkerd-proxy", "probe"], "the kubelet sorts statuses by name");
        var nativeRunning = await WaitAsync(store, "native", p => p.Str("status", "phase") == "Running");
        nativeRunning.Value!.Items("status", "containerStatuses").Select(s => s.Str("name")).Should().Equal("probe");
        nativeRunning.Value!.Items("status", "initContainerStatuses").Select(s => s.Str("name")).Should().Contain("linkerd-proxy");
        var pull = await WaitAsync(store, "unknown", p => p.Str("status", "phase") == "Pending");
        pull.Value!.Items("status", "containerStatuses").Single(s => s.Str("name") == "probe").Str("state", "waiting", "reason").Should().Be("ImagePullBackOff");
        world.Twin.Proxies.Find("pods", Ns, "regular", "8080").Should().NotBeNull("web listens on WEB_PORT, reachable through pods/proxy");

        foreach (var name in new[] { "regular", "native", "unknown" })
        {
            store.Delete("v1", "Pod", Ns, name);
        }

        store.Delete("v1", "Namespace", null, Ns);
    }

    private static Task<PollResult<JsonObject?>> WaitAsync(Deepthought.Twin.Kubernetes.KubeStore store, string name, Func<JsonObject, bool> done) =>
        Poll.UntilAsync(
            _ =>
            {
                var pod = store.Get("v1", "Pod", Ns, name);
                return Task.FromResult(new Attempt<JsonObject?>(pod is not null && done(pod), pod, pod?.Str("status", "phase") ?? "absent"));
            },
            TimeSpan.FromMilliseconds(50),
            TimeSpan.FromSeconds(5),
            TimeSpan.FromSeconds(20),
            TimeProvider.System,
            CancellationToken.None);

    private static JsonObject Pod(string name, string image, bool native)
    {
        var pod = JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"{{{Ns}}}","labels":{"app.kubernetes.io/managed-by":"deepthought-conformance"}},
             "spec":{"serviceAccountName":"conformance-probe","restartPolicy":"Never","containers":[{"name":"probe","image":"{{{image}}}",
               "env":[{"name":"WEB_PORT","value":"8080"},{"name":"EMOJISVC_HOST","value":"emoji-svc.emojivoto:8080"},{"name":"VOTINGSVC_HOST","value":"voting-svc.emojivoto:8080"}],
               "ports":[{"name":"http","containerPort":8080}]}]}}
            """)!.AsObject();
        if (native)
        {
            pod["metadata"]!["annotations"] = new JsonObject { ["config.linkerd.io/proxy-enable-native-sidecar"] = "true" };
        }

        return pod;
    }
}
