using System.Collections.Concurrent;
using Deepthought.Checks.Probes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Deepthought.Tests.Reports;

/// <summary>
/// A tiny Kubernetes API stand-in on 127.0.0.1 (ephemeral port, plain HTTP) that answers fixed JSON per path and logs
/// every request, so evidence collection can be tested for what it reads and that it never writes.
/// </summary>
internal sealed class LoopbackApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackApi(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<LoopbackApi> StartAsync(IReadOnlyDictionary<string, (int Status, string Json)> answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        LoopbackApi? api = null;
        app.Run(async http =>
        {
            api!.Requests.Enqueue($"{http.Request.Method} {http.Request.Path}");
            var (status, json) = answers.TryGetValue(http.Request.Path.Value ?? "", out var a)
                ? a
                : (404, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}""");
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(json);
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api = new LoopbackApi(app, url);
        return api;
    }

    public ClusterConnections Connections()
    {
        var config = new KubernetesClientConfiguration { Host = Url };
        return new ClusterConnections
        {
            Target = "loopback",
            Kubernetes = new k8s.Kubernetes(config),
            KubernetesConfiguration = config,
            KubeconfigPath = "(in memory)",
            KubeContext = "loopback",
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
