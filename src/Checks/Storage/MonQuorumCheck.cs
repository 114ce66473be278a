using Deepthought.Checks.Model;

namespace Deepthought.Checks.Storage;

/// <summary>
/// Every Ceph mon Rook runs (spec.mon.count) is Running and in quorum: the mon pods and <c>ceph_mon_quorum_status</c>
/// from the mgr. One mon out of three still leaves a quorum, but no more failures are tolerated. Rook's mon canary pods
/// (label <c>mon_canary</c>, run while it places mons) carry <c>app=rook-ceph-mon</c> too but are not mons.
/// </summary>
public sealed class MonQuorumCheck : StorageCheck
{
    public const string MonCanaryLabel = "mon_canary";

    public override string Id => StorageCheckIds.MonQuorum;

    public override string Title => "every Ceph mon is running and in quorum";

    public override string Hint => "kubectl -n rook-ceph get pods -l app=rook-ceph-mon -o wide; kubectl rook-ceph ceph quorum_status";

    public override IReadOnlyList<string> FailingScenarios => ["mon-down"];

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

        var ns = context.Profile.Storage.Namespace;
        var pods = (await context.ObserveAsync<RookPodsObservation>(cancellationToken)).In(ns, "rook-ceph-mon")
            .Where(p => p.Metadata.Labels?.ContainsKey(MonCanaryLabel) != true).ToList();
        var mons = metrics.Named("ceph_mon_quorum_status").ToList();
        var want = cluster.MonCount ?? mons.Count;
        var inQuorum = mons.Where(m => m.Value == 1).Select(m => m.Label("ceph_daemon")).ToList();
        var outOfQuorum = mons.Where(m => m.Value != 1).Select(m => m.Label("ceph_daemon")).ToList();
        var findings = new List<Evidence>();
        var live = $"{inQuorum.Count} of {mons.Count} in quorum [{string.Join(", ", inQuorum)}]" + (outOfQuorum.Count > 0 ? $"; out of quorum: {string.Join(", ", outOfQuorum)}" : "");
        var observed = new List<Evidence> { new($"mgr metrics in {ns}", $"{want} mons in quorum (spec.mon.count)", live) };
        if (inQuorum.Count != want || outOfQuorum.Count > 0)
        {
            findings.Add(observed[0]);
        }

        var ready = pods.Where(StorageFacts.IsReady).ToList();
        var podState = pods.Count == 0 ? "no mon pod" : string.Join("; ", pods.Select(p => $"{p.Metadata.Name} on {p.Spec?.NodeName}: {StorageFacts.State(p)}"));
        observed.Add(new Evidence($"mon pods in {ns}", $"{want} Running and Ready", podState));
        if (ready.Count != want || pods.Count != want)
        {
            findings.Add(new Evidence($"mon pods in {ns}", $"{want} Running and Ready", pods.Count == 0 ? podState : $"{ready.Count} ready of {pods.Count}: {podState}"));
        }

        return Verdict.FromFindings(findings, $"all {want} mons are in quorum", observed);
    }
}
