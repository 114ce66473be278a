using System.Text.Json;
using System.Text.Json.Nodes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.Rook;
using k8s;
using k8s.Models;

namespace Deepthought.Checks.Storage;

/// <summary>Rook's daemon pods (mons, mgr, OSDs) in every namespace: one LIST with a set-based label selector.</summary>
public sealed record RookPodsObservation(IReadOnlyList<V1Pod> Items)
{
    public IEnumerable<V1Pod> In(string ns, string app) =>
        Items.Where(p => p.Metadata.NamespaceProperty == ns && p.Metadata.Labels?.TryGetValue("app", out var a) == true && a == app);
}

/// <summary>Deployments named rook-ceph-operator, wherever the operator chart put them (one LIST by field selector).</summary>
public sealed record RookOperatorObservation(IReadOnlyList<V1Deployment> Items);

/// <summary>All CephClusters (one LIST of the custom resource).</summary>
public sealed record CephClustersObservation(IReadOnlyList<CephClusterView> Items)
{
    public CephClusterView? Find(string ns, string name) => Items.FirstOrDefault(c => c.Namespace == ns && c.Name == name);
}

/// <summary>The mgr's Prometheus metrics of each CephCluster's namespace, read through the API server's service proxy.</summary>
public sealed record CephMgrMetricsObservation(IReadOnlyDictionary<string, PrometheusScrape> ByNamespace)
{
    public PrometheusScrape? In(string ns) => ByNamespace.TryGetValue(ns, out var m) ? m : null;
}

/// <summary>The Storage phase's probes.</summary>
public sealed class StorageProbes : IProbeModule
{
    public const string DaemonSelector = "app in (rook-ceph-osd,rook-ceph-mon,rook-ceph-mgr)";
    public const string MgrMetricsService = "rook-ceph-mgr:http-metrics";

    private const int MgrRetries = 5;

    public void Register(ObservationCache cache, ClusterConnections connections)
    {
        var k = connections.Kubernetes;
        cache.Register(async ct => new RookPodsObservation((await KubeCall.RunAsync(connections, "list Rook daemon pods",
            t => k.CoreV1.ListPodForAllNamespacesAsync(labelSelector: DaemonSelector, cancellationToken: t), ct)).Items.ToList()));
        cache.Register(async ct => new RookOperatorObservation((await KubeCall.RunAsync(connections, "list the rook-ceph-operator deployment",
            t => k.AppsV1.ListDeploymentForAllNamespacesAsync(fieldSelector: "metadata.name=rook-ceph-operator", cancellationToken: t), ct)).Items.ToList()));
        cache.Register(async ct => new CephClustersObservation(ReadCephClusters(await KubeCall.RunAsync(connections, "list CephClusters",
            t => k.CustomObjects.ListClusterCustomObjectAsync("ceph.rook.io", "v1", "cephclusters", cancellationToken: t), ct))));
        cache.Register(async ct =>
        {
            var clusters = await cache.GetAsync<CephClustersObservation>(ct);
            var byNamespace = new Dictionary<string, PrometheusScrape>(StringComparer.Ordinal);
            foreach (var ns in clusters.Items.Select(c => c.Namespace).Distinct())
            {
                byNamespace[ns] = await ScrapeAsync(connections, ns, ct);
            }

            return new CephMgrMetricsObservation(byNamespace);
        });
    }

    public static IReadOnlyList<CephClusterView> ReadCephClusters(object list)
    {
        var node = list as JsonNode ?? JsonSerializer.SerializeToNode(list);
        return (node?["items"] as JsonArray)?.OfType<JsonObject>().Select(CephClusterView.Read).ToList() ?? [];
    }

    private static async Task<PrometheusScrape> ScrapeAsync(ClusterConnections connections, string ns, CancellationToken ct)
    {
        var what = $"read the Ceph mgr metrics (/api/v1/namespaces/{ns}/services/{MgrMetricsService}/proxy/metrics)";
        var text = await KubeCall.RunAsync(connections, what, async t =>
        {
            // The mgr's prometheus module answers 503 for a moment while it reconnects to the mons (after a mon
            // restart or a mgr failover): a few quick retries ride that out; a lasting 503 still fails the probe.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var stream = await connections.Kubernetes.CoreV1.ConnectGetNamespacedServiceProxyWithPathAsync(MgrMetricsService, ns, "metrics", cancellationToken: t);
                    using var reader = new StreamReader(stream);
                    return await reader.ReadToEndAsync(t);
                }
                catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && attempt < MgrRetries)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), t);
                }
            }
        }, ct);
        try
        {
            return PrometheusText.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ProbeException($"{what}: not Prometheus text ({e.Message})", e);
        }
    }
}
