using Deepthought.Checks.Model;

namespace Deepthought.Checks.Storage;

/// <summary>
/// The seed warns that the rook-ceph-cluster chart's defaults (<c>useAllNodes: true</c>, <c>useAllDevices: true</c>) must
/// be configured: the CephCluster must offer Rook exactly the profiled data disks of each node and never an OS disk.
/// </summary>
public sealed class DeviceSelectionCheck : StorageCheck
{
    public override string Id => "storage.cephcluster-device-selection";

    public override string Title => "the CephCluster selects exactly the profiled data disks on each node, never an OS disk";

    public override string Hint => "kubectl -n rook-ceph get cephcluster rook-ceph -o jsonpath='{.spec.storage}'; in the rook-ceph-cluster values set cephClusterSpec.storage.useAllNodes: false, useAllDevices: false and nodes: [{name: <node>, devices: [{name: sdb}]}]";

    public override IReadOnlyList<string> FailingScenarios => ["cephcluster-uses-all-devices"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var (cluster, missing) = await StorageFacts.ProfiledClusterAsync(context, cancellationToken);
        if (cluster is null)
        {
            return missing!;
        }

        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        foreach (var node in context.Profile.Nodes)
        {
            var os = node.Disks.Os.Device;
            var data = node.Disks.Data.Select(d => d.Device).Order(StringComparer.Ordinal).ToList();
            var selection = DeviceSelection.For(cluster.Storage, node.Name, [os, .. data]);
            var subject = $"node {node.Name}";
            var expected = data.Count == 0 ? "no disk" : $"[{string.Join(", ", data)}]";
            var seen = selection.Listed ? $"[{string.Join(", ", selection.Selected)}] via {string.Join("; ", selection.Reasons.DefaultIfEmpty("no selection"))}" : selection.Reasons[0];
            observed.Add(new Evidence(subject, expected, seen));

            if (selection.Selected.Contains(os))
            {
                findings.Add(new Evidence(subject, $"only the data disks {expected}", $"{seen} — this also offers the OS disk {os} to Rook"));
            }
            else if (!selection.Selected.SequenceEqual(data))
            {
                findings.Add(new Evidence(subject, expected, seen));
            }

            foreach (var u in selection.Unresolved)
            {
                findings.Add(new Evidence(subject, "devices named as the profile does (sdb or /dev/sdb)", $"'{u}', which cannot be matched to a profiled disk"));
            }
        }

        foreach (var extra in cluster.Storage.Nodes.Where(n => context.Profile.Nodes.All(p => p.Name != n.Name)))
        {
            findings.Add(new Evidence($"storage.nodes[{extra.Name}]", "a profiled node", "a node the profile does not know"));
        }

        return Verdict.FromFindings(findings, $"{cluster.Subject} selects exactly the profiled data disks", observed);
    }
}
