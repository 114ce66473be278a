using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Net;

namespace Deepthought.Twin.Hosting;

/// <summary>Starts a Kestrel app on 127.0.0.1 ephemeral ports (one per listener), quiet, for the twin's workloads and proxies.</summary>
public static class LoopbackHost
{
    /// <summary>Builds and starts the app; returns it with the base URI of each listener, in order.</summary>
    public static async Task<(WebApplication App, IReadOnlyList<Uri> Uris)> StartAsync(
        HttpProtocols protocols,
        int listeners,
        Action<WebApplicationBuilder>? services,
        Action<WebApplication> routes,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            for (var i = 0; i < listeners; i++)
            {
                k.Listen(IPAddress.Loopback, 0, o => o.Protocols = protocols);
            }
        });
        services?.Invoke(builder);
        var app = builder.Build();
        routes(app);
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return (app, addresses.Select(a => new Uri(a.EndsWith('/') ? a : a + "/")).ToList());
    }
}
