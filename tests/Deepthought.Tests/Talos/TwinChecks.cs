using System.Text.Json;
using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Storage;
using Deepthought.Checks.Talos;
using Deepthought.Protocols.Profile;
using Deepthought.Tests.Support;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Scenarios;
using k8s;
using k8s.Models;

namespace Deepthought.Tests.Talos;

/// <summary>
/// A twin plus a check engine reaching it the way a run does (probe modules over its talosconfig). Until the twin's
/// Kubernetes API server lands, Nodes come straight from the twin's store (the same objects it would serve).
/// </summary>
public sealed class TwinChecks : IAsyncDisposable
{
    private TwinChecks(DeepthoughtTwin twin, ClusterConnections connections, ObservationCache cache, CheckEngine engine)
    {
        Twin = twin;
        Connections = connections;
        Cache = cache;
        Engine = engine;
    }

    public DeepthoughtTwin Twin { get; }

    public ClusterConnections Connections { get; }

    public ObservationCache Cache { get; }

    public CheckEngine Engine { get; }

    public static async Task<TwinChecks> StartAsync(
        string scenarios = "",
        ClusterProfile? profile = null,
        RunMode mode = RunMode.Audit,
        TimeProvider? checkTime = null,
        TimeSpan? requestTimeout = null)
    {
        profile ??= TalosTestWorld.Profile();
        var twin = await DeepthoughtTwin.StartAsync(profile, ScenarioCatalog.Parse(scenarios),
            new TwinOptions { RequireRealBackends = Backends.Required }, CancellationToken.None);
        // No API server in this twin yet: a client that is never called (Nodes are registered below).
        var kube = new KubernetesClientConfiguration { Host = "https://127.0.0.1:9" };
        var connections = new ClusterConnections
        {
            Target = "twin",
            Kubernetes = new k8s.Kubernetes(kube),
            KubernetesConfiguration = kube,
            KubeconfigPath = Path.Combine(twin.Context.WorkDirectory, "kubeconfig"),
            // As the twin target says: the twin's loopback API server stands in for the profiled endpoint.
            ApiServerStandIn = KubernetesClientConfiguration.BuildConfigFromConfigFile(Path.Combine(twin.Context.WorkDirectory, "kubeconfig")).Host,
            KubeContext = "",
            TalosconfigPath = twin.TalosconfigPath,
            TalosEndpoints = twin.TalosEndpoints, // the twin's talosconfig has none, as `talosctl gen config` writes it
            TalosContext = mode == RunMode.Audit ? $"{profile.Name}-reader" : profile.Name,
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(10),
        };
        var cache = ProbeModules.RegisterAll(new ObservationCache(), connections);
        cache.Register(_ => Task.FromResult(new NodesObservation(twin.Context.Store.List("v1", "Node")
            .Select(n => KubernetesJson.Deserialize<V1Node>(n.ToJsonString(JsonSerializerOptions.Default)))
            .ToList())));
        var context = new CheckContext(profile, mode, checkTime ?? TimeProvider.System, cache);
        var engine = new CheckEngine(CheckCatalog.All.Where(c => Ours(c) || c.Id is TalosCheckIds.KubernetesApi or "talos.node-os-image"), context, TimeSpan.FromSeconds(60));
        return new TwinChecks(twin, connections, cache, engine);
    }

    /// <summary>The checks this work package owns (Talos API, etcd, disks).</summary>
    public static bool Ours(ICheck check) =>
        check.Phase == Phase.Etcd || check.Id is TalosCheckIds.ApiReachable or TalosCheckIds.ServicesHealthy or TalosCheckIds.TalosconfigCertificates
            or TalosCheckIds.KubeconfigContext or TalosCheckIds.Version or StorageCheckIds.DataDisksClean or StorageCheckIds.NodeDisks;

    public Task<CheckResult> RunAsync(string checkId) => Engine.EvaluateAsync(checkId, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Connections.Dispose();
        await Twin.DisposeAsync();
    }
}
