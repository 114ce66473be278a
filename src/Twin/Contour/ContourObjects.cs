using System.Text;
using System.Text.Json.Nodes;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Protocols.Profile;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.Contour;

/// <summary>
/// What `helm install contour bitnami/contour -n projectcontour` and the Contour Gateway provisioner leave in the
/// cluster, as far as the harness looks: Deployments, the Helm release Secret, and the Envoy Service.
/// </summary>
internal static class ContourObjects
{
    /// <summary>
    /// A Deployment with its status. The bitnami release's carry the chart's standard labels (name, instance = the
    /// release, managed-by Helm, component); the provisioner's quickstart Deployment only control-plane.
    /// </summary>
    public static JsonObject Deployment(string ns, string name, string component, int replicas, int available, string? unavailableMessage, string? helmRelease = null)
    {
        var labels = helmRelease is null
            ? new Dictionary<string, string> { ["control-plane"] = name }
            : BitnamiLabels(helmRelease, component);
        var obj = Manifest.Object("apps/v1", "Deployment", name, ns, labels, helmRelease is null ? null : HelmAnnotations(ns, helmRelease));
        obj["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = Manifest.Map(labels) },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = Manifest.Map(labels) },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = component, ["image"] = "ghcr.io/projectcontour/contour:v1.32.0" }) },
            },
        };
        var ok = available >= replicas;
        obj["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["replicas"] = replicas,
            ["readyReplicas"] = available,
            ["availableReplicas"] = available,
            ["updatedReplicas"] = replicas,
            ["unavailableReplicas"] = replicas - available,
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Available",
                ["status"] = ok ? "True" : "False",
                ["reason"] = ok ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                ["message"] = ok ? "Deployment has minimum availability." : unavailableMessage ?? "Deployment does not have minimum availability.",
            }),
        };
        return obj;
    }

    /// <summary>The bitnami release's Envoy: DaemonSet &lt;fullname&gt;-envoy, all pods ready (one per node).</summary>
    public static JsonObject BitnamiEnvoyDaemonSet(string ns, string release, int nodes)
    {
        var labels = BitnamiLabels(release, "envoy");
        var obj = Manifest.Object("apps/v1", "DaemonSet", BitnamiContour.Envoy(release), ns, labels);
        obj["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = Manifest.Map(labels) },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = Manifest.Map(labels) },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "envoy", ["image"] = "docker.io/bitnami/envoy:1.34.5-debian-12-r0" }) },
            },
        };
        obj["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["desiredNumberScheduled"] = nodes,
            ["currentNumberScheduled"] = nodes,
            ["numberReady"] = nodes,
            ["numberAvailable"] = nodes,
            ["updatedNumberScheduled"] = nodes,
            ["numberMisscheduled"] = 0,
        };
        return obj;
    }

    /// <summary>The bitnami release's Envoy Service &lt;fullname&gt;-envoy: type LoadBalancer (the chart's default), no ingress on bare metal.</summary>
    public static JsonObject BitnamiEnvoyService(string ns, string release)
    {
        var obj = Manifest.Object("v1", "Service", BitnamiContour.Envoy(release), ns, BitnamiLabels(release, "envoy"));
        obj["spec"] = new JsonObject
        {
            ["type"] = "LoadBalancer",
            ["externalTrafficPolicy"] = "Local",
            ["selector"] = new JsonObject { ["app.kubernetes.io/name"] = BitnamiContour.Chart, ["app.kubernetes.io/instance"] = release, ["app.kubernetes.io/component"] = "envoy" },
            ["ports"] = new JsonArray(
                new JsonObject { ["name"] = "http", ["protocol"] = "TCP", ["port"] = 80, ["targetPort"] = "http", ["nodePort"] = 31080 },
                new JsonObject { ["name"] = "https", ["protocol"] = "TCP", ["port"] = 443, ["targetPort"] = "https", ["nodePort"] = 31443 }),
        };
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        return obj;
    }

    /// <summary>What Helm writes on every object of a release.</summary>
    private static Dictionary<string, string> HelmAnnotations(string ns, string release) => new()
    {
        ["meta.helm.sh/release-name"] = release,
        ["meta.helm.sh/release-namespace"] = ns,
    };

    /// <summary>The labels the provisioner puts on what it makes for a Gateway (model.OwnerLabels).</summary>
    public static Dictionary<string, string> ProvisionerOwnerLabels(string gateway) => new()
    {
        ["projectcontour.io/owning-gateway-name"] = gateway,
        ["gateway.networking.k8s.io/gateway-name"] = gateway,
    };

    /// <summary>The Contour the provisioner makes for one Gateway: Deployment contour-&lt;gateway&gt;, owned by it.</summary>
    public static JsonObject ProvisionedContour(string ns, string gateway)
    {
        var obj = Deployment(ns, $"contour-{gateway}", "contour", 2, 2, null);
        var labels = ProvisionerOwnerLabels(gateway);
        labels["app.kubernetes.io/managed-by"] = "contour-gateway-provisioner";
        obj["metadata"]!["labels"] = Manifest.Map(labels);
        return obj;
    }

    private static Dictionary<string, string> BitnamiLabels(string release, string component) => new()
    {
        ["app.kubernetes.io/name"] = BitnamiContour.Chart,
        ["app.kubernetes.io/instance"] = release,
        ["app.kubernetes.io/managed-by"] = "Helm",
        ["app.kubernetes.io/component"] = component,
    };

    /// <summary>Helm's storage Secret for one release revision; its payload is a placeholder (the harness reads labels only).</summary>
    public static JsonObject HelmRelease(string ns, string release, int revision, string status)
    {
        var obj = Manifest.Object("v1", "Secret", $"sh.helm.release.v1.{release}.v{revision}", ns, new Dictionary<string, string>
        {
            ["name"] = release,
            ["owner"] = "helm",
            ["status"] = status,
            ["version"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        obj["type"] = "helm.sh/release.v1";
        obj["data"] = new JsonObject { ["release"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("twin: release payload not modelled")) };
        return obj;
    }

    /// <summary>
    /// The provisioner's Envoy Service (type LoadBalancer, so with a nodePort per port). Its HTTP port and nodePort are
    /// the twin's two Envoy listeners (ephemeral ports on 127.0.0.1); on bare metal no load balancer assigns an
    /// external address, so status.loadBalancer stays empty unless <paramref name="externalIp"/> is given.
    /// </summary>
    public static JsonObject EnvoyService(string ns, string name, string gateway, int port, int nodePort, string? externalIp)
    {
        var labels = ProvisionerOwnerLabels(gateway);
        labels["app.kubernetes.io/managed-by"] = "contour-gateway-provisioner";
        var obj = Manifest.Object("v1", "Service", name, ns, labels);
        obj["spec"] = new JsonObject
        {
            ["type"] = "LoadBalancer",
            ["externalTrafficPolicy"] = "Local",
            ["selector"] = new JsonObject { ["app.kubernetes.io/component"] = "envoy", ["app.kubernetes.io/instance"] = gateway },
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["protocol"] = "TCP", ["port"] = port, ["targetPort"] = 8080, ["nodePort"] = nodePort }),
        };
        obj["status"] = new JsonObject
        {
            ["loadBalancer"] = externalIp is null
                ? new JsonObject()
                : new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = externalIp }) },
        };
        return obj;
    }

    /// <summary>The status a Gateway API object has before any controller acts (the CRDs' defaults).</summary>
    public static JsonObject PendingStatus(params string[] types) => new()
    {
        ["conditions"] = new JsonArray(types.Select(t => (JsonNode?)new JsonObject
        {
            ["type"] = t,
            ["status"] = "Unknown",
            ["reason"] = "Pending",
            ["message"] = "Waiting for controller",
            ["lastTransitionTime"] = "1970-01-01T00:00:00Z",
        }).ToArray()),
    };

    public static string EnvoyServiceName(GatewayProfile gateway) => gateway.EnvoyService;
}
