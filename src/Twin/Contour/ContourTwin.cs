using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.Profile;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Contour;

/// <summary>
/// Contour as the seed installs it (Helm release contour, the Gateway provisioner) with the project's gateway.yaml
/// and http-route.yaml applied; a status controller acting as Contour, and an Envoy data plane on 127.0.0.1 that
/// routes by the stored HTTPRoutes. The Envoy Service's HTTP port is the data plane's ephemeral port, and its load
/// balancer ingress (so the Gateway's address) is 127.0.0.1 — the harness finds both from Kubernetes objects only.
/// </summary>
[TwinScenario("contour-release-failed", "the contour Helm release's latest revision failed (helm status: failed)")]
[TwinScenario("contour-provisioner-down", "the Contour Gateway provisioner Deployment has no available replica (CrashLoopBackOff)")]
[TwinScenario("gatewayclass-wrong-controller", "GatewayClass contour names another controller (example.net/gateway-controller), so no controller accepts it")]
[TwinScenario("gateway-not-programmed", "the Gateway asks for spec.addresses 192.168.1.240, which nothing assigns (no load balancer on bare metal): Contour sets Programmed=False, AddressNotAssigned")]
[TwinScenario("httproute-backend-missing", "the HTTPRoute's backendRef names Service web, which does not exist: ResolvedRefs=False, BackendNotFound")]
[TwinScenario("gateway-collides-with-bitnami", "the seed's Gateway projectcontour/contour is applied too: the provisioner's contour-contour is the bitnami release's Deployment, so it only accepts that Gateway and never programs it")]
[TwinScenario("envoy-not-listening", "the Gateway is reported programmed but nothing listens at its address (Envoy pods down)")]
public sealed class ContourTwin : ITwinComponent
{
    /// <summary>Where the twin's Envoy listens, and what the twin's nodes' InternalIPs are reached at (Outputs["nodeAddresses"]).</summary>
    public const string Loopback = "127.0.0.1";

    /// <summary>The address the gateway-not-programmed scenario's Gateway asks for in spec.addresses.</summary>
    public const string UnassignedAddress = "192.168.1.240";

    private EnvoyDataPlane? _dataPlane;
    private GatewayStatusController? _controller;

    public int Order => 80;

    public async Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        var p = context.Profile;
        var g = p.Gateway;
        var s = context.Scenarios;
        if (!g.Enabled)
        {
            return;
        }

        var store = context.Store;
        TwinKinds.EnsureGatewayApi(store);

        int port, nodePort;
        if (s.Has("envoy-not-listening"))
        {
            (port, nodePort) = (ClosedPort(), ClosedPort());
        }
        else
        {
            _dataPlane = await EnvoyDataPlane.StartAsync(context, g.GatewayNamespace, g.GatewayName, cancellationToken);
            (port, nodePort) = (_dataPlane.Port, _dataPlane.NodePort);
            var target = new Uri($"http://{Loopback}:{port}/");
            context.Proxies.Register("services", g.GatewayNamespace, g.EnvoyService, "http", target);
            context.Proxies.Register("services", g.GatewayNamespace, g.EnvoyService, $"{port}", target);
        }

        // Every node's InternalIP answers on the nodePort (kube-proxy); the twin's nodes are this machine's loopback.
        context.Outputs["nodeAddresses"] = string.Join(",", store.List("v1", "Node")
            .Select(n => n.Items("status", "addresses").FirstOrDefault(a => a.Str("type") == "InternalIP")?.Str("address") ?? "")
            .Where(ip => ip.Length > 0)
            .Select(ip => $"{ip}={Loopback}"));

        var ns = g.ContourNamespace;
        store.Put(ContourObjects.HelmRelease(ns, g.HelmRelease, 1, s.Has("contour-release-failed") ? "failed" : "deployed"));
        foreach (var name in g.Deployments)
        {
            var down = s.Has("contour-provisioner-down") && name.EndsWith("provisioner", StringComparison.Ordinal);
            var provisioner = name.EndsWith("provisioner", StringComparison.Ordinal);
            store.Put(ContourObjects.Deployment(ns, name, provisioner ? "provisioner" : "contour", 1, down ? 0 : 1,
                down ? "back-off restarting failed container provisioner (CrashLoopBackOff)" : null, provisioner ? null : g.HelmRelease));
        }

