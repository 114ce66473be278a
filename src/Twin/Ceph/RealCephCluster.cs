using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Deepthought.Protocols;

namespace Deepthought.Twin.Ceph;

/// <summary>How to build a loopback cluster.</summary>
public sealed record CephClusterOptions
{
    /// <summary>One bluestore OSD per profiled data disk.</summary>
    public int Osds { get; init; } = 3;

    /// <summary>Mons a, b, c... (Rook runs three on three nodes, one otherwise).</summary>
    public int Mons { get; init; } = 1;

    /// <summary>Where the scratch folder goes (the twin's work root).</summary>
    public string WorkRoot { get; init; } = Path.GetTempPath();

    /// <summary>Clock for the keys' creation stamps (waits always use the wall clock).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public TimeSpan ReadyDeadline { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Size of each OSD's sparse block file.</summary>
    public long OsdBlockBytes { get; init; } = 10L << 30;
}

/// <summary>Seconds from the start of the build to each milestone (for reports and benchmarks).</summary>
public sealed record CephStartTimings(double MonsInQuorum, double OsdsStarted, double HealthOk, double MetricsReady);

/// <summary>
/// A real Ceph Pacific cluster on 127.0.0.1 built from the Debian packages: mons, one mgr with the prometheus module,
/// one bluestore OSD (sparse file) per data disk, all state, logs, sockets and pids in one scratch folder. Daemons are
/// this process's children; <see cref="DisposeAsync"/> stops them (OSDs first, so they can tell the mons) and removes
/// the folder, leaving no process, port or file behind.
/// </summary>
public sealed partial class RealCephCluster : ICephBackend, IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private readonly CephInstallation _ceph;
    private readonly CephClusterOptions _options;
    private readonly SortedDictionary<string, CephDaemon> _mons = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, CephDaemon> _osds = [];
    private CephDaemon? _mgr;
    private CephWatchdog? _watchdog;
    private int _disposed;

    private RealCephCluster(CephInstallation ceph, CephClusterOptions options, string directory)
    {
        _ceph = ceph;
        _options = options;
        Directory = directory;
        ConfPath = Path.Combine(directory, "ceph.conf");
        MonNames = Enumerable.Range(0, options.Mons).Select(i => ((char)('a' + i)).ToString()).ToArray();
        OsdIds = Enumerable.Range(0, options.Osds).ToArray();
    }

    public bool IsReal => true;

    /// <summary>The scratch folder: every file and socket of the cluster is under it (<c>pgrep -f</c> it to find the daemons).</summary>
    public string Directory { get; }

    public string ConfPath { get; }

    public string Version { get; private set; } = "";

    public string Description => $"real Ceph ({Version.Split('(')[0].Trim()}): {MonNames.Count} mon(s), 1 mgr, {OsdIds.Count} OSD(s) in {Directory}";

    public IReadOnlyList<int> OsdIds { get; }

    public IReadOnlyList<string> MonNames { get; }

    public Uri MetricsUrl { get; private set; } = new("http://127.0.0.1/");

    public CephStartTimings? Timings { get; private set; }

    /// <summary>What happened to the cluster (faults, recoveries, with their durations), for reports and benchmarks.</summary>
    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>Process ids of the running daemons.</summary>
    public IReadOnlyList<int> Pids => AllDaemons().Select(d => d.Pid).OfType<int>().ToArray();

    public async Task<JsonObject> StatusJsonAsync(CancellationToken cancellationToken) =>
        CephTool.ParseObject(await CliAsync(["status", "-f", "json"], cancellationToken), "ceph status");

    public async Task<JsonObject> HealthDetailJsonAsync(CancellationToken cancellationToken) =>
        CephTool.ParseObject(await CliAsync(["health", "detail", "-f", "json"], cancellationToken), "ceph health detail");

    public async Task<CephSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var status = await StatusJsonAsync(cancellationToken);
        var osdmap = status["osdmap"] as JsonObject;
        var all = (int?)osdmap?["num_osds"];
        var needDump = (int?)osdmap?["num_up_osds"] != all || (int?)osdmap?["num_in_osds"] != all;
        JsonObject? dump = needDump ? CephTool.ParseObject(await CliAsync(["osd", "dump", "-f", "json"], cancellationToken), "ceph osd dump") : null;
        return CephSnapshot.Parse(status, dump, OsdIds);
    }

    public Task StopOsdAsync(int id, CancellationToken cancellationToken) => Daemon(_osds, id, "OSD").StopAsync(TimeSpan.FromSeconds(15), cancellationToken);

    public Task StartOsdAsync(int id, CancellationToken cancellationToken)
    {
        Daemon(_osds, id, "OSD").Start();
        return Task.CompletedTask;
    }

    public Task StopMonAsync(string name, CancellationToken cancellationToken) => Daemon(_mons, name, "mon").StopAsync(TimeSpan.FromSeconds(15), cancellationToken);

    public Task StartMonAsync(string name, CancellationToken cancellationToken)
    {
        Daemon(_mons, name, "mon").Start();
        return Task.CompletedTask;
    }

    public Task SetOsdFlagAsync(string flag, bool on, CancellationToken cancellationToken) =>
        CliAsync(["osd", on ? "set" : "unset", flag], cancellationToken);

    /// <summary>Runs <c>ceph -c &lt;our conf&gt; …</c>; the answer or a <see cref="CephBackendException"/>.</summary>
    public Task<string> CliAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? standardInput = null) =>
        CephTool.RunAsync(_ceph.Cli, ["-c", ConfPath, "--connect-timeout", "15", .. arguments], CommandTimeout, cancellationToken, standardInput);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // OSDs first: on SIGTERM each tells the mons it is going down, which needs the mons still up.
        var grace = TimeSpan.FromSeconds(10);
        await Task.WhenAll(_osds.Values.Select(d => d.StopAsync(grace, CancellationToken.None)));
        if (_mgr is not null)
        {
            await _mgr.StopAsync(grace, CancellationToken.None);
        }

        await Task.WhenAll(_mons.Values.Select(d => d.StopAsync(grace, CancellationToken.None)));
        foreach (var d in AllDaemons())
        {
            d.CloseOutput();
        }

        await RemoveDirectoryAsync();
        _watchdog?.Stop();
        SharedCeph.Forget(this);
    }

    /// <summary>At process exit, where there is little time: SIGKILL every daemon without waiting, remove the folder
    /// (the watchdog finishes the job if the host is gone before this completes).</summary>
    public void KillNow()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var d in AllDaemons())
        {
            d.KillNow();
        }

        ScratchFolders.TryDelete(Directory);
        _watchdog?.Stop();
    }

    private IEnumerable<CephDaemon> AllDaemons() =>
        _osds.Values.Concat(_mgr is null ? [] : [_mgr]).Concat(_mons.Values);

    private static CephDaemon Daemon<TKey>(SortedDictionary<TKey, CephDaemon> daemons, TKey key, string what)
        where TKey : notnull =>
        daemons.TryGetValue(key, out var d) ? d : throw new ArgumentException($"this cluster has no {what} {Convert.ToString(key, CultureInfo.InvariantCulture)}");

    private async Task RemoveDirectoryAsync()
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (ScratchFolders.TryDelete(Directory))
            {
                return;
            }

            await Clock.PauseAsync(TimeSpan.FromMilliseconds(200), TimeProvider.System, CancellationToken.None);
        }
    }
}
