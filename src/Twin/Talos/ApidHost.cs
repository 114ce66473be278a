using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deepthought.Twin.Talos;

/// <summary>
/// One Kestrel server with one HTTP/2-only loopback listener per node whose apid is up (its own ephemeral port, its
/// own server certificate), each wrapped by <see cref="ApidTlsMiddleware"/>; machined and COSI behind them.
/// </summary>
public sealed class ApidHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApidHost(WebApplication app) => _app = app;

    public static async Task<ApidHost> StartAsync(ApidCluster cluster, Action<string> log, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 32 * 1024 * 1024);
        builder.Services.AddSingleton(cluster);
        builder.Services.AddSingleton<ApidRouter>();
        var listeners = new List<(TwinNode Node, ListenOptions Options)>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var node in cluster.Nodes.Where(n => !n.ApidDown))
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    var tls = new ApidTlsMiddleware(node, cluster, log);
                    listen.Use(next => connection => tls.InvokeAsync(connection, next));
                    listeners.Add((node, listen));
                });
            }
        });
        var app = builder.Build();
        app.MapGrpcService<MachineServiceImpl>();
        app.MapGrpcService<CosiStateImpl>();
        await app.StartAsync(cancellationToken);
        foreach (var (node, options) in listeners)
        {
            node.Port = options.IPEndPoint?.Port ?? throw new InvalidOperationException($"apid {node.Name}: Kestrel reported no bound port");
        }

        return new ApidHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
