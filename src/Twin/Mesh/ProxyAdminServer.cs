using Deepthought.Protocols;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Mesh.Metrics;
using Deepthought.Twin.Mesh.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Deepthought.Twin.Mesh;

/// <summary>
/// The proxies' admin ports (4191, linkerd-admin): <c>/metrics</c>, <c>/ready</c>, <c>/live</c>, one loopback listener per
/// pod. Scrapes arrive unmeshed (the API server's pod proxy), so they pass the pod's inbound policy on port 4191 like
/// on a real proxy: allowed by default, 403 when a Server selects linkerd-admin without admitting them.
/// </summary>
public sealed class ProxyAdminServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProxyAdminServer(WebApplication app, IReadOnlyDictionary<ProxyState, Uri> uris)
    {
        _app = app;
        Uris = uris;
    }

    /// <summary>Each proxy's admin base URL (what the API server's pod proxy forwards to).</summary>
    public IReadOnlyDictionary<ProxyState, Uri> Uris { get; }

    /// <param name="scraperIp">The address scrapes come from (the control-plane node running the API server).</param>
    public static async Task<ProxyAdminServer> StartAsync(MeshNetwork mesh, IReadOnlyList<ProxyState> proxies, string scraperIp, CancellationToken cancellationToken)
    {
        var byPort = new Dictionary<int, ProxyState>();
        var (app, uris) = await LoopbackHost.StartAsync(
            HttpProtocols.Http1,
            proxies.Count,
            null,
            a => a.Run(ctx => byPort.TryGetValue(ctx.Connection.LocalPort, out var proxy)
                ? ServeAsync(ctx, mesh, proxy, scraperIp)
                : Results.NotFound().ExecuteAsync(ctx)),
            cancellationToken);
        var map = new Dictionary<ProxyState, Uri>();
        for (var i = 0; i < proxies.Count; i++)
        {
            byPort[uris[i].Port] = proxies[i];
            map[proxies[i]] = uris[i];
        }

        return new ProxyAdminServer(app, map);
    }

    private static async Task ServeAsync(HttpContext ctx, MeshNetwork mesh, ProxyState proxy, string scraperIp)
    {
        var started = Clock.StartTimer(mesh.Time);
        var client = new PolicyClient(false, null, scraperIp);
        var decision = PolicyEvaluator.Evaluate(mesh.Policy.Active, proxy.Facts, LinkerdInjector.AdminPort, client, mesh.ControlNamespace, mesh.ClusterDomain);
        var target = new Labels().Add("target_addr", $"0.0.0.0:{LinkerdInjector.AdminPort}").Add("target_ip", "0.0.0.0").Add("target_port", $"{LinkerdInjector.AdminPort}");
        var tls = new TlsLabels(false, null, null).Inbound();
        var server = new Labels()
            .Add("srv_group", decision.Server.Group).Add("srv_kind", decision.Server.Kind).Add("srv_name", decision.Server.Name).Add("srv_port", $"{LinkerdInjector.AdminPort}")
            .Add("route_group", "").Add("route_kind", "default").Add("route_name", "default");
        var authz = new Labels().Add("authz_group", decision.Authorization?.Group ?? "").Add("authz_kind", decision.Authorization?.Kind ?? "").Add("authz_name", decision.Authorization?.Name ?? "");
        var inbound = new Labels().Add("direction", "inbound").AddRange(target).AddRange(tls).AddRange(server).AddRange(authz);
        var metrics = proxy.Metrics;
        metrics.Increment(MetricFamilies.RequestTotal, inbound);
        int status;
        if (!decision.Allowed)
        {
            metrics.Increment(MetricFamilies.AuthzDeny, new Labels().AddRange(target).AddRange(server).AddRange(tls));
            status = StatusCodes.Status403Forbidden;
            ctx.Response.StatusCode = status;
            ctx.Response.Headers[MeshHandler.ProxyErrorHeader] = PolicyDecision.DeniedMessage;
            ctx.Response.ContentLength = 0;
        }
        else
        {
            metrics.Increment(MetricFamilies.AuthzAllow, new Labels().AddRange(target).AddRange(server).AddRange(authz).AddRange(tls));
            (status, var contentType, var body) = ctx.Request.Path.Value switch
            {
                "/metrics" => (200, "text/plain; version=0.0.4", mesh.Options.MalformedMetrics.Contains(proxy.Facts.Deployment)
                    ? metrics.Render() + MeshLayer.MalformedMetricsLine + "\n"
                    : metrics.Render()),
                "/ready" => (200, "text/plain", "ready\n"),
                "/live" => (200, "text/plain", "live\n"),
                _ => (404, "text/plain", "not found\n"),
            };
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = contentType;
            await ctx.Response.WriteAsync(body, ctx.RequestAborted);
        }

        var code = $"{status}";
        metrics.Observe(MetricFamilies.ResponseLatency, inbound.With(("status_code", code)), started.Elapsed.TotalMilliseconds);
        metrics.Increment(MetricFamilies.ResponseTotal, inbound.With(("status_code", code), ("classification", "success"), ("grpc_status", ""), ("error", "")));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
