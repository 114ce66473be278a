namespace Deepthought.Checks.Talos;

/// <summary>A disk as Talos sees it (Disks.block.talos.dev).</summary>
public sealed record DiskFacts(string Id, string DevPath, ulong Size, string PrettySize, bool Rotational, string Transport, string Model, bool Readonly, bool Cdrom);

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
