using System.Globalization;
using System.Text.Json.Nodes;
using Deepthought.Protocols.Rook;
using Deepthought.Twin.Ceph;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Rook;

/// <summary>
/// Rook's status loop in the twin: it reads <c>ceph status</c> from the twin's Ceph, writes the CephCluster's status and
/// the daemons' pod readiness, then waits the CephCluster's <c>spec.healthCheck.daemonHealth.status.interval</c> (60 s
/// when unset) before the next run, as Rook's status checker does — so the CR lags the cluster like Rook's. It also
/// points the rook-ceph-mgr Service's proxy at the mgr's real metrics endpoint.
/// </summary>
[TwinScenario("ceph-status-disagrees", "the operator stopped refreshing the CephCluster: it still says HEALTH_OK while the live mgr health is HEALTH_WARN (noout set), beyond the allowed lag", NeedsRealBackend = true)]
public sealed class RookStatusController : ITwinComponent
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private TwinContext? _context;
    private CephTwin? _ceph;
    private bool _frozen;
    private bool _failed;

    /// <summary>The wait between two status runs: DEEPTHOUGHT_TWIN_ROOK_STATUS_SECONDS when set (like the operator's
    /// ROOK_CEPH_STATUS_CHECK_INTERVAL, it overrides the CR), else the CephCluster's status interval, else 60 s.</summary>
    public static TimeSpan IntervalFor(JsonObject? cephCluster, string? overrideSeconds) =>
        double.TryParse(overrideSeconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : cephCluster is null ? CephClusterView.DefaultStatusInterval : CephClusterView.Read(cephCluster).StatusInterval;

    /// <summary>The interval this controller waits between status runs (set when it starts).</summary>
    public TimeSpan StatusInterval { get; private set; } = CephClusterView.DefaultStatusInterval;

    public int Order => 150;

    public async Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        _context = context;
        _ceph = context.Find<CephTwin>();
        if (_ceph is null)
        {
            return;
        }

        var ns = context.Profile.Storage.Namespace;
        StatusInterval = IntervalFor(context.Store.Get(RookNames.ApiVersion, "CephCluster", ns, context.Profile.Storage.CephCluster),
            Environment.GetEnvironmentVariable("DEEPTHOUGHT_TWIN_ROOK_STATUS_SECONDS"));
        var metricsBase = new Uri(_ceph.Backend.MetricsUrl, "/");
        foreach (var port in new[] { RookNames.MetricsPortName, RookNames.MetricsPort.ToString(CultureInfo.InvariantCulture) })
        {
            context.Proxies.Register("services", ns, RookNames.MgrService, port, metricsBase);
            context.Proxies.Register("pods", ns, RookDaemonPods.MgrPodName(ns), port, metricsBase);
        }

        _frozen = context.Scenarios.Has("ceph-status-disagrees");
        await RefreshAsync(cancellationToken);
        if (_frozen)
        {
            FreezeAsHealthy(await _ceph.Backend.SnapshotAsync(cancellationToken));
        }

        _loop = LoopAsync(_stop.Token);
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(StatusInterval, _context!.Time, ct);
                await RefreshAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Keep looping like the operator does; say once what went wrong.
                if (!_failed)
                {
                    _failed = true;
                    _context!.Notices.Enqueue($"Rook status loop: {e.GetType().Name}: {e.Message}");
                }
            }
        }
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        var context = _context!;
        var backend = _ceph!.Backend;
        CephSnapshot? snapshot = null;
        string? error = null;
        try
        {
            snapshot = await backend.SnapshotAsync(ct);
        }
        catch (CephBackendException e)
        {
            error = e.Message;
        }

        var p = context.Profile.Storage;
        var now = context.Time.GetUtcNow();
        if (!_frozen)
        {
            context.Store.Update(RookNames.ApiVersion, "CephCluster", p.Namespace, p.CephCluster, cr =>
            {
                var generation = Generation(cr);
                var previous = cr["status"] as JsonObject;
                cr["status"] = snapshot is not null
                    ? RookStatus.From(snapshot, previous, backend.Version, generation, now)
                    : RookStatus.Unreachable($"failed to get status. {error}", previous, backend.Version, generation, now);
            });
        }

        if (snapshot is not null)
        {
            RookPodReadiness.Apply(context, snapshot);
        }
    }

    // The operator's last word before it stopped: HEALTH_OK, checked well before the interval and margin allow.
    private void FreezeAsHealthy(CephSnapshot live)
    {
        var context = _context!;
        var p = context.Profile.Storage;
        var checkedAt = context.Time.GetUtcNow() - StatusInterval - TimeSpan.FromSeconds(p.StatusMarginSeconds + 300);
        var healthy = live with { Health = "HEALTH_OK", Checks = [] };
        context.Store.Update(RookNames.ApiVersion, "CephCluster", p.Namespace, p.CephCluster, cr =>
        {
            var generation = Generation(cr);
            cr["status"] = RookStatus.From(healthy, null, _ceph!.Backend.Version, generation, checkedAt);
        });
    }

    private static long Generation(JsonObject cr) =>
        long.TryParse(cr["metadata"]?["generation"]?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) ? g : 1;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        if (_context is not null && _ceph is not null)
        {
            var ns = _context.Profile.Storage.Namespace;
            foreach (var port in new[] { RookNames.MetricsPortName, RookNames.MetricsPort.ToString(CultureInfo.InvariantCulture) })
            {
                _context.Proxies.Unregister("services", ns, RookNames.MgrService, port);
                _context.Proxies.Unregister("pods", ns, RookDaemonPods.MgrPodName(ns), port);
            }
        }
    }
}
