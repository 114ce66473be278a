using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Deepthought.Twin.Ceph;

/// <summary>
/// Scripted Ceph answers where Ceph is not installed (the twin says so in its notices; with
/// DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1 this fallback is refused): the same JSON shapes as Pacific's CLI and the same
/// metric names as the mgr's prometheus module, computed from a small state (OSDs up/in, mons in quorum, flags).
/// </summary>
public sealed class ScriptedCeph : ICephBackend, IAsyncDisposable
{
    private const string PacificVersion = "ceph version 16.2.15 (618f440892089921c3e944a991122ddc44e60516) pacific (stable)";
    private readonly object _lock = new();
    private readonly SortedDictionary<int, bool> _osdUp = [];
    private readonly SortedDictionary<string, bool> _monUp = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly string _fsid = Guid.NewGuid().ToString();
    private CephMetricsServer? _server;

    private ScriptedCeph(int osds, int mons, string why)
    {
        for (var i = 0; i < osds; i++)
        {
            _osdUp[i] = true;
        }

        for (var i = 0; i < mons; i++)
        {
            _monUp[((char)('a' + i)).ToString()] = true;
        }

        Why = why;
    }

    public static async Task<ScriptedCeph> StartAsync(int osds, int mons, string why, CancellationToken cancellationToken)
    {
        var ceph = new ScriptedCeph(osds, mons, why);
        ceph._server = await CephMetricsServer.StartAsync(ceph.RenderMetrics, cancellationToken);
        return ceph;
    }

    public bool IsReal => false;

    /// <summary>Why the answers are scripted (Ceph not installed, or a scenario that needs a cluster without OSDs).</summary>
    public string Why { get; }

    public string Description => $"scripted Ceph answers ({Why}): {_monUp.Count} mon(s), 1 mgr, {_osdUp.Count} OSD(s)";

    public string Version => PacificVersion;

    public IReadOnlyList<int> OsdIds => _osdUp.Keys.ToArray();

    public IReadOnlyList<string> MonNames => _monUp.Keys.ToArray();

    public Uri MetricsUrl => _server?.Url ?? throw new InvalidOperationException("the scripted metrics server is not running");

