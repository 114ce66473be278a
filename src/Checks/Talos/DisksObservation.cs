namespace Deepthought.Checks.Talos;

/// <summary>A disk as Talos sees it (Disks.block.talos.dev); <see cref="Symlinks"/> are its /dev/disk/by-* links (spec field 18).</summary>
public sealed record DiskFacts(string Id, string DevPath, ulong Size, string PrettySize, bool Rotational, string Transport, string Model, bool Readonly, bool Cdrom)
{
    public IReadOnlyList<string> Symlinks { get; init; } = [];

    public bool Equals(DiskFacts? other) =>
        other is not null && (Id, DevPath, Size, PrettySize, Rotational, Transport, Model, Readonly, Cdrom) ==
        (other.Id, other.DevPath, other.Size, other.PrettySize, other.Rotational, other.Transport, other.Model, other.Readonly, other.Cdrom) &&
        Symlinks.SequenceEqual(other.Symlinks, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Id, DevPath, Size, Symlinks.Count);
}

/// <summary>What blkid found on a disk or partition (DiscoveredVolumes.block.talos.dev); Name "" means nothing was found.</summary>
public sealed record VolumeFacts(string Id, string Type, string Name, string Parent, string DevPath, ulong Size, string Label, string PartitionLabel);

/// <summary>A node's disks, discovered volumes and system disk.</summary>
public sealed record NodeDiskFacts(IReadOnlyList<DiskFacts> Disks, IReadOnlyList<VolumeFacts> Volumes, string? SystemDiskId)
{
    public DiskFacts? Disk(string id) => Disks.FirstOrDefault(d => d.Id == id);

    public VolumeFacts? Volume(string id) => Volumes.FirstOrDefault(v => v.Id == id);

    public IEnumerable<VolumeFacts> Children(string id) => Volumes.Where(v => v.Parent == id);
}

/// <summary>Block facts per targeted node, over COSI.</summary>
public sealed record TalosDisksObservation(IReadOnlyList<NodeAnswer<NodeDiskFacts>> Nodes)
{
    public NodeAnswer<NodeDiskFacts>? Find(string node) => Nodes.FirstOrDefault(n => n.Node == node);
}
