using Deepthought.Twin.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Deepthought.Twin.Ceph;

/// <summary>Serves scripted mgr metrics on 127.0.0.1:&lt;free port&gt;/metrics when no real mgr runs.</summary>
internal sealed class CephMetricsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CephMetricsServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<CephMetricsServer> StartAsync(Func<string> render, CancellationToken cancellationToken)
    {
        var (app, uris) = await LoopbackHost.StartAsync(
            HttpProtocols.Http1AndHttp2, 1, null, a => a.MapGet("/metrics", () => Results.Text(render(), "text/plain; version=0.0.4; charset=utf-8")), cancellationToken);
        return new CephMetricsServer(app, new Uri(uris[0], "/metrics"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
