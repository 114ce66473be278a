using System.Text.Json.Nodes;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Mesh;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Deepthought.Twin.Emojivoto;

/// <summary>
/// Runs emojivoto for real on loopback: emoji-svc and voting-svc (gRPC, h2c), web (HTTP/1.1) calling them through
/// the mesh as the web pod, and vote-bot voting through web-svc every second on the twin's clock. Each server is
/// registered with <see cref="ITwinNetwork"/> as its pod's Service endpoint. Provided to tests and other components.
/// </summary>
public sealed class EmojivotoWorkloads : ITwinComponent
{
    /// <summary>Rounds the bot votes while the twin starts, so the mesh has carried web→emoji and web→voting traffic.</summary>
    public const int WarmUpRounds = 4;

    private readonly List<WebApplication> _apps = [];
    private WebApi? _web;

    public int Order => 250;

    public VotingState Votes { get; } = new();

    public VoteBot Bot { get; private set; } = null!;

    /// <summary>The identity each deployment's pod runs with (from the seeded pods).</summary>
    public IReadOnlyDictionary<string, WorkloadIdentity> Pods { get; private set; } = new Dictionary<string, WorkloadIdentity>();

    /// <summary>Runs vote-bot rounds now (each: web /api/list, then a vote), for tests and probes that need traffic.</summary>
    public Task<IReadOnlyList<VoteRound>> GenerateTrafficAsync(int rounds, CancellationToken cancellationToken) =>
        Bot.GenerateTrafficAsync(rounds, cancellationToken);

    public async Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        var network = context.Find<ITwinNetwork>() ?? throw new InvalidOperationException("emojivoto needs the mesh layer (ITwinNetwork) started first");
        Pods = EmojivotoApp.Deployments.ToDictionary(d => d.Name, d => Identity(context, d));

        var emoji = await StartGrpcAsync(s => s.AddSingleton<EmojiServer>(), a => a.MapGrpcService<EmojiServer>(), cancellationToken);
        var voting = await StartGrpcAsync(
            s =>
            {
                s.AddSingleton(Votes);
                s.AddSingleton<VotingServer>();
                s.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<VotingServer>, VotingMethodProvider>());
            },
            a => a.MapGrpcService<VotingServer>(),
            cancellationToken);

        var webDeployment = EmojivotoApp.Deployment("web");
        _web = new WebApi(network.ClientFor(Pods["web"]), webDeployment.Env("EMOJISVC_HOST"), webDeployment.Env("VOTINGSVC_HOST"));
        var (webApp, webUris) = await LoopbackHost.StartAsync(HttpProtocols.Http1, 1, null, a => WebPages.Map(a, _web), cancellationToken);
        _apps.Add(webApp);

        network.RegisterEndpoint(Pods["emoji"], "emoji-svc", 8080, emoji);
        network.RegisterEndpoint(Pods["voting"], "voting-svc", 8080, voting);
        network.RegisterEndpoint(Pods["web"], "web-svc", 80, webUris[0]);

        // The API server's service proxy (services/web-svc:80/proxy/) dials web's pod; web's inbound admits it (default policy).
        context.Proxies.Register("services", "emojivoto", "web-svc", "80", webUris[0]);
        context.Proxies.Register("services", "emojivoto", "web-svc", "http", webUris[0]);

        var bot = EmojivotoApp.Deployment("vote-bot");
        Bot = new VoteBot(network.ClientFor(Pods["vote-bot"]), bot.Env("WEB_HOST"), context.Time, TimeSpan.FromSeconds(1));
        await Bot.GenerateTrafficAsync(WarmUpRounds, cancellationToken);
        Bot.Start();
        context.Provide(this);
    }

    private async Task<Uri> StartGrpcAsync(Action<IServiceCollection> services, Action<WebApplication> map, CancellationToken cancellationToken)
    {
        var (app, uris) = await LoopbackHost.StartAsync(
            HttpProtocols.Http2,
            1,
            b =>
            {
                b.Services.AddGrpc();
                services(b.Services);
            },
            map,
            cancellationToken);
        _apps.Add(app);
        return uris[0];
    }

    /// <summary>The deployment's pod as seeded: name, service account, meshed when the proxy was injected.</summary>
    private static WorkloadIdentity Identity(TwinContext context, EmojivotoDeployment d)
    {
        var pod = context.Store.List("v1", "Pod", EmojivotoApp.Namespace)
            .FirstOrDefault(p => (string?)p["metadata"]?["labels"]?["app"] == d.App);
        if (pod is null)
        {
            return new WorkloadIdentity(EmojivotoApp.Namespace, EmojivotoObjects.PodName(d), d.EffectiveServiceAccount, Meshed: true);
        }

        var meshed = (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>().Any(c => (string?)c["name"] == LinkerdInjector.ProxyContainer) ?? false;
        return new WorkloadIdentity(EmojivotoApp.Namespace, (string)pod["metadata"]!["name"]!, (string?)pod["spec"]?["serviceAccountName"] ?? "default", meshed);
    }

    public async ValueTask DisposeAsync()
    {
        if (Bot is not null)
        {
            await Bot.DisposeAsync();
        }

        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        _web?.Dispose();
    }
}
