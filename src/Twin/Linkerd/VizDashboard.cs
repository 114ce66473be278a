using System.Net;
using System.Text.RegularExpressions;
using Deepthought.Twin.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Deepthought.Twin.Linkerd;

/// <summary>
/// A tiny stand-in for the linkerd-viz dashboard (service web, port 8084) on 127.0.0.1: the index page, and the
/// dashboard's DNS-rebinding guard — a Host outside its enforced regex gets 400 with the upstream wording.
/// </summary>
public sealed partial class VizDashboard : IAsyncDisposable
{
    private readonly WebApplication _app;

    private VizDashboard(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<VizDashboard> StartAsync(CancellationToken cancellationToken)
    {
        var (app, uris) = await LoopbackHost.StartAsync(HttpProtocols.Http1AndHttp2, 1, null, a => a.Run(Handle), cancellationToken);
        return new VizDashboard(app, uris[0]);
    }

    private static Task Handle(HttpContext http)
    {
        var host = http.Request.Host.Value ?? "";
        if (!EnforcedHost().IsMatch(host))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            http.Response.ContentType = "text/plain; charset=utf-8";
            return http.Response.WriteAsync(
                $"It appears that you are trying to reach this service with a host of '{WebUtility.HtmlEncode(host)}'.\n" +
                $"This does not match /{EnforcedHost()}/ and has been denied for security reasons.\n" +
                "Please see https://linkerd.io/dns-rebinding for an explanation of what is happening and how to fix it.\n");
        }

        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync("<!DOCTYPE html><html><head><title>Linkerd</title></head><body><div class=\"main\" id=\"main\" data-release-version=\"edge-25.6.4\" data-controller-namespace=\"linkerd\" data-uuid=\"\"></div></body></html>\n");
    }

    // The viz chart's default enforcedHostRegexp.
    [GeneratedRegex(@"^(localhost|127\.0\.0\.1|web\.linkerd-viz\.svc\.cluster\.local|web\.linkerd-viz\.svc|\[::1\])(:\d+)?$")]
    private static partial Regex EnforcedHost();

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
