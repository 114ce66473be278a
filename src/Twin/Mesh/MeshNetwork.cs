using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Deepthought.Protocols.Profile;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Mesh.Policy;

namespace Deepthought.Twin.Mesh;

/// <summary>Knobs of the twin's mesh (set from the scenarios by <see cref="MeshLayer"/>, or by tests).</summary>
public sealed record MeshOptions
{
    /// <summary>How long a policy change takes to reach the proxies.</summary>
    public TimeSpan PropagationDelay { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Deployment pairs (client → server) whose proxies talk plaintext although both are meshed.</summary>
    public IReadOnlySet<(string From, string To)> PlaintextEdges { get; init; } = new HashSet<(string, string)>();

    /// <summary>Deployments whose proxies' /metrics end with a line that is not Prometheus text (empty: none).</summary>
    public IReadOnlySet<string> MalformedMetrics { get; init; } = new HashSet<string>();
}

/// <summary>
/// The twin's pod network with Linkerd in it (<see cref="ITwinNetwork"/>): Services resolve by cluster DNS to the
/// registered endpoints; meshed pods get a proxy whose metrics count the traffic they really carried, and whose
/// inbound side enforces the policy.linkerd.io objects in the store. A probe pod's gRPC call (e.g.
/// /emojivoto.v1.VotingService/VoteDog) is <c>GrpcChannel.ForAddress("http://voting-svc.emojivoto:8080",
/// new() { HttpClient = network.ClientFor(identity) })</c>, or <see cref="MeshGrpcProbe"/> without generated types.
/// </summary>
public sealed class MeshNetwork : ITwinNetwork, IDisposable
{
    private readonly TwinContext _context;
    private readonly ConcurrentDictionary<ServiceKey, ImmutableList<MeshEndpoint>> _services = new();
    private readonly ConcurrentDictionary<ServiceKey, int> _roundRobin = new();
    private readonly ConcurrentDictionary<string, ProxyState> _proxies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PodFacts> _pods = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string From, MeshEndpoint To), MeshEdge> _edges = new();

    public MeshNetwork(TwinContext context, MeshOptions options)
    {
        _context = context;
        Options = options;
        ControlNamespace = context.Profile.Mesh.Linkerd.Namespace;
        ClusterDomain = context.Profile.Mesh.Linkerd.TrustDomain;
        Policy = new PolicyEngine(context.Store, context.Time, options.PropagationDelay);
        context.Store.Changed += OnStoreChanged;
    }

    public MeshOptions Options { get; }

    public PolicyEngine Policy { get; }

    public string ControlNamespace { get; }

    /// <summary>The cluster DNS domain, which is also Linkerd's trust domain here (cluster.local).</summary>
    public string ClusterDomain { get; }

    /// <summary>The proxies the mesh has started (meshed pods that sent or served traffic, or were seeded meshed).</summary>
    public IReadOnlyCollection<ProxyState> Proxies => _proxies.Values.ToList();

