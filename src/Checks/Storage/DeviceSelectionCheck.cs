using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;
using Deepthought.Protocols;

namespace Deepthought.Checks.Storage;

/// <summary>
/// The seed warns that the rook-ceph-cluster chart's defaults (<c>useAllNodes: true</c>, <c>useAllDevices: true</c>) must
/// be configured: the CephCluster must offer Rook exactly the profiled data disks of each node and never an OS disk.
/// Rook's one-rule-by-priority selection is resolved by <see cref="DeviceSelection"/>; <c>/dev/disk/by-id</c> and
/// <c>by-path</c> names are resolved through the links Talos reports for each disk (when the Talos API answers).
/// </summary>
public sealed class DeviceSelectionCheck : StorageCheck
{
    public override string Id => StorageCheckIds.CephclusterDeviceSelection;

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

        var disks = await TalosDisksAsync(context, cancellationToken);
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        foreach (var node in context.Profile.Nodes)
        {
            var os = node.Disks.Os.Device;
            var data = node.Disks.Data.Select(d => d.Device).Order(StringComparer.Ordinal).ToList();
            var answer = disks?.Find(node.Ip);
            var facts = answer is { Ok: true } ? answer.Value : null;
            var known = new[] { os }.Concat(data).Select(d => new KnownDisk(d, facts?.Disk(d)?.Symlinks ?? [])).ToList();
            var selection = DeviceSelection.For(cluster.Storage, node.Name, known);
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
                var why = facts is null
                    ? $"Talos's disk links were not read ({answer?.Error ?? "no Talos answer"})"
                    : "no profiled disk has that name or a Talos /dev/disk link of that name";
                findings.Add(new Evidence(subject, "devices that name profiled disks (sdb, /dev/sdb, or a /dev/disk/by-id or by-path link Talos reports)", $"'{u}': {why}"));
            }
        }

        foreach (var extra in cluster.Storage.Nodes.Where(n => context.Profile.Nodes.All(p => p.Name != n.Name)))
        {
            findings.Add(new Evidence($"storage.nodes[{extra.Name}]", "a profiled node", "a node the profile does not know"));
        }

        return Verdict.FromFindings(findings, $"{cluster.Subject} selects exactly the profiled data disks", observed);
    }

    // The disks' by-id/by-path links, when Talos answers; without them only kernel names can be matched.
    private static async Task<TalosDisksObservation?> TalosDisksAsync(CheckContext context, CancellationToken cancellationToken)
    {
        if (context.Observations is ObservationCache cache && !cache.IsRegistered<TalosDisksObservation>())
        {
            return null;
        }

        try
        {
            return await context.ObserveAsync<TalosDisksObservation>(cancellationToken);
        }
        catch (ProbeException)
        {
            return null;
        }
    }
}
