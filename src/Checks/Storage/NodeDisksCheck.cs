using System.Globalization;
using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Storage;

/// <summary>Each node has its profiled OS disk (an SSD, the system disk) and its data disk(s) (HDDs of the profiled size).</summary>
public sealed class NodeDisksCheck : CheckBase
{
    public override string Id => StorageCheckIds.NodeDisks;

    public override Phase Phase => Phase.Storage;

    public override string Title => "every node has its profiled OS SSD (the Talos system disk) and data HDD(s)";

    public override string Hint => "talosctl --talosconfig=./talosconfig --nodes <ip> -e <ip> get disks; talosctl -n <ip> get systemdisk";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.ApiReachable];

    public override IReadOnlyList<string> FailingScenarios => ["data-disk-missing"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var observation = await context.ObserveAsync<TalosDisksObservation>(cancellationToken);
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        foreach (var node in context.Profile.Nodes)
        {
            var subject = $"node {node.Name} ({node.Ip})";
            var answer = observation.Find(node.Ip);
            if (answer is not { Ok: true })
            {
                findings.Add(new Evidence(subject, "its disks over COSI", answer?.Error ?? "not asked"));
                continue;
            }

            var facts = answer.Value!;
            Judge(findings, facts, subject, node.Disks.Os, rotational: false, system: true, node.Ip);
            foreach (var data in node.Disks.Data)
            {
                Judge(findings, facts, subject, data, rotational: true, system: false, node.Ip);
            }

            observed.Add(new Evidence(subject, Describe(node.Disks),
                string.Join(", ", facts.Disks.Select(d => $"{d.Id} {d.PrettySize} {(d.Rotational ? "HDD" : "SSD")}{(d.Id == facts.SystemDiskId ? " (system)" : "")}"))));
        }

        return Verdict.FromFindings(findings, "every node has its OS SSD and data HDD(s) as profiled", observed);
    }

    private static void Judge(List<Evidence> findings, NodeDiskFacts facts, string subject, DiskProfile want, bool rotational, bool system, string ip)
    {
        var role = system ? "OS disk" : "data disk";
        var kind = rotational ? "HDD (rotational)" : "SSD (non-rotational)";
        var where = $"{subject} {role} {want.Device}";
        var disk = facts.Disk(want.Device);
        if (disk is null)
        {
            findings.Add(new Evidence(where, $"a {kind}{Range(want)}",
                $"no disk {want.Device} (disks: {string.Join(", ", facts.Disks.Select(d => d.Id))}) — see: talosctl -n {ip} get disks; fix the profile's device names if they differ"));
            return;
        }

        if (disk.Rotational != rotational)
        {
            findings.Add(new Evidence(where, kind, $"{(disk.Rotational ? "rotational (HDD)" : "non-rotational (SSD)")}, {disk.Model}"));
        }

        var gb = disk.Size / 1e9;
        if ((want.MinSizeGb > 0 && gb < want.MinSizeGb) || (want.MaxSizeGb > 0 && gb > want.MaxSizeGb))
        {
            findings.Add(new Evidence(where, $"size{Range(want)}", $"{disk.PrettySize} ({disk.Size.ToString(CultureInfo.InvariantCulture)} bytes)"));
        }

        if (system && facts.SystemDiskId != want.Device)
        {
            findings.Add(new Evidence(where, "the Talos system disk", $"the system disk is {facts.SystemDiskId ?? "unknown"} — see: talosctl -n {ip} get systemdisk"));
        }
        else if (!system && facts.SystemDiskId == want.Device)
        {
            findings.Add(new Evidence(where, "a data disk, not the system disk", "Talos is installed on it"));
        }
    }

    private static string Range(DiskProfile p) => (p.MinSizeGb, p.MaxSizeGb) switch
    {
        ( > 0, > 0) => string.Create(CultureInfo.InvariantCulture, $" of {p.MinSizeGb}–{p.MaxSizeGb} GB"),
        ( > 0, _) => string.Create(CultureInfo.InvariantCulture, $" of at least {p.MinSizeGb} GB"),
        (_, > 0) => string.Create(CultureInfo.InvariantCulture, $" of at most {p.MaxSizeGb} GB"),
        _ => "",
    };

    private static string Describe(NodeDisks disks) =>
        $"OS {disks.Os.Device} SSD, data {string.Join(", ", disks.Data.Select(d => $"{d.Device} HDD{Range(d)}"))}";
}
