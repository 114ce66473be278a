using Deepthought.Checks.Model;

namespace Deepthought.Checks.Storage;

/// <summary>
/// The seed's end state: <c>kubectl -n rook-ceph get cephcluster</c> shows phase Ready and HEALTH_OK. On WARN or ERR
/// the verdict carries Rook's <c>status.ceph.details</c> (the Ceph health checks behind it).
/// </summary>
public sealed class CephClusterHealthCheck : StorageCheck
{
    public override string Id => StorageCheckIds.CephclusterHealthy;

    public override string Title => "the CephCluster is Ready and reports HEALTH_OK";

    public override string Hint => "kubectl -n rook-ceph get cephcluster rook-ceph; kubectl rook-ceph ceph status; kubectl rook-ceph ceph health detail";

    public override IReadOnlyList<string> FailingScenarios => ["osd-down", "mon-down", "cephcluster-no-osds"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var (cluster, missing) = await StorageFacts.ProfiledClusterAsync(context, cancellationToken);
        if (cluster is null)
        {
            return missing!;
        }

        var phase = cluster.Phase ?? "no phase";
        var health = cluster.Health ?? "no status.ceph.health";
        var details = cluster.Details.Count == 0 ? "" : $" ({string.Join("; ", cluster.Details)})";
        var seen = $"phase {phase}{(cluster.Message is null ? "" : $" \"{cluster.Message}\"")}, {health}{details}";
        var evidence = new Evidence(cluster.Subject, "phase Ready, HEALTH_OK", seen);
        return phase == "Ready" && health == "HEALTH_OK"
            ? Verdict.Pass($"{cluster.Subject} is Ready with HEALTH_OK", evidence)
            : Verdict.Fail(evidence.ToString(), evidence);
    }
}
