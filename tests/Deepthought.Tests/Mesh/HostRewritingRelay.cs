using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deepthought.Tests.Mesh;

/// <summary>
/// A loopback relay that forwards GETs to a target with another Host header — what the API server's service proxy
/// does when it dials a pod IP — so the dashboard's Host check can be seen from the harness's side.
/// </summary>
internal sealed class HostRewritingRelay : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private HostRewritingRelay(WebApplication app, HttpClient http, Uri address)
    {
        _app = app;
        _http = http;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<HostRewritingRelay> StartAsync(Uri target, string host)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async ctx =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(target, ctx.Request.Path.Value?.TrimStart('/') ?? ""));
            request.Headers.Host = host;
            using var response = await http.SendAsync(request, ctx.RequestAborted);
            ctx.Response.StatusCode = (int)response.StatusCode;
            await ctx.Response.WriteAsync(await response.Content.ReadAsStringAsync(ctx.RequestAborted), ctx.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HostRewritingRelay(app, http, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
