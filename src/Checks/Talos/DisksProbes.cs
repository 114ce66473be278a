using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;

namespace Deepthought.Checks.Talos;

/// <summary>Disks, discovered volumes and the system disk of every node, over COSI (as `talosctl get disks`).</summary>
public sealed class DisksProbes : IProbeModule
{
    public const string Namespace = "runtime";

    public void Register(ObservationCache cache, ClusterConnections connections)
    {
        var session = TalosSession.For(cache, connections);
        cache.Register(async ct => new TalosDisksObservation(await session.AskEveryNodeAsync(async (client, node, t) =>
        {
            var disks = client.ListResourcesAsync(node, Namespace, "Disks.block.talos.dev", t);
            var volumes = client.ListResourcesAsync(node, Namespace, "DiscoveredVolumes.block.talos.dev", t);
            var system = client.ListResourcesAsync(node, Namespace, "SystemDisks.block.talos.dev", t);
            return new NodeDiskFacts(
                (await disks).Select(BlockSpecs.Disk).ToList(),
                (await volumes).Select(BlockSpecs.Volume).ToList(),
                (await system).Select(BlockSpecs.SystemDiskId).FirstOrDefault(id => id is not null));
        }, ct)));
    }
}
