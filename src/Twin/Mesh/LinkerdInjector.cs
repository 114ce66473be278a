using System.Text.Json.Nodes;

namespace Deepthought.Twin.Mesh;

/// <summary>How proxy-init runs: the seed installs with proxyInit.runAsRoot=true.</summary>
public sealed record ProxyInitUser(bool RunAsRoot)
{
    public long Uid => RunAsRoot ? 0 : LinkerdInjector.ProxyUid;
}

/// <summary>
/// What Linkerd's proxy injector adds to a pod whose template says <c>linkerd.io/inject: enabled</c> (stack-facts §4):
/// the <c>linkerd-init</c> init container (iptables, NET_ADMIN/NET_RAW), the <c>linkerd-proxy</c> sidecar first in the
/// container list (proxy.await), its labels and annotations. The twin applies it when seeding meshed pods.
/// </summary>
public static class LinkerdInjector
{
    public const string ProxyContainer = "linkerd-proxy";

    public const string InitContainer = "linkerd-init";

    /// <summary>The Linkerd edge release whose proxies the twin's pods run.</summary>
    public const string ProxyVersion = "edge-25.9.1";

    public const string ProxyInitImage = "cr.l5d.io/linkerd/proxy-init:v2.4.3";

    public const int InboundPort = 4143;

    public const int OutboundPort = 4140;

    public const int AdminPort = 4191;

    public const int ControlPort = 4190;

    public const long ProxyUid = 2102;