        // The bitnami release's own Envoy (envoy.kind daemonset, service type LoadBalancer), next to its Contour.
        store.Put(ContourObjects.BitnamiEnvoyDaemonSet(ns, g.HelmRelease, p.Nodes.Count));
        store.Put(ContourObjects.BitnamiEnvoyService(ns, g.HelmRelease));

        store.Put(ContourObjects.EnvoyService(g.GatewayNamespace, g.EnvoyService, g.GatewayName, port, nodePort, null));

        var docs = ProjectManifests.Load(p, ProjectManifests.Gateway).Concat(ProjectManifests.Load(p, ProjectManifests.HttpRoute)).Select(d => Bend(d, context)).ToList();
        if (s.Has("gateway-collides-with-bitnami"))
        {
            // The seed's own Gateway name, next to the project's.
            var seedGateway = (JsonObject)docs.First(d => (string?)d["kind"] == "Gateway").DeepClone();
            seedGateway["metadata"] = new JsonObject { ["name"] = "contour", ["namespace"] = ns };
            docs.Add(seedGateway);
        }

        foreach (var doc in docs)
        {
            store.Put(doc);
        }

        // The provisioner (internal/provisioner/objects.EnsureObject): creates contour-<gateway> for each Gateway of
        // its class, and leaves an existing object without its owner labels as it is.
        foreach (var gw in docs.Where(d => (string?)d["kind"] == "Gateway" && d.Str("spec", "gatewayClassName") == g.GatewayClass))
        {
            var (gwNs, gwName) = (gw.Str("metadata", "namespace"), gw.Str("metadata", "name"));
            if (store.Get("apps/v1", "Deployment", gwNs, $"contour-{gwName}") is null)
            {
                store.Put(ContourObjects.ProvisionedContour(gwNs, gwName));
            }
        }

        _controller = new GatewayStatusController(store, context.Time);
        _controller.Reconcile(); // the twin starts settled, as a cluster that has been up for a while
        _controller.Start();
        context.Notices.Enqueue($"gateway: Envoy for Gateway {g.GatewayNamespace}/{g.GatewayName} on nodePort {nodePort} of every node (the twin's nodes are {Loopback}); Service {g.GatewayNamespace}/{g.EnvoyService} has no external address, as on bare metal");
    }

    /// <summary>A manifest document as the API server stores it (CRD status defaults), bent by the active scenarios.</summary>
    private static JsonObject Bend(JsonObject doc, TwinContext context)
    {
        var obj = (JsonObject)doc.DeepClone();
        switch ((string?)obj["kind"])
        {
            case "GatewayClass":
                obj["status"] = ContourObjects.PendingStatus("Accepted");
                if (context.Scenarios.Has("gatewayclass-wrong-controller"))
                {
                    obj["spec"]!["controllerName"] = "example.net/gateway-controller";
                }

                break;
            case "Gateway":
                obj["status"] = ContourObjects.PendingStatus("Accepted", "Programmed");
                if (context.Scenarios.Has("gateway-not-programmed"))
                {
                    obj["spec"]!["addresses"] = new JsonArray(new JsonObject { ["type"] = "IPAddress", ["value"] = UnassignedAddress });
                }

                break;
            case "HTTPRoute" when context.Scenarios.Has("httproute-backend-missing"):
                foreach (var backend in obj.Items("spec", "rules").SelectMany(r => r.Items("backendRefs")))
                {
                    backend["name"] = "web";
                }

                break;
        }

        return obj;
    }

    /// <summary>A loopback port nothing listens on (bound then released), for the Envoy-down scenario.</summary>
    private static int ClosedPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_controller is not null)
        {
            await _controller.DisposeAsync();
        }

        if (_dataPlane is not null)
        {
            await _dataPlane.DisposeAsync();
        }
    }
}
