using System.Text.Json.Nodes;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.Mesh;

/// <summary>
/// The twin's stand-in for Linkerd's proxy-injector mutating webhook: a pod created through the API whose own
/// annotation or whose namespace's annotation says <c>linkerd.io/inject: enabled</c> (and whose own does not say
/// <c>disabled</c>) gets linkerd-init and linkerd-proxy. As upstream (values <c>proxy.nativeSidecar: false</c>), the
/// proxy is a regular container by default — a <c>restartPolicy: Never</c> pod then never finishes while its proxy
/// runs; only <c>config.linkerd.io/proxy-enable-native-sidecar: "true"</c> (or its alpha/beta spellings) makes it an
/// init container with <c>restartPolicy: Always</c>. Pods that already carry a proxy (the seeded ones) are left alone.
/// </summary>
public sealed class ProxyInjectorWebhook : ITwinComponent
{
    public const string InjectAnnotation = "linkerd.io/inject";

    /// <summary>The annotation names that turn on a native sidecar (the current one, then the older alpha and beta ones).</summary>
    public static readonly IReadOnlyList<string> NativeSidecarAnnotations =
        ["config.linkerd.io/proxy-enable-native-sidecar", "config.beta.linkerd.io/proxy-enable-native-sidecar", "config.alpha.linkerd.io/proxy-enable-native-sidecar"];

    private TwinContext? _context;

    public int Order => 70;

    public Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        _context = context;
        context.Store.AddMutation(Mutate);
        return Task.CompletedTask;
    }

    private void Mutate(ResourceType type, JsonObject pod)
    {
        if (type is not { Group: "", Kind: "Pod" } || pod["spec"]?["containers"] is not JsonArray containers
            || containers.OfType<JsonObject>().Any(c => (string?)c["name"] == LinkerdInjector.ProxyContainer)
            || !WantsInjection(pod))
        {
            return;
        }

        var ctx = _context!;
        var linkerd = ctx.Profile.Mesh.Linkerd;
        var anchors = (string?)ctx.Store.Get("v1", "ConfigMap", linkerd.Namespace, "linkerd-identity-trust-roots")?["data"]?["ca-bundle.crt"];
        var owner = (string?)pod["metadata"]?["name"] ?? "";
        LinkerdInjector.Inject(pod, owner, linkerd.Namespace, linkerd.TrustDomain, new ProxyInitUser(linkerd.ProxyInitRunAsRoot), anchors);
        if (NativeSidecar(pod))
        {
            var spec = (JsonObject)pod["spec"]!;
            var all = (JsonArray)spec["containers"]!;
            var proxy = all.OfType<JsonObject>().First(c => (string?)c["name"] == LinkerdInjector.ProxyContainer);
            all.Remove(proxy);
            proxy["restartPolicy"] = "Always";
            ((JsonArray)spec["initContainers"]!).Add(proxy);
        }
    }

    private bool WantsInjection(JsonObject pod)
    {
        // The webhook's selectors: never control-plane or CNI objects, never kube-system, cert-manager or namespaces
        // labelled config.linkerd.io/admission-webhooks=disabled.
        var labels = pod["metadata"]?["labels"] as JsonObject;
        if (labels?["linkerd.io/control-plane-component"] is not null || labels?["linkerd.io/cni-resource"] is not null)
        {
            return false;
        }

        var ns = (string?)pod["metadata"]?["namespace"] ?? "default";
        var nsObject = _context!.Store.Get("v1", "Namespace", null, ns);
        if (ns is "kube-system" or "cert-manager" || (string?)nsObject?["metadata"]?["labels"]?["config.linkerd.io/admission-webhooks"] == "disabled")
        {
            return false;
        }

        var own = (string?)pod["metadata"]?["annotations"]?[InjectAnnotation];
        if (own == "disabled")
        {
            return false;
        }

        if (own == "enabled")
        {
            return true;
        }

        return (string?)nsObject?["metadata"]?["annotations"]?[InjectAnnotation] == "enabled";
    }

    /// <summary>Whether the pod asks for the proxy as a native sidecar (an init container that keeps running).</summary>
    public static bool NativeSidecar(JsonNode pod) =>
        NativeSidecarAnnotations.Any(a => bool.TryParse((string?)pod["metadata"]?["annotations"]?[a], out var on) && on);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