    /// <summary>Adds the injected shape to a pod (metadata + spec), in place.</summary>
    public static void Inject(JsonObject pod, string deployment, string controlNamespace, string trustDomain, ProxyInitUser init, string? trustAnchorsPem)
    {
        var meta = (JsonObject)pod["metadata"]!;
        var labels = (JsonObject)(meta["labels"] ??= new JsonObject());
        labels["linkerd.io/control-plane-ns"] = controlNamespace;
        labels["linkerd.io/proxy-deployment"] = deployment;
        labels["linkerd.io/workload-ns"] = (string?)meta["namespace"];
        var annotations = (JsonObject)(meta["annotations"] ??= new JsonObject());
        annotations["linkerd.io/created-by"] = $"linkerd/proxy-injector {ProxyVersion}";
        annotations["linkerd.io/identity-mode"] = "default";
        annotations["linkerd.io/proxy-version"] = ProxyVersion;

        var spec = (JsonObject)pod["spec"]!;
        var appPorts = ((JsonArray)spec["containers"]!).OfType<JsonObject>()
            .SelectMany(c => (c["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Select(p => (int)p["containerPort"]!)
            .ToList();
        spec["initContainers"] = new JsonArray(InitContainerSpec(init));
        var containers = (JsonArray)spec["containers"]!;
        containers.Insert(0, ProxyContainerSpec(controlNamespace, trustDomain, appPorts, trustAnchorsPem));
        var volumes = (JsonArray)(spec["volumes"] ??= new JsonArray());
        volumes.Add(new JsonObject { ["name"] = "linkerd-identity-end-entity", ["emptyDir"] = new JsonObject { ["medium"] = "Memory" } });
        volumes.Add(new JsonObject
        {
            ["name"] = "linkerd-identity-token",
            ["projected"] = new JsonObject
            {
                ["sources"] = new JsonArray(new JsonObject
                {
                    ["serviceAccountToken"] = new JsonObject { ["audience"] = "identity.l5d.io", ["expirationSeconds"] = 86400, ["path"] = "linkerd-identity-token" },
                }),
            },
        });
    }

    private static JsonObject InitContainerSpec(ProxyInitUser init) => new()
    {
        ["name"] = InitContainer,
        ["image"] = ProxyInitImage,
        ["imagePullPolicy"] = "IfNotPresent",
        ["args"] = new JsonArray(
            "--ipv6=false", "--incoming-proxy-port", $"{InboundPort}", "--outgoing-proxy-port", $"{OutboundPort}",
            "--proxy-uid", $"{ProxyUid}", "--inbound-ports-to-ignore", $"{ControlPort},{AdminPort},4567,4568",
            "--outbound-ports-to-ignore", "4567,4568"),
        ["securityContext"] = new JsonObject
        {
            ["allowPrivilegeEscalation"] = false,
            ["capabilities"] = new JsonObject { ["add"] = new JsonArray("NET_ADMIN", "NET_RAW") },
            ["privileged"] = false,
            ["readOnlyRootFilesystem"] = true,
            ["runAsGroup"] = init.Uid,
            ["runAsNonRoot"] = !init.RunAsRoot,
            ["runAsUser"] = init.Uid,
            ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
        },
        ["terminationMessagePolicy"] = "FallbackToLogsOnError",
    };

    private static JsonObject ProxyContainerSpec(string controlNs, string trustDomain, IReadOnlyList<int> appPorts, string? trustAnchorsPem)
    {
        var env = new JsonArray(
            FieldEnv("_pod_name", "metadata.name"),
            FieldEnv("_pod_ns", "metadata.namespace"),
            FieldEnv("_pod_nodeName", "spec.nodeName"),
            Env("LINKERD2_PROXY_LOG", "warn,linkerd=info,hickory=error,linkerd_proxy_http::client[{headers}]=off"),
            Env("LINKERD2_PROXY_DESTINATION_SVC_ADDR", $"linkerd-dst-headless.{controlNs}.svc.{trustDomain}.:8086"),
            Env("LINKERD2_PROXY_POLICY_SVC_ADDR", $"linkerd-policy.{controlNs}.svc.{trustDomain}.:8090"),
            Env("LINKERD2_PROXY_POLICY_WORKLOAD", "{\"ns\":\"$(_pod_ns)\", \"pod\":\"$(_pod_name)\"}\n"),
            Env("LINKERD2_PROXY_INBOUND_DEFAULT_POLICY", "all-unauthenticated"),
            Env("LINKERD2_PROXY_CONTROL_LISTEN_ADDR", $"[::]:{ControlPort}"),
            Env("LINKERD2_PROXY_ADMIN_LISTEN_ADDR", $"[::]:{AdminPort}"),
            Env("LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR", $"127.0.0.1:{OutboundPort}"),
            Env("LINKERD2_PROXY_INBOUND_LISTEN_ADDR", $"[::]:{InboundPort}"),
            Env("LINKERD2_PROXY_INBOUND_PORTS", string.Join(",", appPorts)),
            Env("LINKERD2_PROXY_IDENTITY_DIR", "/var/run/linkerd/identity/end-entity"));
        if (trustAnchorsPem is not null)
        {
            env.Add(Env("LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS", trustAnchorsPem));
        }

        env.Add(Env("LINKERD2_PROXY_IDENTITY_TOKEN_FILE", "/var/run/secrets/tokens/linkerd-identity-token"));
        env.Add(Env("LINKERD2_PROXY_IDENTITY_SVC_ADDR", $"linkerd-identity-headless.{controlNs}.svc.{trustDomain}.:8080"));
        env.Add(FieldEnv("_pod_sa", "spec.serviceAccountName"));
        env.Add(Env("_l5d_ns", controlNs));
        env.Add(Env("_l5d_trustdomain", trustDomain));
        // Kubernetes expands $(var) from the variables above: the proxy's identity is <sa>.<ns>.serviceaccount.identity.<ctl ns>.<domain>.
        env.Add(Env("LINKERD2_PROXY_IDENTITY_LOCAL_NAME", $"$(_pod_sa).$(_pod_ns).serviceaccount.identity.{controlNs}.{trustDomain}"));
        env.Add(Env("LINKERD2_PROXY_IDENTITY_SVC_NAME", "linkerd-identity.$(_l5d_ns).serviceaccount.identity.$(_l5d_ns).$(_l5d_trustdomain)"));
        env.Add(Env("LINKERD2_PROXY_DESTINATION_SVC_NAME", "linkerd-destination.$(_l5d_ns).serviceaccount.identity.$(_l5d_ns).$(_l5d_trustdomain)"));
        env.Add(Env("LINKERD2_PROXY_POLICY_SVC_NAME", "linkerd-destination.$(_l5d_ns).serviceaccount.identity.$(_l5d_ns).$(_l5d_trustdomain)"));
        return new JsonObject
        {
            ["name"] = ProxyContainer,
            ["image"] = $"cr.l5d.io/linkerd/proxy:{ProxyVersion}",
            ["imagePullPolicy"] = "IfNotPresent",
            ["env"] = env,
            ["ports"] = new JsonArray(
                new JsonObject { ["containerPort"] = InboundPort, ["name"] = "linkerd-proxy", ["protocol"] = "TCP" },
                new JsonObject { ["containerPort"] = AdminPort, ["name"] = "linkerd-admin", ["protocol"] = "TCP" }),
            ["readinessProbe"] = Probe("/ready", 2),
            ["livenessProbe"] = Probe("/live", 10),
            ["lifecycle"] = new JsonObject
            {
                ["postStart"] = new JsonObject { ["exec"] = new JsonObject { ["command"] = new JsonArray("/usr/lib/linkerd/linkerd-await", "--timeout=2m", "--port=4191") } },
            },
            ["securityContext"] = new JsonObject
            {
                ["allowPrivilegeEscalation"] = false,
                ["readOnlyRootFilesystem"] = true,
                ["runAsGroup"] = ProxyUid,
                ["runAsNonRoot"] = true,
                ["runAsUser"] = ProxyUid,
                ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
            },
            ["volumeMounts"] = new JsonArray(
                new JsonObject { ["mountPath"] = "/var/run/linkerd/identity/end-entity", ["name"] = "linkerd-identity-end-entity" },
                new JsonObject { ["mountPath"] = "/var/run/secrets/tokens", ["name"] = "linkerd-identity-token" }),
            ["terminationMessagePolicy"] = "FallbackToLogsOnError",
        };
    }

    private static JsonObject Probe(string path, int initialDelay) => new()
    {
        ["httpGet"] = new JsonObject { ["path"] = path, ["port"] = AdminPort, ["scheme"] = "HTTP" },
        ["initialDelaySeconds"] = initialDelay,
        ["timeoutSeconds"] = 1,
    };

    private static JsonObject Env(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static JsonObject FieldEnv(string name, string path) =>
        new() { ["name"] = name, ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = path } } };
}
