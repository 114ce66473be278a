using System.Globalization;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.Rook;
using k8s.Models;

namespace Deepthought.Checks.Storage;

/// <summary>Small readings the Storage checks share.</summary>
public static class StorageFacts
{
    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Phase == "Running" && (pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false);

    /// <summary>"Running, Ready" or "Running, not ready (CrashLoopBackOff)" or "Pending".</summary>
    public static string State(V1Pod pod)
    {
        var phase = pod.Status?.Phase ?? "no status";
        if (IsReady(pod))
        {
            return $"{phase}, Ready";
        }

        var waiting = pod.Status?.ContainerStatuses?.Select(c => c.State?.Waiting?.Reason).FirstOrDefault(r => r is not null);
        return waiting is null ? $"{phase}, not ready" : $"{phase}, not ready ({waiting})";
    }

    /// <summary>The profile's CephCluster, or the failed verdict that says it is missing.</summary>
    public static async Task<(CephClusterView? Cluster, Verdict? Missing)> ProfiledClusterAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Profile.Storage;
        var clusters = await context.ObserveAsync<CephClustersObservation>(cancellationToken);
        var cluster = clusters.Find(p.Namespace, p.CephCluster);
        if (cluster is not null)
        {
            return (cluster, null);
        }

        var seen = clusters.Items.Count == 0 ? "no CephCluster in any namespace" : "only " + string.Join(", ", clusters.Items.Select(c => $"{c.Namespace}/{c.Name}"));
        var subject = $"CephCluster {p.Namespace}/{p.CephCluster}";
        return (null, Verdict.Fail($"{subject}: expected to exist (installed by the {p.HelmReleases.LastOrDefault() ?? "rook-ceph-cluster"} chart), got {seen}", new Evidence(subject, "exists", seen)));
    }

    /// <summary>The mgr metrics of the profile's namespace, or the failed verdict saying they are absent.</summary>
    public static async Task<(PrometheusScrape? Metrics, Verdict? Missing)> MgrMetricsAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var ns = context.Profile.Storage.Namespace;
        var metrics = (await context.ObserveAsync<CephMgrMetricsObservation>(cancellationToken)).In(ns);
        return metrics is not null
            ? (metrics, null)
            : (null, Verdict.Fail($"mgr metrics in {ns}: expected the rook-ceph-mgr service to serve them, got nothing to read (no CephCluster in {ns})", new Evidence($"service {ns}/rook-ceph-mgr", "Prometheus metrics", "not read")));
    }

    /// <summary>ceph_health_status → HEALTH_OK / HEALTH_WARN / HEALTH_ERR (the mgr module's numbering).</summary>
    public static string HealthName(double value) => value switch
    {
        0 => "HEALTH_OK",
        1 => "HEALTH_WARN",
        2 => "HEALTH_ERR",
        _ => $"unknown ({value.ToString(CultureInfo.InvariantCulture)})",
    };

    /// <summary>The active health checks the mgr exports (ceph_health_detail{name,severity} == 1).</summary>
    public static IReadOnlyList<string> ActiveHealthChecks(PrometheusScrape metrics) =>
        metrics.Named("ceph_health_detail").Where(s => s.Value == 1).Select(s => s.Label("name") ?? "?").Distinct().Order(StringComparer.Ordinal).ToList();
}
