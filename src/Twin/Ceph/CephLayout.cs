using Deepthought.Protocols.Profile;

namespace Deepthought.Twin.Ceph;

/// <summary>An OSD and the profiled data disk it was made from.</summary>
public sealed record OsdPlacement(int Id, string Node, string Device);

/// <summary>A mon and the node Rook scheduled it on.</summary>
public sealed record MonPlacement(string Name, string Node);

/// <summary>
/// Where Rook puts Ceph's daemons for a profile: one OSD per data disk, numbered in profile order (as Rook's prepare
/// jobs create them node by node); three mons on three nodes (the chart's <c>mon.count: 3</c>,
/// <c>allowMultiplePerNode: false</c>), or one on a smaller cluster; the mgr on the first node.
/// </summary>
public sealed record CephLayout(IReadOnlyList<OsdPlacement> Osds, IReadOnlyList<MonPlacement> Mons, string MgrNode)
{
    public static CephLayout For(ClusterProfile profile)
    {
        var osds = profile.Nodes
            .SelectMany(n => n.Disks.Data.Select(d => (Node: n.Name, d.Device)))
            .Select((x, i) => new OsdPlacement(i, x.Node, x.Device))
            .ToList();
        var monCount = profile.Nodes.Count >= 3 ? 3 : 1;
        var mons = profile.Nodes.Take(monCount).Select((n, i) => new MonPlacement(((char)('a' + i)).ToString(), n.Name)).ToList();
        return new CephLayout(osds, mons, profile.Nodes[0].Name);
    }

    public OsdPlacement? Osd(int id) => Osds.FirstOrDefault(o => o.Id == id);
}
