using System.Text.Json.Nodes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Storage;
using Deepthought.Protocols;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.Rook;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using k8s;
using k8s.Models;

namespace Deepthought.Tests.Storage;

/// <summary>
/// Builds the Storage checks' observations straight from a twin's object store and its registered proxy targets
/// (the mgr's real metrics endpoint), with the same selectors the probes send — for tests that run before the
/// twin's Kubernetes API server is available. The Helm releases go through the probe's own metadata-only parser.
/// </summary>
public static class TwinObservations
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static ObservationCache From(TwinContext twin) => From(twin.Store, twin.Proxies);

    public static ObservationCache From(KubeStore store, ProxyRegistry proxies)
    {
        var cache = new ObservationCache();
        cache.Register(_ => Task.FromResult(new NodesObservation(Typed<V1Node>(store.List("v1", "Node")))));
        cache.Register(_ => Task.FromResult(new NamespacesObservation(Typed<V1Namespace>(store.List("v1", "Namespace")))));
        string[] apps = ["rook-ceph-osd", "rook-ceph-mon", "rook-ceph-mgr"];
        cache.Register(_ => Task.FromResult(new RookPodsObservation(Typed<V1Pod>(store.List("v1", "Pod").Where(p => apps.Contains(Label(p, "app")))))));
        cache.Register(_ => Task.FromResult(new RookOperatorObservation(Typed<V1Deployment>(store.List("apps/v1", "Deployment").Where(d => (string?)d["metadata"]!["name"] == "rook-ceph-operator")))));
        cache.Register(_ => Task.FromResult(new DaemonSetsObservation(Typed<V1DaemonSet>(store.List("apps/v1", "DaemonSet")))));
        cache.Register(_ => Task.FromResult(new CephClustersObservation(CephClusters(store))));
        cache.Register(_ => Task.FromResult(HelmReleasesSource.Of(HelmReleasesProbe.Parse(MetadataList(store.List("v1", "Secret").Where(s => Label(s, "owner") == "helm"))).Items)));
        cache.Register(async ct =>
        {
            var byNamespace = new Dictionary<string, PrometheusScrape>(StringComparer.Ordinal);
            foreach (var ns in CephClusters(store).Select(c => c.Namespace).Distinct())
            {
                var target = proxies.Find("services", ns, "rook-ceph-mgr", "http-metrics")
                    ?? throw new ProbeException($"no endpoints available for service \"rook-ceph-mgr:http-metrics\" in {ns}");
                byNamespace[ns] = PrometheusText.Parse(await Http.GetStringAsync(new Uri(target, "metrics"), ct));
            }

            return new CephMgrMetricsObservation(byNamespace);
        });
        return cache;
    }

    /// <summary>Runs checks over a twin's observations, as the engine does in a run.</summary>
    public static Task<IReadOnlyList<CheckResult>> RunAsync(TwinContext twin, IEnumerable<ICheck> checks, TimeProvider? time = null) =>
        new CheckEngine(checks, new CheckContext(twin.Profile, RunMode.Audit, time ?? TimeProvider.System, From(twin))).RunAsync([Phase.Storage], CancellationToken.None);

    public static IReadOnlyList<CephClusterView> CephClusters(KubeStore store) =>
        store.FindByKind("ceph.rook.io/v1", "CephCluster") is { } type ? store.List(type).Select(CephClusterView.Read).ToList() : [];

    private static List<T> Typed<T>(IEnumerable<JsonObject> objects) => objects.Select(o => KubernetesJson.Deserialize<T>(o.ToJsonString())).ToList();

    private static string? Label(JsonObject o, string key) => (string?)o["metadata"]?["labels"]?[key];

    // What the API server answers for Accept: ...;as=PartialObjectMetadataList: metadata only, no data.
    private static string MetadataList(IEnumerable<JsonObject> secrets) => new JsonObject
    {
        ["kind"] = "PartialObjectMetadataList",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["items"] = new JsonArray(secrets.Select(s => (JsonNode)new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = s["metadata"]!.DeepClone(),
        }).ToArray()),
    }.ToJsonString();
}
