using System.Text.Json.Nodes;
using Deepthought.Protocols.Profile;
using Deepthought.Twin.Ceph;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.Rook;

/// <summary>
/// The CephCluster the rook-ceph-cluster chart renders, configured as the seed asks: storage limited to the profiled
/// data disks per node (<c>useAllNodes: false</c>, <c>useAllDevices: false</c>, <c>nodes[].devices[].name</c>), or
/// — for the fault — the chart's defaults that would offer every empty disk of every node to Rook.
/// </summary>
public static class CephClusterManifest
{
    public static JsonObject Build(ClusterProfile profile, CephLayout layout, bool useAllDevices)
    {
        var ns = profile.Storage.Namespace;
        var cluster = Manifest.Object(RookNames.ApiVersion, "CephCluster", profile.Storage.CephCluster, ns, labels: new Dictionary<string, string>
        {
            ["app.kubernetes.io/managed-by"] = "Helm",
            ["app.kubernetes.io/part-of"] = RookNames.ClusterRelease,
        }, annotations: new Dictionary<string, string>
        {
            ["meta.helm.sh/release-name"] = RookNames.ClusterRelease,
            ["meta.helm.sh/release-namespace"] = ns,
        });
        cluster["spec"] = new JsonObject
        {
            ["cephVersion"] = new JsonObject { ["image"] = RookNames.CephImage, ["allowUnsupported"] = false },
            ["dataDirHostPath"] = "/var/lib/rook",
            ["skipUpgradeChecks"] = false,
            ["continueUpgradeAfterChecksEvenIfNotHealthy"] = false,
            ["waitTimeoutForHealthyOSDInMinutes"] = 10,
            ["mon"] = new JsonObject { ["count"] = layout.Mons.Count, ["allowMultiplePerNode"] = false },
            ["mgr"] = new JsonObject { ["count"] = 1, ["allowMultiplePerNode"] = false, ["modules"] = new JsonArray(new JsonObject { ["name"] = "rook", ["enabled"] = true }) },
            ["dashboard"] = new JsonObject { ["enabled"] = true, ["ssl"] = true },
            ["monitoring"] = new JsonObject { ["enabled"] = false, ["metricsDisabled"] = false },
            ["network"] = new JsonObject { ["connections"] = new JsonObject { ["encryption"] = new JsonObject { ["enabled"] = false }, ["compression"] = new JsonObject { ["enabled"] = false }, ["requireMsgr2"] = false } },
            ["crashCollector"] = new JsonObject { ["disable"] = false },
            ["logCollector"] = new JsonObject { ["enabled"] = true, ["periodicity"] = "daily", ["maxLogSize"] = "500M" },
            ["cleanupPolicy"] = new JsonObject { ["confirmation"] = "", ["sanitizeDisks"] = new JsonObject { ["method"] = "quick", ["dataSource"] = "zero", ["iteration"] = 1 }, ["allowUninstallWithVolumes"] = false },
            ["removeOSDsIfOutAndSafeToRemove"] = false,
            ["priorityClassNames"] = new JsonObject { ["mon"] = "system-node-critical", ["osd"] = "system-node-critical", ["mgr"] = "system-cluster-critical" },
            ["storage"] = useAllDevices ? ChartDefaultStorage() : ProfiledStorage(profile),
            ["disruptionManagement"] = new JsonObject { ["managePodBudgets"] = true, ["osdMaintenanceTimeout"] = 30 },
            ["healthCheck"] = new JsonObject
            {
                ["daemonHealth"] = new JsonObject
                {
                    ["mon"] = new JsonObject { ["disabled"] = false, ["interval"] = "45s" },
                    ["osd"] = new JsonObject { ["disabled"] = false, ["interval"] = "60s" },
                    ["status"] = new JsonObject { ["disabled"] = false, ["interval"] = "60s" },
                },
            },
        };
        cluster["status"] = new JsonObject { ["phase"] = "Progressing", ["state"] = "Creating", ["message"] = "Configuring Ceph Mons" };
        return RookWorkloads.Replaceable(cluster);
    }

    private static JsonObject ProfiledStorage(ClusterProfile profile) => new()
    {
        ["useAllNodes"] = false,
        ["useAllDevices"] = false,
        ["nodes"] = new JsonArray(profile.Nodes.Where(n => n.Disks.Data.Count > 0).Select(n => (JsonNode)new JsonObject
        {
            ["name"] = n.Name,
            ["devices"] = new JsonArray(n.Disks.Data.Select(d => (JsonNode)new JsonObject { ["name"] = d.Device }).ToArray()),
        }).ToArray()),
    };

    private static JsonObject ChartDefaultStorage() => new() { ["useAllNodes"] = true, ["useAllDevices"] = true };

    public static JsonObject BlockPool(string ns, int osds)
    {
        var pool = Manifest.Object(RookNames.ApiVersion, "CephBlockPool", RookNames.BlockPool, ns);
        pool["spec"] = new JsonObject
        {
            ["failureDomain"] = "host",
            ["replicated"] = new JsonObject { ["size"] = Math.Clamp(osds, 1, 3), ["requireSafeReplicaSize"] = osds >= 3 },
            ["parameters"] = new JsonObject { ["imageFormat"] = "2", ["imageFeatures"] = "layering" },
        };
        pool["status"] = new JsonObject
        {
            ["phase"] = osds > 0 ? "Ready" : "Progressing",
            ["info"] = new JsonObject { ["type"] = "Replicated", ["failureDomain"] = "host" },
        };
        return pool;
    }
}
