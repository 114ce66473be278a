using System.Text.Json.Nodes;
using Deepthought.Twin.Ceph;

namespace Deepthought.Twin.Rook;

/// <summary>
/// The CephCluster <c>status</c> Rook's status loop writes from <c>ceph status</c> (rook pkg/apis types.go): phase,
/// state, message, conditions, and <c>ceph</c> with health, details (on WARN/ERR), lastChecked, lastChanged,
/// previousHealth, capacity, fsid and versions; storage and version.
/// </summary>
public static class RookStatus
{
    public static JsonObject From(CephSnapshot s, JsonObject? previous, string version, long generation, DateTimeOffset now)
    {
        var stamp = RookWorkloads.Stamp(now);
        var previousCeph = previous?["ceph"] as JsonObject;
        var previousHealth = (string?)previousCeph?["health"];
        var changed = previousHealth != s.Health;
        var ceph = new JsonObject
        {
            ["health"] = s.Health,
            ["lastChecked"] = stamp,
            ["lastChanged"] = changed || previousCeph?["lastChanged"] is null ? stamp : previousCeph["lastChanged"]!.DeepClone(),
            ["capacity"] = new JsonObject
            {
                ["bytesTotal"] = s.BytesTotal,
                ["bytesUsed"] = s.BytesUsed,
                ["bytesAvailable"] = s.BytesAvailable,
                ["lastUpdated"] = stamp,
            },
            ["fsid"] = s.Fsid,
            ["versions"] = Versions(version, s),
        };
        if (previousHealth is not null && changed)
        {
            ceph["previousHealth"] = previousHealth;
        }
        else if (previousCeph?["previousHealth"] is { } ph)
        {
            ceph["previousHealth"] = ph.DeepClone();
        }

        if (s.Checks.Count > 0)
        {
            var details = new JsonObject();
            foreach (var c in s.Checks)
            {
                details[c.Name] = new JsonObject { ["severity"] = c.Severity, ["message"] = c.Message };
            }

            ceph["details"] = details;
        }

        return Ready(ceph, s.NumOsds, version, generation, now);
    }

    /// <summary>Rook's answer when it cannot reach Ceph: HEALTH_ERR with the error as the only detail.</summary>
    public static JsonObject Unreachable(string error, JsonObject? previous, string version, long generation, DateTimeOffset now)
    {
        var ceph = (previous?["ceph"] as JsonObject)?.DeepClone() as JsonObject ?? new JsonObject();
        ceph["previousHealth"] = ceph["health"]?.DeepClone();
        ceph["health"] = "HEALTH_ERR";
        ceph["lastChecked"] = RookWorkloads.Stamp(now);
        ceph["details"] = new JsonObject { ["error"] = new JsonObject { ["severity"] = "Urgent", ["message"] = error } };
        return Ready(ceph, 0, version, generation, now);
    }

    private static JsonObject Ready(JsonObject ceph, int osds, string version, long generation, DateTimeOffset now)
    {
        var storage = new JsonObject { ["deviceClasses"] = osds > 0 ? new JsonArray(new JsonObject { ["name"] = "hdd" }) : new JsonArray() };
        if (osds > 0)
        {
            storage["osd"] = new JsonObject { ["storeType"] = new JsonObject { ["bluestore"] = osds } };
        }

        return new JsonObject
        {
            ["phase"] = "Ready",
            ["state"] = "Created",
            ["message"] = "Cluster created successfully",
            ["observedGeneration"] = generation,
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Ready",
                ["status"] = "True",
                ["reason"] = "ClusterCreated",
                ["message"] = "Cluster created successfully",
                ["lastHeartbeatTime"] = RookWorkloads.Stamp(now),
                ["lastTransitionTime"] = RookWorkloads.Stamp(now),
            }),
            ["ceph"] = ceph,
            ["storage"] = storage,
            ["version"] = new JsonObject { ["image"] = RookNames.CephImage, ["version"] = ShortVersion(version) },
        };
    }

    private static JsonObject Versions(string version, CephSnapshot s)
    {
        var line = version.Trim();
        var osds = s.UpOsds;
        var mons = s.Quorum.Count;
        var mgr = s.MgrAvailable ? 1 : 0;
        JsonObject One(int n) => n > 0 ? new JsonObject { [line] = n } : new JsonObject();
        return new JsonObject { ["mon"] = One(mons), ["mgr"] = One(mgr), ["osd"] = One(osds), ["overall"] = One(mons + mgr + osds) };
    }

    /// <summary>"ceph version 16.2.15 (…) pacific (stable)" → "16.2.15-0", the form Rook reports.</summary>
    public static string ShortVersion(string version)
    {
        var parts = version.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 ? $"{parts[2]}-0" : version;
    }
}
