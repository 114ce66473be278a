using System.Net;
using System.Net.Sockets;
using Deepthought.Protocols.Profile;
using Deepthought.Twin.Mesh.Metrics;
using Deepthought.Twin.Mesh.Policy;

namespace Deepthought.Twin.Mesh;

/// <summary>
/// The path from one caller pod to one endpoint pod: a connection pool to the workload's loopback server whose
/// connections the caller's proxy counts as outbound (peer="dst") and the callee's proxy as inbound (peer="src"),
/// plus the label sets both proxies use for requests on this path.
/// </summary>
internal sealed class MeshEdge : IDisposable
{
    private readonly SocketsHttpHandler _handler;

    public MeshEdge(MeshEndpoint endpoint, ProxyState? caller, ProxyState? callee, PodFacts callerFacts, PodFacts calleeFacts, TlsLabels tls, string clusterDomain)
    {
        Endpoint = endpoint;
        Caller = caller;
        Callee = callee;
        CalleeFacts = calleeFacts;
        Tls = tls;
        Client = new PolicyClient(tls.Tls, tls.Tls ? tls.ClientId : null, callerFacts.Ip.Length > 0 ? callerFacts.Ip : "10.244.0.250");
        var ip = calleeFacts.Ip.Length > 0 ? calleeFacts.Ip : "10.244.0.251";
        Target = new Labels()
            .Add("target_addr", $"{ip}:{endpoint.TargetPort}")
            .Add("target_ip", ip)
            .Add("target_port", $"{endpoint.TargetPort}");
        Outbound = new Labels()
            .Add("direction", "outbound")
            .Add("authority", $"{endpoint.Service.Fqdn(clusterDomain)}:{endpoint.Service.Port}")
            .AddRange(Target)
            .AddRange(tls.Outbound())
            .AddRange(DestinationLabels(endpoint, calleeFacts, callee is not null));
        InboundTransport = new Labels().Add("direction", "inbound").AddRange(Target).AddRange(tls.Inbound());
        _handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ConnectCallback = ConnectAsync,
        };
        Invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
    }

    public MeshEndpoint Endpoint { get; }

    public ProxyState? Caller { get; }

    public ProxyState? Callee { get; }

    public PodFacts CalleeFacts { get; }

    public TlsLabels Tls { get; }

    /// <summary>The client as the callee's policy sees it.</summary>
    public PolicyClient Client { get; }

    public Labels Target { get; }

    /// <summary>The caller proxy's labels for this destination (request_total, response_total, tcp_*).</summary>
    public Labels Outbound { get; }

    /// <summary>The callee proxy's transport labels (tcp_*), without policy labels.</summary>
    public Labels InboundTransport { get; }

    public HttpMessageInvoker Invoker { get; }

    /// <summary>The callee proxy's request labels for one policy decision.</summary>
    public Labels Inbound(PolicyDecision decision) =>
        new Labels().Add("direction", "inbound").AddRange(Target).AddRange(Tls.Inbound()).AddRange(ServerAndRoute(decision)).AddRange(Authz(decision));

    public Labels AuthzAllowLabels(PolicyDecision decision) =>
        new Labels().AddRange(Target).AddRange(ServerAndRoute(decision)).AddRange(Authz(decision)).AddRange(Tls.Inbound());

    public Labels AuthzDenyLabels(PolicyDecision decision) =>
        new Labels().AddRange(Target).AddRange(ServerAndRoute(decision)).AddRange(Tls.Inbound());

    private Labels ServerAndRoute(PolicyDecision d) => new Labels()
        .Add("srv_group", d.Server.Group).Add("srv_kind", d.Server.Kind).Add("srv_name", d.Server.Name).Add("srv_port", $"{Endpoint.TargetPort}")
        .Add("route_group", "").Add("route_kind", "default").Add("route_name", "default");

    private static Labels Authz(PolicyDecision d) => new Labels()
        .Add("authz_group", d.Authorization?.Group ?? "").Add("authz_kind", d.Authorization?.Kind ?? "").Add("authz_name", d.Authorization?.Name ?? "");

    private static Labels DestinationLabels(MeshEndpoint endpoint, PodFacts callee, bool calleeMeshed)
    {
        var labels = new Labels();
        if (calleeMeshed)
        {
            labels.Add("dst_control_plane_ns", "linkerd");
        }

        return labels
            .Add("dst_deployment", callee.Deployment)
            .Add("dst_namespace", endpoint.Service.Namespace)
            .Add("dst_pod", callee.Name)
            .Add("dst_pod_template_hash", callee.TemplateHash)
            .Add("dst_service", endpoint.Service.Service)
            .Add("dst_serviceaccount", callee.ServiceAccount)
            .Add("dst_zone", "")
            .Add("dst_zone_locality", "unknown");
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var outbound = Outbound.WithSecond("peer", "dst");
        var inbound = InboundTransport.WithSecond("peer", "src");
        Caller?.Metrics.Increment(MetricFamilies.TcpOpenTotal, outbound);
        Caller?.Metrics.Increment(MetricFamilies.TcpOpenConnections, outbound);
        Callee?.Metrics.Increment(MetricFamilies.TcpOpenTotal, inbound);
        Callee?.Metrics.Increment(MetricFamilies.TcpOpenConnections, inbound);
        return new CountingStream(new NetworkStream(socket, ownsSocket: true), (read, written) =>
        {
            var closeOut = outbound.With(("classification", "success"));
            var closeIn = inbound.With(("classification", "success"));
            Caller?.Metrics.Increment(MetricFamilies.TcpCloseTotal, closeOut);
            Caller?.Metrics.Increment(MetricFamilies.TcpOpenConnections, outbound, -1);
            Caller?.Metrics.Increment(MetricFamilies.TcpReadBytes, outbound, read);
            Caller?.Metrics.Increment(MetricFamilies.TcpWriteBytes, outbound, written);
            Callee?.Metrics.Increment(MetricFamilies.TcpCloseTotal, closeIn);
            Callee?.Metrics.Increment(MetricFamilies.TcpOpenConnections, inbound, -1);
            Callee?.Metrics.Increment(MetricFamilies.TcpReadBytes, inbound, written);
            Callee?.Metrics.Increment(MetricFamilies.TcpWriteBytes, inbound, read);
        });
    }

    public void Dispose()
    {
        Invoker.Dispose();
        _handler.Dispose();
    }
}
