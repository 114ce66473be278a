using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Storage;

/// <summary>
/// Data disks are blank for Rook (no partition table, no filesystem, no partitions) or, once Rook is deployed, hold
/// this cluster's OSD: BlueStore straight on the disk (Rook's raw mode, its default), an LVM2 physical volume (Rook's
/// LVM mode: encryptedDevice, osdsPerDevice > 1 or a metadataDevice) or a LUKS container (an encrypted OSD). Talos's
/// blkid names these <c>bluestore</c>, <c>lvm2-pv</c> and <c>luks</c>. Anything else needs the seed's wipe before Rook
/// can use the disk.
/// </summary>
public sealed class DataDisksCleanCheck : CheckBase
{
    public override string Id => StorageCheckIds.DataDisksClean;

    public override Phase Phase => Phase.Storage;

    public override string Title => "every data disk is blank for Rook or holds this cluster's OSD (BlueStore, LVM or LUKS)";

    /// <summary>The signatures Rook's OSDs leave on a whole disk (go-blockdevice blkid names).</summary>
    public static readonly IReadOnlySet<string> OsdSignatures = new HashSet<string>(StringComparer.Ordinal) { "bluestore", "lvm2-pv", "luks" };

    public override string Hint => "talosctl --talosconfig=./talosconfig --nodes <ip> -e <ip> get discoveredvolumes; wipe: talosctl --talosconfig=./talosconfig --nodes <ip> -e <ip> wipe disk <device>";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.ApiReachable];

    public override IReadOnlyList<string> FailingScenarios => ["data-disk-xfs", "data-disk-gpt"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var observation = await context.ObserveAsync<TalosDisksObservation>(cancellationToken);
        var deployed = context.Profile.Storage.State == StorageState.Deployed;
        var allowed = deployed ? "blank or one of this cluster's OSDs (BlueStore, or an LVM2 physical volume / LUKS container Rook made)" : "blank (no partition table, no filesystem) before Rook";
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
                var clean = children.Count == 0 && (volume.Name.Length == 0 || (deployed && OsdSignatures.Contains(volume.Name)));
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
            "lvm2-pv" => $"an LVM2 physical volume{(disk.Label.Length > 0 ? $" (PV UUID {disk.Label})" : "")}: how Rook's LVM-mode OSDs look (encryptedDevice, osdsPerDevice > 1, metadataDevice)",
            "luks" => $"a LUKS container{(disk.Label.Length > 0 ? $" (label {disk.Label})" : "")}: how Rook's encrypted OSDs look" +
                (disk.Label.StartsWith("pvc_name=", StringComparison.Ordinal) ? " (Rook labels them pvc_name=<pvc>)" : ""),
            var fs => $"a filesystem or signature: {fs}{(disk.Label.Length > 0 ? $" (label {disk.Label})" : "")}",
        };
        return children.Count == 0
            ? what
            : $"{what} with {children.Count} partition(s): {string.Join(", ", children.Select(c => $"{c.Id}{(c.Name.Length > 0 ? $" ({c.Name})" : "")}"))}";
    }
}
