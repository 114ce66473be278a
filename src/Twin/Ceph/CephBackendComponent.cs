using System.Diagnostics;
using System.Globalization;
using Deepthought.Protocols;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Ceph;

/// <summary>The Ceph cluster behind a twin and where its daemons sit, shared with the Rook components.</summary>
public sealed record CephTwin(ICephBackend Backend, CephLayout Layout);

/// <summary>
/// Gives the twin its Ceph: the process-wide real cluster (shared by healthy twins, held alone by a fault scenario) or,
/// without Ceph installed, scripted answers with a notice — an error when real backends are required. Faults are
/// produced on the real daemons and undone at dispose, so the shared cluster is healthy again for the next twin.
/// </summary>
[TwinScenario("osd-down", "a real OSD daemon is stopped with SIGTERM: OSD_DOWN, HEALTH_WARN, its pod not ready", NeedsRealBackend = true)]
[TwinScenario("mon-down", "a real mon daemon is stopped with SIGTERM: MON_DOWN, quorum 2 of 3, HEALTH_WARN", NeedsRealBackend = true)]
public sealed class CephBackendComponent : ITwinComponent
{
    /// <summary>More OSDs than this are not started for real (each is a process with a sparse 10 GiB file).</summary>
    public static int MaxRealOsds { get; set; } =
        int.TryParse(Environment.GetEnvironmentVariable("DEEPTHOUGHT_CEPH_MAX_OSDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 12;

    /// <summary>Finds the Ceph installation (tests replace it to exercise the fallback on a machine that has Ceph).</summary>
    internal static Func<CephInstallation?> Locate { get; set; } = CephInstallation.Find;

    private static readonly TimeSpan SettleDeadline = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan FaultDeadline = TimeSpan.FromSeconds(90);
    private static readonly string[] FaultScenarios = ["osd-down", "mon-down", "ceph-status-disagrees"];

    private CephLease? _lease;
    private ScriptedCeph? _scripted;
    private readonly List<(string What, Func<CancellationToken, Task> Undo)> _undo = [];

    public int Order => 120;

    public async Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        if (!context.Profile.Storage.Enabled)
        {
            return;
        }

        var layout = CephLayout.For(context.Profile);
        var backend = await BackendAsync(context, layout, cancellationToken);
        context.Provide(new CephTwin(backend, layout));
        await InjectAsync(context, backend, layout, cancellationToken);
    }

    private async Task<ICephBackend> BackendAsync(TwinContext context, CephLayout layout, CancellationToken ct)
    {
        if (context.Scenarios.Has("cephcluster-no-osds"))
        {
            // Not a fallback: a Ceph cluster without OSDs cannot share the real one, so this scenario is scripted by design.
            _scripted = await ScriptedCeph.StartAsync(0, layout.Mons.Count, "scenario cephcluster-no-osds: every disk was skipped by the OSD prepare jobs", ct);
            context.Notices.Enqueue($"Ceph: {_scripted.Description}");
            return _scripted;
        }

        var install = Locate();
        var why = install is null ? $"Ceph is not installed ({(CephInstallation.Missing.Length > 0 ? CephInstallation.Missing : "ceph-mon, ceph-mgr, ceph-osd")} not found)"
            : layout.Osds.Count > MaxRealOsds ? $"the profile has {layout.Osds.Count} data disks, more than the {MaxRealOsds} real OSDs this machine runs (DEEPTHOUGHT_CEPH_MAX_OSDS)"
            : null;
        if (why is not null)
        {
            if (context.RequireRealBackends)
            {
                throw new ConfigurationException($"DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1 but {why}: install it with `{CephInstallation.AptInstall}`, or unset DEEPTHOUGHT_REQUIRE_REAL_BACKENDS to accept scripted Ceph answers");
            }

            _scripted = await ScriptedCeph.StartAsync(layout.Osds.Count, layout.Mons.Count, why, ct);
            context.Notices.Enqueue($"Ceph: {why}; using scripted Ceph answers");
            return _scripted;
        }

        var exclusive = FaultScenarios.Any(context.Scenarios.Has);
        var options = new CephClusterOptions
        {
            Osds = layout.Osds.Count,
            Mons = layout.Mons.Count,
            WorkRoot = Path.GetDirectoryName(context.WorkDirectory) ?? Path.GetTempPath(),
            Time = context.Time,
        };
        _lease = await SharedCeph.AcquireAsync(install!, options, exclusive, ct);
        var cluster = _lease.Cluster;
        await cluster.WaitSettledAsync(SettleDeadline, ct);
        await cluster.WaitMetricsAsync(m => CephWaits.MetricsSettled(m, cluster), "metrics of a healthy cluster", FaultDeadline, ct);
        context.Notices.Enqueue($"Ceph: {cluster.Description}");
        return cluster;
    }

    // Each fault sets its undo before acting, so a fault that fails half-way is still undone at dispose.
    private async Task InjectAsync(TwinContext context, ICephBackend backend, CephLayout layout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var how = backend.IsReal ? "stopped with SIGTERM" : "marked down (scripted)";
        if (context.Scenarios.Has("osd-down") && layout.Osds.Count > 0)
        {
            var osd = layout.Osds[^1];
            _undo.Add(($"osd.{osd.Id} restarted", t => backend.StartOsdAsync(osd.Id, t)));
            await backend.StopOsdAsync(osd.Id, ct);
            await backend.WaitForAsync(s => s.HasCheck("OSD_DOWN"), $"OSD_DOWN after stopping osd.{osd.Id}", FaultDeadline, ct);
            var detected = clock.Elapsed.TotalSeconds;
            await backend.WaitMetricsAsync(m => m.Find("ceph_osd_up", ("ceph_daemon", $"osd.{osd.Id}"))?.Value == 0 && m.Find("ceph_health_status")?.Value >= 1, $"osd.{osd.Id} down in the mgr metrics", FaultDeadline, ct);
            Record(context, backend, $"osd-down: osd.{osd.Id} ({osd.Node}/{osd.Device}) {how}; OSD_DOWN after {detected:0.0} s, in the mgr metrics after {clock.Elapsed.TotalSeconds:0.0} s");
        }

        if (context.Scenarios.Has("mon-down") && layout.Mons.Count > 1)
        {
            var mon = layout.Mons[^1];
            _undo.Add(($"mon.{mon.Name} restarted", t => backend.StartMonAsync(mon.Name, t)));
            await backend.StopMonAsync(mon.Name, ct);
            await backend.WaitForAsync(s => s.HasCheck("MON_DOWN"), $"MON_DOWN after stopping mon.{mon.Name}", FaultDeadline, ct);
            var detected = clock.Elapsed.TotalSeconds;
            await backend.WaitMetricsAsync(m => m.Find("ceph_mon_quorum_status", ("ceph_daemon", $"mon.{mon.Name}"))?.Value == 0, $"mon.{mon.Name} out of quorum in the mgr metrics", FaultDeadline, ct);
            Record(context, backend, $"mon-down: mon.{mon.Name} ({mon.Node}) {how}; MON_DOWN after {detected:0.0} s, in the mgr metrics after {clock.Elapsed.TotalSeconds:0.0} s");
        }

        if (context.Scenarios.Has("ceph-status-disagrees"))
        {
            // A real HEALTH_WARN that leaves every daemon up and in: only the CR's stale HEALTH_OK is wrong.
            _undo.Add(("noout unset", t => backend.SetOsdFlagAsync("noout", false, t)));
            await backend.SetOsdFlagAsync("noout", true, ct);
            await backend.WaitForAsync(s => s.HasCheck("OSDMAP_FLAGS"), "OSDMAP_FLAGS after `ceph osd set noout`", FaultDeadline, ct);
            await backend.WaitMetricsAsync(m => m.Find("ceph_health_status")?.Value >= 1, "HEALTH_WARN in the mgr metrics", FaultDeadline, ct);
            Record(context, backend, $"ceph-status-disagrees: `ceph osd set noout` (HEALTH_WARN, OSDMAP_FLAGS); in the mgr metrics after {clock.Elapsed.TotalSeconds:0.0} s");
        }
    }

    private static void Record(TwinContext context, ICephBackend backend, string line)
    {
        context.Notices.Enqueue($"Ceph fault {line}");
        (backend as RealCephCluster)?.Events.Enqueue(line);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_undo.Count > 0)
            {
                var backend = (ICephBackend?)_lease?.Cluster ?? _scripted!;
                var clock = Stopwatch.StartNew();
                using var cts = new CancellationTokenSource(SettleDeadline + FaultDeadline);
                for (var i = _undo.Count - 1; i >= 0; i--)
                {
                    await _undo[i].Undo(cts.Token);
                }

                await backend.WaitSettledAsync(SettleDeadline, cts.Token);
                var settled = clock.Elapsed.TotalSeconds;
                await backend.WaitMetricsAsync(m => CephWaits.MetricsSettled(m, backend), "metrics of a healthy cluster", FaultDeadline, cts.Token);
                var what = string.Join(", ", _undo.Select(u => u.What));
                (backend as RealCephCluster)?.Events.Enqueue(string.Create(CultureInfo.InvariantCulture, $"recovery: {what}; HEALTH_OK with PGs active+clean after {settled:0.0} s, metrics healthy after {clock.Elapsed.TotalSeconds:0.0} s"));
            }
        }
        catch when (_lease is not null)
        {
            // A shared cluster that did not recover would fail every later twin: discard it (we hold it alone), the next
            // twin starts a fresh one.
            await _lease.Cluster.DisposeAsync();
            throw;
        }
        finally
        {
            _undo.Clear();
            if (_lease is not null)
            {
                await _lease.DisposeAsync();
                _lease = null;
            }

            if (_scripted is not null)
            {
                await _scripted.DisposeAsync();
                _scripted = null;
            }
        }
    }
}
