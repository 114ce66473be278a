using System.Globalization;
using System.Text.Json.Nodes;
using Deepthought.Protocols;

namespace Deepthought.Twin.Ceph;

/// <summary>Building the cluster: keys, ceph.conf, monmap, mons, then the mgr and the OSDs in parallel, then waiting.</summary>
public sealed partial class RealCephCluster
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Builds and starts a cluster, waiting for HEALTH_OK, all PGs active+clean and the mgr metrics to agree.
    /// A failure tears down what was started and says where it stopped, with the last `ceph status`.</summary>
    public static async Task<RealCephCluster> StartAsync(CephInstallation ceph, CephClusterOptions options, CancellationToken cancellationToken)
    {
        ScratchFolders.SweepStale(options.WorkRoot);
        var directory = ScratchFolders.Create(options.WorkRoot);
        var cluster = new RealCephCluster(ceph, options, directory);
        cluster._watchdog = CephWatchdog.Start(directory);
        try
        {
            await cluster.BootstrapAsync(cancellationToken);
            return cluster;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var daemons = cluster.DeadDaemonsReport();
            await cluster.DisposeAsync();
            throw new CephBackendException($"real Ceph did not start: {e.Message}{daemons}", e);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task BootstrapAsync(CancellationToken ct)
    {
        var clock = Clock.StartTimer(TimeProvider.System); // the daemons start on the wall clock
        Version = (await CephTool.RunAsync(_ceph.Cli, ["--version"], ToolTimeout, ct)).Trim();
        var ports = LoopbackPorts.Free(MonNames.Count + 1);
        var mons = MonNames.Select((n, i) => (n, ports[i])).ToList();
        var metricsPort = ports[^1];
        var fsid = Guid.NewGuid().ToString();
        var d = Directory;

        var keyring = CephKeys.Section("mon.", CephKeys.NewSecret(_options.Time), ("mon", "allow *"))
            + CephKeys.Section("client.admin", CephKeys.NewSecret(_options.Time), ("mon", "allow *"), ("osd", "allow *"), ("mds", "allow *"), ("mgr", "allow *"))
            + CephKeys.Section("mgr.a", CephKeys.NewSecret(_options.Time), ("mon", "allow profile mgr"), ("osd", "allow *"), ("mds", "allow *"));
        ScratchFolders.WritePrivate(Path.Combine(d, "keyring"), keyring);
        await File.WriteAllTextAsync(ConfPath, CephConfig.Render(new CephConfigValues(fsid, d, mons, LoopbackPorts.BindWindow(200), OsdIds.Count, _options.OsdBlockBytes)), ct);

        var monmap = Path.Combine(d, "monmap");
        foreach (var n in MonNames)
        {
            System.IO.Directory.CreateDirectory(Path.Combine(d, $"mon.{n}"));
        }

        await CephTool.RunAsync(_ceph.MonMapTool, ["--create", "--fsid", fsid, .. mons.SelectMany(m => new[] { "--addv", m.n, $"[v2:127.0.0.1:{m.Item2}]" }), monmap], ToolTimeout, ct);
        await Task.WhenAll(MonNames.Select(n => CephTool.RunAsync(_ceph.Mon, ["-c", ConfPath, "--mkfs", "-i", n, "--monmap", monmap, "--keyring", Path.Combine(d, "keyring")], ToolTimeout, ct)));
        foreach (var n in MonNames)
        {
            var mon = new CephDaemon($"mon.{n}", _ceph.Mon, ["-f", "-c", ConfPath, "-i", n], d);
            _mons[n] = mon;
            mon.Start();
        }

        await this.WaitForAsync(s => s.Quorum.Count == MonNames.Count, "mons in quorum", TimeSpan.FromSeconds(60), ct);
        var monsUp = clock.Elapsed.TotalSeconds;

        await Task.WhenAll(StartMgrAsync(metricsPort, ct), CreateOsdsAsync(ct));
        var osdsStarted = clock.Elapsed.TotalSeconds;

        await this.WaitSettledAsync(_options.ReadyDeadline, ct);
        var healthy = clock.Elapsed.TotalSeconds;
        await this.WaitMetricsAsync(m => CephWaits.MetricsSettled(m, this), "metrics of a healthy cluster", TimeSpan.FromSeconds(90), ct);
        Timings = new CephStartTimings(monsUp, osdsStarted, healthy, clock.Elapsed.TotalSeconds);
        Events.Enqueue(string.Create(CultureInfo.InvariantCulture, $"started: mons in quorum {monsUp:0.0} s, OSDs started {osdsStarted:0.0} s, HEALTH_OK + PGs active+clean {healthy:0.0} s, metrics {Timings.MetricsReady:0.0} s"));
    }

    // server_addr must be in the config database before the module loads (it is read once; the default is every
    // interface); --force because the mon learns module options only from a running mgr.
    private async Task StartMgrAsync(int metricsPort, CancellationToken ct)
    {
        await Task.WhenAll(
            CliAsync(["config", "set", "mgr", "mgr/prometheus/server_addr", "127.0.0.1", "--force"], ct),
            CliAsync(["config", "set", "mgr", "mgr/prometheus/server_port", metricsPort.ToString(CultureInfo.InvariantCulture), "--force"], ct));
        MetricsUrl = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        _mgr = new CephDaemon("mgr.a", _ceph.Mgr, ["-f", "-c", ConfPath, "-i", "a"], Directory);
        _mgr.Start();
    }

    private Task CreateOsdsAsync(CancellationToken ct) => Task.WhenAll(OsdIds.Select(async id =>
    {
        var uuid = Guid.NewGuid().ToString();
        var secret = CephKeys.NewSecret(_options.Time);
        var data = Path.Combine(Directory, $"osd.{id}");
        System.IO.Directory.CreateDirectory(data);

        // The keyring must exist before --mkfs: mkfs authenticates as osd.<id> to fetch the mon config.
        ScratchFolders.WritePrivate(Path.Combine(data, "keyring"), CephKeys.Section($"osd.{id}", secret));
        var answer = await CliAsync(["osd", "new", uuid, id.ToString(CultureInfo.InvariantCulture), "-i", "-"], ct, new JsonObject { ["cephx_secret"] = secret }.ToJsonString());
        if (answer.Trim() != id.ToString(CultureInfo.InvariantCulture))
        {
            throw new CephBackendException($"`ceph osd new` answered '{answer.Trim()}' for osd.{id}");
        }

        await CephTool.RunAsync(_ceph.Osd, ["-c", ConfPath, "-i", id.ToString(CultureInfo.InvariantCulture), "--mkfs", "--osd-uuid", uuid], ToolTimeout, ct);
        var osd = new CephDaemon($"osd.{id}", _ceph.Osd, ["-f", "-c", ConfPath, "-i", id.ToString(CultureInfo.InvariantCulture)], Directory);
        lock (_osds)
        {
            _osds[id] = osd;
        }

        osd.Start();
    }));

    /// <summary>For a failed start: which daemons died, with the end of their output.</summary>
    private string DeadDaemonsReport()
    {
        var dead = AllDaemons().Where(x => !x.IsRunning).ToList();
        if (dead.Count == 0)
        {
            return "";
        }

        return "; daemons not running: " + string.Join("; ", dead.Select(x =>
        {
            var log = Path.Combine(Directory, "log", $"{x.Name}.out");
            var tail = File.Exists(log) ? string.Join(" | ", File.ReadLines(log).Where(l => l.Trim().Length > 0).TakeLast(3)) : "no output";
            return $"{x.Name}: {CephTool.Last(tail, 300)}";
        }));
    }
}
