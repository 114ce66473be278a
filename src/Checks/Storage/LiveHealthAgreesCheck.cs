using System.Globalization;
using Deepthought.Checks.Model;

namespace Deepthought.Checks.Storage;

/// <summary>
/// The CephCluster's <c>status.ceph.health</c> is Rook's copy of Ceph's health, refreshed every 60 s by default; the mgr's
/// <c>ceph_health_status</c> is live. They may differ for up to <c>storage.statusLagSeconds</c> after a change (the
/// verdict says so); past that, the CR is stale — the operator stopped refreshing it, so it cannot be trusted.
/// </summary>
public sealed class LiveHealthAgreesCheck : StorageCheck
{
    public override string Id => "storage.live-health-agrees";

    public override string Title => "the live Ceph health (mgr metrics) agrees with the CephCluster status";

    public override string Hint => "kubectl rook-ceph ceph health detail; kubectl -n rook-ceph get cephcluster rook-ceph -o jsonpath='{.status.ceph}'; kubectl -n rook-ceph logs deploy/rook-ceph-operator --tail=50";

    public override IReadOnlyList<string> FailingScenarios => ["ceph-status-disagrees"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var (cluster, missing) = await StorageFacts.ProfiledClusterAsync(context, cancellationToken);
        if (cluster is null)
        {
            return missing!;
        }

        var (metrics, noMetrics) = await StorageFacts.MgrMetricsAsync(context, cancellationToken);
        if (metrics is null)
        {
            return noMetrics!;
        }

        var sample = metrics.Find("ceph_health_status");
        if (sample is null)
        {
            var e = new Evidence($"mgr metrics in {cluster.Namespace}", "ceph_health_status", "absent (is the prometheus mgr module enabled?)");
            return Verdict.Fail(e.ToString(), e);
        }

        var live = StorageFacts.HealthName(sample.Value);
        var active = StorageFacts.ActiveHealthChecks(metrics);
        var liveShown = live + (active.Count > 0 ? $" ({string.Join(", ", active)})" : "");
        var cr = cluster.Health ?? "no status.ceph.health";
        var lag = TimeSpan.FromSeconds(context.Profile.Storage.StatusLagSeconds);
        var age = cluster.LastChecked is { } t ? context.Time.GetUtcNow() - t : (TimeSpan?)null;
        var ageShown = age is null ? "never checked" : $"last checked {Seconds(age.Value)} ago";
        var crShown = $"{cr} ({ageShown})";
        var evidence = new Evidence(cluster.Subject, $"status.ceph.health = live {liveShown}, or differing for at most {Seconds(lag)}", $"CR {crShown}, mgr {liveShown}");
        if (cr == live)
        {
            return Verdict.Pass($"the CephCluster and the mgr both say {live}", evidence);
        }

        return age is { } a && a <= lag
            ? Verdict.Pass($"the CephCluster says {cr} and the mgr {liveShown}: the CR was {ageShown}, within the allowed lag of {Seconds(lag)} (Rook refreshes it periodically)", evidence)
            : Verdict.Fail($"{cluster.Subject}: expected status.ceph.health to follow the live health within {Seconds(lag)}, got CR {crShown} while the mgr says {liveShown} — the operator is not refreshing the status", evidence);
    }

    private static string Seconds(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, t.TotalSeconds):0} s");
}
