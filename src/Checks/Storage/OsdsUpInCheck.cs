using System.Globalization;
using Deepthought.Checks.Model;

namespace Deepthought.Checks.Storage;

/// <summary>
/// One OSD per profiled data disk is up and in, seen twice: the OSD pods (one Running and Ready per data disk, on that
/// disk's node) and the mgr's metrics (<c>ceph_osd_up</c>, <c>ceph_osd_in</c>). A CephCluster can be Ready with zero
/// OSDs when every disk was skipped, so the count matters more than the phase.
/// </summary>
public sealed class OsdsUpInCheck : StorageCheck
{
    public override string Id => StorageCheckIds.OsdsUpIn;

    public override string Title => "one OSD per profiled data disk is up and in";

    public override string Hint => "kubectl -n rook-ceph get pods -l app=rook-ceph-osd -o wide; kubectl rook-ceph ceph osd tree; kubectl -n rook-ceph logs -l app=rook-ceph-osd-prepare";

    public override IReadOnlyList<string> FailingScenarios => ["osd-down", "cephcluster-no-osds"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var (metrics, missing) = await StorageFacts.MgrMetricsAsync(context, cancellationToken);
        if (metrics is null)
        {
            return missing!;
        }

        var ns = context.Profile.Storage.Namespace;
        var pods = (await context.ObserveAsync<RookPodsObservation>(cancellationToken)).In(ns, "rook-ceph-osd").ToList();
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        var expected = 0;
        foreach (var node in context.Profile.Nodes)
        {
            var disks = node.Disks.Data.Select(d => d.Device).ToList();
            expected += disks.Count;
            var onNode = pods.Where(p => p.Spec?.NodeName == node.Name).ToList();
            var ready = onNode.Count(StorageFacts.IsReady);
            var want = $"{disks.Count} OSD pod(s) Running and Ready ({string.Join(", ", disks)})";
            var seen = onNode.Count == 0 ? "no OSD pod" : string.Join("; ", onNode.Select(p => $"osd.{Label(p, "ceph-osd-id")} {p.Metadata.Name}: {StorageFacts.State(p)}"));
            observed.Add(new Evidence($"node {node.Name}", want, seen));
            if (ready != disks.Count || onNode.Count != disks.Count)
            {
                findings.Add(new Evidence($"node {node.Name}", want, onNode.Count == 0 ? seen : $"{ready} ready of {onNode.Count}: {seen}"));
            }
        }

        var upSamples = metrics.Named("ceph_osd_up").ToList();
        var inSamples = metrics.Named("ceph_osd_in").ToList();
        var up = upSamples.Count(s => s.Value == 1);
        var @in = inSamples.Count(s => s.Value == 1);
        var down = upSamples.Where(s => s.Value != 1).Select(s => s.Label("ceph_daemon")).ToList();
        var outs = inSamples.Where(s => s.Value != 1).Select(s => s.Label("ceph_daemon")).ToList();
        var live = string.Create(CultureInfo.InvariantCulture, $"{up} up, {@in} in of {upSamples.Count} listed")
            + (down.Count > 0 ? $"; down: {string.Join(", ", down)}" : "") + (outs.Count > 0 ? $"; out: {string.Join(", ", outs)}" : "");
        var wantLive = $"{expected} OSDs up and {expected} in";
        observed.Add(new Evidence($"mgr metrics in {ns}", wantLive, live));
        if (up != expected || @in != expected || upSamples.Count != expected)
        {
            findings.Add(new Evidence($"mgr metrics in {ns}", wantLive, live));
        }

        return Verdict.FromFindings(findings, $"{expected} OSDs up and in, one per profiled data disk", observed);
    }

    private static string Label(k8s.Models.V1Pod pod, string key) => pod.Metadata.Labels?.TryGetValue(key, out var v) == true ? v : "?";
}
