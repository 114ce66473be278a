using Deepthought.Checks.Model;
using Deepthought.Checks.Profile;

namespace Deepthought.Checks.Talos;

/// <summary>
/// Data disks are blank for Rook (no partition table, no filesystem, no partitions) or, once Rook is deployed, hold
/// BlueStore (this cluster's OSDs). Anything else needs the seed's wipe before Rook can use the disk.
/// </summary>
public sealed class DataDisksCleanCheck : CheckBase
{
    public override string Id => "storage.data-disks-clean";

    public override Phase Phase => Phase.Storage;

    public override string Title => "every data disk is blank for Rook or holds this cluster's BlueStore OSD";

    public override string Hint => "talosctl --talosconfig=./talosconfig --nodes <ip> -e <ip> get discoveredvolumes; wipe: talosctl --talosconfig=./talosconfig --nodes <ip> -e <ip> wipe disk <device>";

    public override IReadOnlyList<string> DependsOn => [TalosApiReachableCheck.CheckId];

    public override IReadOnlyList<string> FailingScenarios => ["data-disk-xfs", "data-disk-gpt"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var observation = await context.ObserveAsync<TalosDisksObservation>(cancellationToken);
        var deployed = context.Profile.Storage.State == StorageState.Deployed;
        var allowed = deployed ? "blank or BlueStore (Rook deployed)" : "blank (no partition table, no filesystem) before Rook";
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        foreach (var node in context.Profile.Nodes)
        {
            var answer = observation.Find(node.Ip);
            if (answer is not { Ok: true })
            {
                findings.Add(new Evidence($"node {node.Name} ({node.Ip})", "its discovered volumes over COSI", answer?.Error ?? "not asked"));
                continue;
            }

            var facts = answer.Value!;
            foreach (var data in node.Disks.Data)
            {
                var subject = $"node {node.Name} ({node.Ip}) data disk {data.Device}";
                var volume = facts.Volume(data.Device);
                if (facts.Disk(data.Device) is null || volume is null)
                {
                    observed.Add(new Evidence(subject, allowed, "absent (see storage.node-disks)"));
                    continue;
                }

                var children = facts.Children(data.Device).ToList();
                var content = Describe(volume, children);
                var clean = children.Count == 0 && (volume.Name.Length == 0 || (deployed && volume.Name == "bluestore"));
                if (!clean)
                {
                    findings.Add(new Evidence(subject, allowed,
                        $"{content} — wipe it: talosctl --talosconfig=./talosconfig --nodes {node.Ip} -e {node.Ip} wipe disk {data.Device}"));
                }

                observed.Add(new Evidence(subject, allowed, content));
            }
        }

        return Verdict.FromFindings(findings, $"every data disk is {allowed}", observed);
    }

    private static string Describe(VolumeFacts disk, List<VolumeFacts> children)
    {
        var what = disk.Name switch
        {
            "" => "blank",
            "gpt" => "a GPT partition table",
            "bluestore" => "BlueStore (a Ceph OSD)",
            var fs => $"a filesystem or signature: {fs}{(disk.Label.Length > 0 ? $" (label {disk.Label})" : "")}",
        };
        return children.Count == 0
            ? what
            : $"{what} with {children.Count} partition(s): {string.Join(", ", children.Select(c => $"{c.Id}{(c.Name.Length > 0 ? $" ({c.Name})" : "")}"))}";
    }
}
