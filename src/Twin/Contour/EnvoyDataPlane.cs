using System.Globalization;
using Deepthought.Protocols;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Deepthought.Twin.Contour;

/// <summary>
/// The twin's Envoy for one Gateway: plain HTTP on 127.0.0.1 (ephemeral port), routing each request by the
/// HTTPRoutes stored in the twin at that moment, to the backend Service through the mesh network as an unmeshed
/// client (Contour's Envoy is not injected). Answers as Envoy does when it cannot route: 404 without a route, 500 for
/// an invalid backend, 503 when the upstream cannot be reached.
/// </summary>
internal sealed class EnvoyDataPlane : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "TE", "Trailer", "Host",
    };

    private readonly WebApplication _app;

    private EnvoyDataPlane(WebApplication app, int port, int nodePort)
    {
        _app = app;
        Port = port;
        NodePort = nodePort;
    }

    /// <summary>The listener behind the Envoy Service's port (the twin cannot bind 80).</summary>
    public int Port { get; }

    /// <summary>The listener kube-proxy would open for the Service's nodePort on every node (the twin's nodes are 127.0.0.1).</summary>
    public int NodePort { get; }

    public static async Task<EnvoyDataPlane> StartAsync(TwinContext twin, string gatewayNamespace, string gatewayName, CancellationToken cancellationToken)
    {
        var (app, uris) = await LoopbackHost.StartAsync(HttpProtocols.Http1AndHttp2, 2, null, a => a.Run(http => HandleAsync(http, twin, gatewayNamespace, gatewayName)), cancellationToken);
        return new EnvoyDataPlane(app, uris[0].Port, uris[1].Port);
    }

    private static async Task HandleAsync(HttpContext http, TwinContext twin, string gatewayNamespace, string gatewayName)
    {
        http.Response.Headers["server"] = "envoy";
        var gatewayObject = twin.Store.Get(TwinKinds.Gateway, gatewayNamespace, gatewayName);
        if (gatewayObject is null)
        {
            await Answer(http, 404, "");
            return;
        }

        var gateway = GatewayInfo.From(gatewayObject);
        var routes = twin.Store.List(TwinKinds.HttpRoute).Select(HttpRouteInfo.From);
        var decision = RouteTable.Decide(gateway, routes, http.Request.Host.Host, http.Request.Path.Value ?? "/");
        if (decision.Backend is null)
        {
            await Answer(http, decision.Status, "");
            return;
        }

        if (twin.Find<ITwinNetwork>() is not { } network)
        {
            await Answer(http, 503, "no healthy upstream");
            return;
        }

        var b = decision.Backend;
        var port = b.Port ?? 80;
        var target = new Uri($"http://{b.Name}.{b.Namespace}.svc.cluster.local:{port.ToString(CultureInfo.InvariantCulture)}{http.Request.Path}{http.Request.QueryString}");
        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), target);
        foreach (var (name, values) in http.Request.Headers)
        {
            if (!HopByHop.Contains(name) && !name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        request.Headers.TryAddWithoutValidation("x-forwarded-for", http.Connection.RemoteIpAddress?.ToString());
        request.Headers.TryAddWithoutValidation("x-envoy-external-address", http.Connection.RemoteIpAddress?.ToString());
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(http.Request.Body);
            if (http.Request.ContentType is { } ct)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ct);
            }
        }

        var clock = Clock.StartTimer(twin.Time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(15)); // Contour's default upstream response timeout is 15 s
        HttpResponseMessage response;
        try
        {
            response = await network.ClientFor(null).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (HttpRequestException)
        {
            await Answer(http, 503, "upstream connect error or disconnect/reset before headers. reset reason: connection failure");
            return;
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            await Answer(http, 504, "upstream request timeout");
            return;
        }

        using (response)
        {
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(name))
                {
                    http.Response.Headers[name] = values.ToArray();
                }
            }

            http.Response.Headers["server"] = "envoy";
            http.Response.Headers["x-envoy-upstream-service-time"] = clock.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture);
            await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
    }

    private static Task Answer(HttpContext http, int status, string body)
    {
        http.Response.StatusCode = status;
        if (body.Length == 0)
        {
            return Task.CompletedTask;
        }

        http.Response.ContentType = "text/plain";
        return http.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