    public Task<JsonObject> StatusJsonAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var up = _osdUp.Count(o => o.Value);
            var osds = _osdUp.Count;
            var pgs = osds == 0 ? 0 : 1;
            return Task.FromResult(new JsonObject
            {
                ["fsid"] = _fsid,
                ["health"] = new JsonObject { ["status"] = Health(), ["checks"] = ChecksJson(withDetail: false), ["mutes"] = new JsonArray() },
                ["quorum_names"] = new JsonArray(_monUp.Where(m => m.Value).Select(m => (JsonNode)m.Key).ToArray()),
                ["monmap"] = new JsonObject { ["num_mons"] = _monUp.Count },
                ["osdmap"] = new JsonObject { ["num_osds"] = osds, ["num_up_osds"] = up, ["num_in_osds"] = osds },
                ["pgmap"] = new JsonObject
                {
                    ["pgs_by_state"] = pgs == 0 ? new JsonArray() : new JsonArray(new JsonObject { ["state_name"] = up == osds ? "active+clean" : "active+undersized+degraded", ["count"] = pgs }),
                    ["num_pgs"] = pgs,
                    ["bytes_total"] = osds * (10L << 30),
                    ["bytes_used"] = osds * (290L << 20),
                    ["bytes_avail"] = osds * ((10L << 30) - (290L << 20)),
                },
                ["mgrmap"] = new JsonObject { ["available"] = true, ["num_standbys"] = 0 },
            });
        }
    }

    public Task<JsonObject> HealthDetailJsonAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(new JsonObject { ["status"] = Health(), ["checks"] = ChecksJson(withDetail: true), ["mutes"] = new JsonArray() });
        }
    }

    public async Task<CephSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var status = await StatusJsonAsync(cancellationToken);
        JsonObject dump;
        lock (_lock)
        {
            dump = new JsonObject { ["osds"] = new JsonArray(_osdUp.Select(o => (JsonNode)new JsonObject { ["osd"] = o.Key, ["up"] = o.Value ? 1 : 0, ["in"] = 1 }).ToArray()) };
        }

        return CephSnapshot.Parse(status, dump, OsdIds);
    }

    public Task StopOsdAsync(int id, CancellationToken cancellationToken) => Set(_osdUp, id, false);

    public Task StartOsdAsync(int id, CancellationToken cancellationToken) => Set(_osdUp, id, true);

    public Task StopMonAsync(string name, CancellationToken cancellationToken) => Set(_monUp, name, false);

    public Task StartMonAsync(string name, CancellationToken cancellationToken) => Set(_monUp, name, true);

    public Task SetOsdFlagAsync(string flag, bool on, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _ = on ? _flags.Add(flag) : _flags.Remove(flag);
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private Task Set<TKey>(SortedDictionary<TKey, bool> states, TKey key, bool up)
        where TKey : notnull
    {
        lock (_lock)
        {
            if (!states.ContainsKey(key))
            {
                throw new ArgumentException($"the scripted cluster has no daemon {key}");
            }

            states[key] = up;
        }

        return Task.CompletedTask;
    }

    // Called under the lock.
    private List<(string Name, string Severity, string Message, string Detail)> Checks()
    {
        var checks = new List<(string, string, string, string)>();
        var down = _osdUp.Where(o => !o.Value).Select(o => o.Key).ToList();
        if (down.Count > 0)
        {
            checks.Add(("OSD_DOWN", "HEALTH_WARN", $"{down.Count} osds down", string.Join("; ", down.Select(d => $"osd.{d} is down"))));
        }

        var monsDown = _monUp.Where(m => !m.Value).Select(m => m.Key).ToList();
        if (monsDown.Count > 0)
        {
            var quorum = string.Join(",", _monUp.Where(m => m.Value).Select(m => m.Key));
            checks.Add(("MON_DOWN", "HEALTH_WARN", $"{monsDown.Count}/{_monUp.Count} mons down, quorum {quorum}", string.Join("; ", monsDown.Select(m => $"mon.{m} is down (out of quorum)"))));
        }

        if (_flags.Count > 0)
        {
            checks.Add(("OSDMAP_FLAGS", "HEALTH_WARN", $"{string.Join(",", _flags.Order(StringComparer.Ordinal))} flag(s) set", ""));
        }

        if (_osdUp.Count == 0)
        {
            checks.Add(("TOO_FEW_OSDS", "HEALTH_WARN", $"OSD count {_osdUp.Count} < osd_pool_default_size 3", ""));
        }

        return checks;
    }

    private string Health() => Checks().Any(c => c.Severity == "HEALTH_ERR") ? "HEALTH_ERR" : Checks().Count > 0 ? "HEALTH_WARN" : "HEALTH_OK";

    private JsonObject ChecksJson(bool withDetail)
    {
        var o = new JsonObject();
        foreach (var (name, severity, message, detail) in Checks())
        {
            var check = new JsonObject { ["severity"] = severity, ["summary"] = new JsonObject { ["message"] = message, ["count"] = 1 }, ["muted"] = false };
            if (withDetail)
            {
                check["detail"] = new JsonArray(detail.Split("; ", StringSplitOptions.RemoveEmptyEntries).Select(d => (JsonNode)new JsonObject { ["message"] = d }).ToArray());
            }

            o[name] = check;
        }

        return o;
    }

    private string RenderMetrics()
    {
        lock (_lock)
        {
            var sb = new StringBuilder();
            void Metric(string name, string type, string help, IEnumerable<(string? Daemon, double Value)> samples, string label = "ceph_daemon")
            {
                sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
                sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
                foreach (var (daemon, value) in samples)
                {
                    sb.Append(name);
                    if (daemon is not null)
                    {
                        sb.Append('{').Append(label).Append("=\"").Append(daemon).Append("\"}");
                    }

                    sb.Append(' ').Append(value.ToString("0.0", CultureInfo.InvariantCulture)).Append('\n');
                }
            }

            var health = Health() switch { "HEALTH_OK" => 0.0, "HEALTH_WARN" => 1.0, _ => 2.0 };
            Metric("ceph_health_status", "untyped", "Cluster health status", [(null, health)]);
            Metric("ceph_mon_quorum_status", "gauge", "Monitors in quorum", _monUp.Select(m => ((string?)$"mon.{m.Key}", m.Value ? 1.0 : 0.0)));
            Metric("ceph_mgr_status", "gauge", "MGR status (0=standby, 1=active)", [("mgr.a", 1.0)]);
            Metric("ceph_osd_up", "untyped", "OSD status up", _osdUp.Select(o => ((string?)$"osd.{o.Key}", o.Value ? 1.0 : 0.0)));
            Metric("ceph_osd_in", "untyped", "OSD status in", _osdUp.Select(o => ((string?)$"osd.{o.Key}", 1.0)));
            foreach (var (name, severity, _, _) in Checks())
            {
                sb.Append("ceph_health_detail{name=\"").Append(name).Append("\",severity=\"").Append(severity).Append("\"} 1.0\n");
            }

            return sb.ToString();
        }
    }
}
