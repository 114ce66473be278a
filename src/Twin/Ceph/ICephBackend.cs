using System.Text.Json.Nodes;

namespace Deepthought.Twin.Ceph;

/// <summary>
/// The Ceph cluster behind the twin's Rook objects: a real one on loopback (<see cref="RealCephCluster"/>) or scripted
/// answers (<see cref="ScriptedCeph"/>) where Ceph is not installed. Daemon names follow Rook's: mons a, b, c; mgr a;
/// OSDs 0..n-1 in the order of the profiled data disks.
/// </summary>
public interface ICephBackend
{
    bool IsReal { get; }

    /// <summary>For notices and reports, e.g. "real Ceph 16.2.15: 3 mons, 1 mgr, 3 OSDs in /tmp/dt-ceph-…".</summary>
    string Description { get; }

    /// <summary>The daemons' version line (<c>ceph --version</c>).</summary>
    string Version { get; }

    IReadOnlyList<int> OsdIds { get; }

    IReadOnlyList<string> MonNames { get; }

    /// <summary>The mgr prometheus module's <c>/metrics</c> URL on 127.0.0.1.</summary>
    Uri MetricsUrl { get; }

    /// <summary><c>ceph status -f json</c>.</summary>
    Task<JsonObject> StatusJsonAsync(CancellationToken cancellationToken);

    /// <summary><c>ceph health detail -f json</c>.</summary>
    Task<JsonObject> HealthDetailJsonAsync(CancellationToken cancellationToken);

    /// <summary>The status reading, with per-OSD states.</summary>
    Task<CephSnapshot> SnapshotAsync(CancellationToken cancellationToken);

    /// <summary>Stops an OSD daemon with SIGTERM (it tells the mons it is going down: OSD_DOWN within about a second).</summary>
    Task StopOsdAsync(int id, CancellationToken cancellationToken);

    Task StartOsdAsync(int id, CancellationToken cancellationToken);

    Task StopMonAsync(string name, CancellationToken cancellationToken);

    Task StartMonAsync(string name, CancellationToken cancellationToken);

    /// <summary><c>ceph osd set|unset &lt;flag&gt;</c> (e.g. noout: OSDMAP_FLAGS, a HEALTH_WARN that leaves every daemon up).</summary>
    Task SetOsdFlagAsync(string flag, bool on, CancellationToken cancellationToken);
}