    public HttpClient ClientFor(WorkloadIdentity? from) =>
        new(new MeshHandler(this, from), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) };

    public void RegisterEndpoint(WorkloadIdentity pod, string service, int port, Uri target)
    {
        if (!target.IsLoopback)
        {
            throw new ArgumentException($"twin endpoints listen on loopback only, got {target}", nameof(target));
        }

        var key = new ServiceKey(pod.Namespace, service, port);
        var endpoint = new MeshEndpoint(pod, key, TargetPort(key, pod), target);
        _services.AddOrUpdate(key, [endpoint], (_, list) => list.RemoveAll(e => e.Pod.Pod == pod.Pod).Add(endpoint));
        if (pod.Meshed)
        {
            ProxyFor(pod);
        }
    }

    /// <summary>The endpoints registered for a Service port.</summary>
    public IReadOnlyList<MeshEndpoint> Endpoints(string ns, string service, int port) =>
        _services.TryGetValue(new ServiceKey(ns, service, port), out var list) ? list : [];

    /// <summary>The proxy of a meshed pod, started on first use.</summary>
    public ProxyState ProxyFor(WorkloadIdentity pod)
    {
        if (!pod.Meshed)
        {
            throw new InvalidOperationException($"pod {pod.Namespace}/{pod.Pod} is not meshed: it has no proxy");
        }

        return _proxies.GetOrAdd($"{pod.Namespace}/{pod.Pod}", _ => new ProxyState(pod, Facts(pod), pod.LinkerdIdentity(ControlNamespace, ClusterDomain), _context.Time.GetUtcNow()));
    }

    public ProxyState? FindProxy(string ns, string pod) => _proxies.GetValueOrDefault($"{ns}/{pod}");

    /// <summary>What the pod's admin port serves at /metrics (empty when the pod has no proxy).</summary>
    public string MetricsText(string ns, string pod) => FindProxy(ns, pod)?.Metrics.Render() ?? "";

    internal MeshEndpoint Resolve(Uri uri, WorkloadIdentity? from)
    {
        var key = ServiceAddress.Parse(uri, from?.Namespace, ClusterDomain);
        if (key is null || !_services.TryGetValue(key, out var endpoints) || endpoints.Count == 0)
        {
            var known = string.Join(", ", _services.Where(kv => !kv.Value.IsEmpty).Select(kv => kv.Key.ToString()).Order(StringComparer.Ordinal));
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"twin network: no endpoints for {uri.Authority} (known services: {known})");
        }

        var next = _roundRobin.AddOrUpdate(key, 0, (_, n) => n + 1);
        return endpoints[(int)((uint)next % (uint)endpoints.Count)];
    }

    internal MeshEdge EdgeFor(WorkloadIdentity? from, MeshEndpoint to) =>
        _edges.GetOrAdd((from is null ? "" : $"{from.Namespace}/{from.Pod}/{from.ServiceAccount}/{from.Meshed}", to), _ => NewEdge(from, to));

    private MeshEdge NewEdge(WorkloadIdentity? from, MeshEndpoint to)
    {
        var caller = from is { Meshed: true } ? ProxyFor(from) : null;
        var callee = to.Pod.Meshed ? ProxyFor(to.Pod) : null;
        var callerFacts = from is null ? PodFacts.Unknown("", "", "") : Facts(from);
        var calleeFacts = Facts(to.Pod);
        var plaintext = Options.PlaintextEdges.Contains((callerFacts.Deployment, calleeFacts.Deployment));
        var tls = caller is not null && callee is not null && !plaintext
            ? new TlsLabels(true, caller.Identity, callee.Identity)
            : new TlsLabels(false, null, null);
        return new MeshEdge(to, caller, callee, callerFacts, calleeFacts, tls, ClusterDomain);
    }

    internal PodFacts Facts(WorkloadIdentity pod) =>
        _pods.GetOrAdd($"{pod.Namespace}/{pod.Pod}", _ =>
        {
            var obj = _context.Store.Get("v1", "Pod", pod.Namespace, pod.Pod);
            return obj is null
                ? PodFacts.Unknown(pod.Namespace, pod.Pod, pod.ServiceAccount)
                : PodFacts.FromObject(obj, _context.Store.Get("v1", "Namespace", null, pod.Namespace));
        });

    /// <summary>The pod's container port behind a Service port (targetPort by number or by name).</summary>
    private int TargetPort(ServiceKey key, WorkloadIdentity pod)
    {
        var svc = _context.Store.Get("v1", "Service", key.Namespace, key.Service);
        var port = (svc?["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(p => (int?)p["port"] == key.Port);
        return port?["targetPort"] switch
        {
            JsonValue v when v.TryGetValue<int>(out var n) => n,
            JsonValue v when v.TryGetValue<string>(out var name) => Facts(pod).NamedPorts.GetValueOrDefault(name, key.Port),
            _ => key.Port,
        };
    }

    private void OnStoreChanged(StoreChange change)
    {
        // Pods are re-read on their next use; a running proxy keeps the settings it started with.
        if (change.Resource is { Group: "", Kind: "Pod" })
        {
            var meta = change.Object["metadata"];
            _pods.TryRemove($"{meta?["namespace"]}/{meta?["name"]}", out _);
        }
    }

    public void Dispose()
    {
        _context.Store.Changed -= OnStoreChanged;
        Policy.Dispose();
        foreach (var edge in _edges.Values)
        {
            edge.Dispose();
        }

        _edges.Clear();
    }
}
