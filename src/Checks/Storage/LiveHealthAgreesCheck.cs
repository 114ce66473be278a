using System.Globalization;
using Deepthought.Checks.Model;

namespace Deepthought.Checks.Storage;

/// <summary>
/// The CephCluster's <c>status.ceph.health</c> is Rook's copy of Ceph's health: Rook runs <c>ceph status</c>, writes the
/// CR, then waits the CR's <c>spec.healthCheck.daemonHealth.status.interval</c> (60 s by default) before the next run.
/// The mgr's <c>ceph_health_status</c> is live. They may differ while the CR's <c>lastChecked</c> is younger than that
/// interval plus <c>storage.statusMarginSeconds</c> (the command's duration, whole seconds, clock skew); past that, the
/// CR is stale — the operator stopped refreshing it, so it cannot be trusted.
/// </summary>
public sealed class LiveHealthAgreesCheck : StorageCheck
{
    public override string Id => StorageCheckIds.LiveHealthAgrees;

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
        var margin = TimeSpan.FromSeconds(context.Profile.Storage.StatusMarginSeconds);
        var lag = cluster.StatusInterval + margin;
        var lagShown = $"{Seconds(lag)} (Rook's status interval {Seconds(cluster.StatusInterval)} + a {Seconds(margin)} margin)";
        var age = cluster.LastChecked is { } t ? context.Time.GetUtcNow() - t : (TimeSpan?)null;
        var ageShown = age is null ? "never checked" : $"last checked {Seconds(age.Value)} ago";
        var crShown = $"{cr} ({ageShown})";
        var evidence = new Evidence(cluster.Subject, $"status.ceph.health = live {liveShown}, or differing for at most {lagShown}", $"CR {crShown}, mgr {liveShown}");
        if (cr == live)
        {
            return Verdict.Pass($"the CephCluster and the mgr both say {live}", evidence);
        }

        if (cluster.StatusCheckDisabled)
        {
            return Verdict.Fail($"{cluster.Subject}: expected status.ceph.health to follow the live health, got CR {crShown} while the mgr says {liveShown} — Rook's status check is off (spec.healthCheck.daemonHealth.status.disabled: true), so the CR is never refreshed", evidence);
        }

        // A lastChecked slightly in the future (the operator's clock ahead of ours) is a fresh status, not a stale one.
        return age is { } a && a <= lag
            ? Verdict.Pass($"the CephCluster says {cr} and the mgr {liveShown}: the CR was {ageShown}, within {lagShown}, so Rook has not refreshed it yet", evidence)
            : Verdict.Fail($"{cluster.Subject}: expected status.ceph.health to follow the live health within {lagShown}, got CR {crShown} while the mgr says {liveShown} — the operator is not refreshing the status", evidence);
    }

    private static string Seconds(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, t.TotalSeconds):0} s");
}
