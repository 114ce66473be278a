using System.Globalization;
using System.Text;

namespace Deepthought.Twin.Ceph;

/// <summary>The values one loopback cluster's ceph.conf is written from.</summary>
public sealed record CephConfigValues(
    string Fsid,
    string Directory,
    IReadOnlyList<(string Name, int Port)> Mons,
    (int Min, int Max) BindWindow,
    int Osds,
    long OsdBlockBytes);

/// <summary>
/// Writes ceph.conf for a one-host cluster: every path (logs, sockets, pids, crash dumps, the cluster log) inside the
/// scratch folder, messenger v2 only on 127.0.0.1, and the settings a single host needs for HEALTH_OK and for quick
/// failure detection (see /work/shared/reference/local-infra.md).
/// </summary>
public static class CephConfig
{
    public static string Render(CephConfigValues v)
    {
        var d = v.Directory;
        var size = Math.Clamp(v.Osds, 1, 3);
        var sb = new StringBuilder();
        void Line(string key, object value) => sb.Append(key).Append(" = ").Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');

        sb.Append("[global]\n");
        Line("fsid", v.Fsid);
        Line("mon initial members", string.Join(",", v.Mons.Select(m => m.Name)));
        Line("mon host", string.Join(",", v.Mons.Select(m => $"[v2:127.0.0.1:{m.Port}]")));
        Line("public addr", "127.0.0.1");
        Line("cluster addr", "127.0.0.1");
        Line("ms bind ipv6", "false");
        Line("ms bind msgr1", "false");
        Line("ms bind port min", v.BindWindow.Min);
        Line("ms bind port max", v.BindWindow.Max);
        Line("auth cluster required", "cephx");
        Line("auth service required", "cephx");
        Line("auth client required", "cephx");

        // Everything a daemon writes stays in the scratch folder (the defaults are /var/log/ceph, /var/run/ceph, /var/lib/ceph).
        Line("run dir", $"{d}/run");
        Line("log file", $"{d}/log/$name.log");
        Line("admin socket", $"{d}/run/$name.asok");
        Line("pid file", $"{d}/run/$name.pid");
        Line("crash dir", $"{d}/crash");
        Line("mon cluster log file", $"{d}/log/ceph.$channel.log");

        // One host: replicate across OSDs, not hosts; as many replicas as there are OSDs (up to 3).
        Line("osd pool default size", size);
        Line("osd pool default min size", Math.Max(1, size - 1));
        Line("osd crush chooseleaf type", 0);
        if (size == 1)
        {
            Line("mon allow pool size one", "true");
            Line("mon warn on pool no redundancy", "false");
        }

        Line("auth allow insecure global id reclaim", "false");
        Line("mon data avail warn", 5);

        // Failure detection when every OSD sits on the same host: one reporter suffices, short heartbeats.
        Line("mon osd reporter subtree level", "osd");
        Line("mon osd min down reporters", 1);
        Line("osd heartbeat grace", 10);
        Line("osd heartbeat interval", 2);
        Line("mon osd down out interval", 60);

        // The prometheus module from the start (no mgr respawn later); restful would want [::]:8003 and a certificate.
        Line("mgr initial modules", "iostat prometheus");

        sb.Append("\n[client]\n");
        Line("keyring", $"{d}/keyring");
        Line("log to file", "false");
        Line("admin socket", "");

        sb.Append("\n[mon]\n");
        Line("mon data", $"{d}/mon.$id");

        sb.Append("\n[mgr]\n");
        Line("mgr data", $"{d}/mgr.$id");
        Line("keyring", $"{d}/keyring");

        sb.Append("\n[osd]\n");
        Line("osd data", $"{d}/osd.$id");
        Line("osd objectstore", "bluestore");
        Line("bluestore block create", "true");
        Line("bluestore block size", v.OsdBlockBytes);
        Line("osd memory target", 1L << 30);
        return sb.ToString();
    }
}
