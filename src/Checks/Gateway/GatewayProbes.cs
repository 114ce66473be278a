using System.Net;
using System.Text.Json;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.GatewayApi;
using k8s;

namespace Deepthought.Checks.Gateway;

/// <summary>Every GatewayClass, Gateway and HTTPRoute in the cluster (three LISTs).</summary>
public sealed record GatewayApiObservation(IReadOnlyList<GatewayClassInfo> Classes, IReadOnlyList<GatewayInfo> Gateways, IReadOnlyList<HttpRouteInfo> Routes)
{
    public GatewayClassInfo? FindClass(string name) => Classes.FirstOrDefault(c => c.Name == name);

    public GatewayInfo? FindGateway(string ns, string name) => Gateways.FirstOrDefault(g => g.Namespace == ns && g.Name == name);

    public HttpRouteInfo? FindRoute(string ns, string name) => Routes.FirstOrDefault(r => r.Namespace == ns && r.Name == name);
}

/// <summary>
/// Reads the Gateway API objects as JSON through the generic custom-objects API, and offers checks the
/// <see cref="GatewayTrafficProbe"/> (HTTP through the gateway's external address).
/// </summary>
public sealed class GatewayProbes : IProbeModule
{
    public void Register(ObservationCache cache, ClusterConnections connections)
    {
        cache.Register(ct => KubeCall.RunAsync(connections, "list Gateway API objects", t => ListAsync(connections, t), ct));
        connections.Extras[typeof(GatewayTrafficProbe)] = new GatewayTrafficProbe { Connections = connections };
    }

    private static async Task<GatewayApiObservation> ListAsync(ClusterConnections c, CancellationToken ct)
    {
        var classes = ListKindAsync(c, "gatewayclasses", ct);
        var gateways = ListKindAsync(c, "gateways", ct);
        var routes = ListKindAsync(c, "httproutes", ct);
        return new GatewayApiObservation(
            (await classes).Select(GatewayClassInfo.From).ToList(),
            (await gateways).Select(GatewayInfo.From).ToList(),
            (await routes).Select(HttpRouteInfo.From).ToList());
    }

    private static async Task<IReadOnlyList<System.Text.Json.Nodes.JsonNode>> ListKindAsync(ClusterConnections c, string plural, CancellationToken ct)
    {
        try
        {
            var list = await c.Kubernetes.CustomObjects.ListClusterCustomObjectAsync(GatewayApi.Group, GatewayApi.Version, plural, cancellationToken: ct);
            return list is JsonElement e ? e.ToNode().Items("items").ToList() : [];
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ProbeException(
                $"the cluster serves no {plural}.{GatewayApi.Group}/{GatewayApi.Version}: Gateway API is not installed — run: kubectl apply -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml", e);
        }
    }
}

/// <summary>HTTP requests through the gateway for checks (the network side of the traffic checks lives here, not in them).</summary>
public sealed class GatewayTrafficProbe
{
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The cluster connection, for the API server's service proxy (the last way to reach the gateway).</summary>
    public ClusterConnections? Connections { get; init; }

    public Task<HttpExchange> GetAsync(GatewayEndpoint endpoint, string host, string pathAndQuery, TimeProvider time, CancellationToken cancellationToken)
    {
        if (endpoint.Path != ReachPath.ServiceProxy)
        {
            return GatewayHttp.GetAsync(endpoint, host, pathAndQuery, RequestTimeout, time, cancellationToken);
        }

        var c = Connections ?? throw new ProbeException("the API server's service proxy needs a cluster connection, and this probe has none");
        var (ns, service, port) = endpoint.ProxyTarget;
        var url = new Uri(c.Kubernetes.BaseUri, Mesh.ApiServerProxy.ServicePath(ns, service, port, pathAndQuery));
        return GatewayHttp.SendAsync(c.KubeHttp, url, host, c.KubernetesConfiguration.AccessToken, RequestTimeout, time, cancellationToken);
    }
}
