using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Mesh;

/// <summary>
/// Starts the twin's Linkerd data plane: provides <see cref="ITwinNetwork"/> (and the concrete <see cref="MeshNetwork"/>)
/// to later components, and serves every injected pod's proxy admin port through the API server's pod proxy
/// (<c>pods/&lt;pod&gt;:4191/proxy/metrics</c>, also by port name linkerd-admin).
/// </summary>
[TwinScenario(PlaintextEdgeScenario, "web → voting traffic is plaintext (tls=\"no_identity\") although both pods look meshed")]
[TwinScenario(MalformedMetricsScenario, "the voting pods' proxies serve /metrics with a malformed line (a sample without a value)")]
[TwinScenario(SlowPropagationScenario, "policy changes reach the proxies only after 10 minutes, beyond the acceptance wait budget")]
public sealed class MeshLayer : ITwinComponent
{
    public const string PlaintextEdgeScenario = "plaintext-edge";

    public const string SlowPropagationScenario = "policy-propagation-slow";

    public const string MalformedMetricsScenario = "proxy-metrics-malformed";

    /// <summary>The raw line the <see cref="MalformedMetricsScenario"/> appends to the voting proxies' /metrics.</summary>
    public const string MalformedMetricsLine = "inbound_http_authz_allow_total{direction=\"inbound\"}";

    /// <summary>How long a policy change takes in a healthy twin.</summary>
    public static readonly TimeSpan DefaultPropagationDelay = TimeSpan.FromSeconds(1.5);

    private readonly ConcurrentBag<ProxyAdminServer> _admins = [];
    private readonly CancellationTokenSource _stopping = new();
    private TwinContext? _context;
    private MeshNetwork? _mesh;

    public int Order => 150;

    public async Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        _context = context;
        var budget = TimeSpan.FromSeconds(context.Profile.Policy.PropagationBudgetSeconds);
        var options = new MeshOptions
        {
            PropagationDelay = context.Scenarios.Has(SlowPropagationScenario)
                ? TimeSpan.FromMinutes(10) > budget * 2 ? TimeSpan.FromMinutes(10) : budget * 4
                : DefaultPropagationDelay,
            PlaintextEdges = context.Scenarios.Has(PlaintextEdgeScenario)
                ? new HashSet<(string, string)> { ("web", "voting") }
                : new HashSet<(string, string)>(),
            MalformedMetrics = context.Scenarios.Has(MalformedMetricsScenario)
                ? new HashSet<string> { "voting" }
                : new HashSet<string>(),
        };
        _mesh = new MeshNetwork(context, options);
        context.Provide<ITwinNetwork>(_mesh);
        context.Provide(_mesh);

        var injected = context.Store.List("v1", "Pod").Where(IsInjected).ToList();
        await ServeAdminAsync(injected, cancellationToken);
        context.Store.Changed += OnStoreChanged;
    }

    private static bool IsInjected(JsonObject pod) =>
        (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>().Any(c => (string?)c["name"] == LinkerdInjector.ProxyContainer) ?? false;

    private async Task ServeAdminAsync(IReadOnlyList<JsonObject> pods, CancellationToken cancellationToken)
    {
        var context = _context!;
        var proxies = pods
            .Select(p => PodFacts.FromObject(p, null))
            .Where(f => context.Proxies.Find("pods", f.Namespace, f.Name, $"{LinkerdInjector.AdminPort}") is null)
            .Select(f => _mesh!.ProxyFor(new WorkloadIdentity(f.Namespace, f.Name, f.ServiceAccount, Meshed: true)))
            .ToList();
        if (proxies.Count == 0)
        {
            return;
        }

        var scraper = context.Profile.ControlPlanes.FirstOrDefault()?.Ip ?? "10.0.0.1";
        var admin = await ProxyAdminServer.StartAsync(_mesh!, proxies, scraper, cancellationToken);
        _admins.Add(admin);
        foreach (var (proxy, uri) in admin.Uris)
        {
            context.Proxies.Register("pods", proxy.Pod.Namespace, proxy.Pod.Pod, $"{LinkerdInjector.AdminPort}", uri);
            context.Proxies.Register("pods", proxy.Pod.Namespace, proxy.Pod.Pod, "linkerd-admin", uri);
        }
    }

    private void OnStoreChanged(StoreChange change)
    {
        if (change.Resource is not { Group: "", Kind: "Pod" })
        {
            return;
        }

        var meta = change.Object["metadata"]!;
        if (change.Type == ChangeType.Deleted)
        {
            _context!.Proxies.Unregister("pods", (string)meta["namespace"]!, (string)meta["name"]!, $"{LinkerdInjector.AdminPort}");
            _context.Proxies.Unregister("pods", (string)meta["namespace"]!, (string)meta["name"]!, "linkerd-admin");
            return;
        }

        if (change.Type == ChangeType.Added && IsInjected(change.Object))
        {
            // A pod created later (a rollout, a probe pod): start its admin port off the store's lock.
            var pod = change.Object;
            _ = Task.Run(async () =>
            {
                try
                {
                    await ServeAdminAsync([pod], _stopping.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _context!.Notices.Enqueue($"mesh: no admin port for pod {meta["namespace"]}/{meta["name"]}: {e.Message}");
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            _context.Store.Changed -= OnStoreChanged;
        }

        await _stopping.CancelAsync();
        foreach (var admin in _admins)
        {
            await admin.DisposeAsync();
        }

        _mesh?.Dispose();
        _stopping.Dispose();
    }
}
