using System.Globalization;
using System.Text.Json.Nodes;

namespace Deepthought.Twin.Ceph;

/// <summary>One active health check (<c>OSD_DOWN</c>, <c>MON_DOWN</c>...) with its severity and summary, as Rook copies it into <c>status.ceph.details</c>.</summary>
public sealed record CephHealthCheck(string Name, string Severity, string Message);

/// <summary>One OSD's state in the OSD map.</summary>
public sealed record CephOsd(int Id, bool Up, bool In);

/// <summary>
/// What <c>ceph status -f json</c> (and, when an OSD is not up and in, <c>ceph osd dump -f json</c>) said at one moment:
/// the reading Rook's status loop and the twin's pods are driven from.
/// </summary>
public sealed record CephSnapshot(
    string Fsid,
    string Health,
    IReadOnlyList<CephHealthCheck> Checks,
    int NumOsds,
    int UpOsds,
    int InOsds,
    IReadOnlyList<CephOsd> Osds,
    int NumMons,
    IReadOnlyList<string> Quorum,
    bool MgrAvailable,
    int NumPgs,
    IReadOnlyDictionary<string, int> PgStates,
    long BytesTotal,
    long BytesUsed,
    long BytesAvailable)
{
    public int ActiveCleanPgs => PgStates.TryGetValue("active+clean", out var n) ? n : 0;

    /// <summary>Ready for use: HEALTH_OK, every OSD up and in, every mon in quorum, PGs exist and all are active+clean
    /// (HEALTH_OK alone is not enough: inactive PGs are only reported as stuck after 60 s).</summary>
    public bool IsSettled(int expectedOsds, int expectedMons) =>
        Health == "HEALTH_OK" && NumOsds == expectedOsds && UpOsds == expectedOsds && InOsds == expectedOsds
        && Quorum.Count == expectedMons && MgrAvailable && (expectedOsds == 0 || (NumPgs > 0 && ActiveCleanPgs == NumPgs));

    public bool HasCheck(string name) => Checks.Any(c => c.Name == name);

    /// <summary>One line for logs and timeouts: health with its checks, OSDs, quorum and PG states.</summary>
    public string Describe()
    {
        var checks = Checks.Count == 0 ? "" : $" ({string.Join("; ", Checks.Select(c => $"{c.Name}: {c.Message}"))})";
        var pgs = NumPgs == 0 ? "no PGs" : $"{NumPgs} PGs: {string.Join(", ", PgStates.Select(p => $"{p.Value} {p.Key}"))}";
        return $"{Health}{checks}; OSDs {UpOsds} up, {InOsds} in of {NumOsds}; mons in quorum [{string.Join(",", Quorum)}] of {NumMons}; mgr {(MgrAvailable ? "available" : "unavailable")}; {pgs}";
    }

    /// <summary>Reads Pacific's <c>ceph status -f json</c>; <paramref name="osdDump"/> gives per-OSD states (else derived when all are up and in).</summary>
    public static CephSnapshot Parse(JsonObject status, JsonObject? osdDump, IReadOnlyList<int> knownOsdIds)
    {
        var health = status["health"] as JsonObject;
        var checks = new List<CephHealthCheck>();
        if (health?["checks"] is JsonObject c)
        {
            foreach (var (name, value) in c)
            {
                checks.Add(new CephHealthCheck(name, Str(value?["severity"]) ?? "HEALTH_WARN", Str(value?["summary"]?["message"]) ?? name));
            }
        }

        var osdmap = status["osdmap"] as JsonObject;

        // Older releases nest the counters under osdmap.osdmap; Pacific has them flat.
        if (osdmap?["osdmap"] is JsonObject nested)
        {
            osdmap = nested;
        }

        var num = Int(osdmap?["num_osds"]);
        var up = Int(osdmap?["num_up_osds"]);
        var @in = Int(osdmap?["num_in_osds"]);
        var osds = osdDump?["osds"] is JsonArray list
            ? list.OfType<JsonObject>().Select(o => new CephOsd(Int(o["osd"]), Int(o["up"]) == 1, Int(o["in"]) == 1)).OrderBy(o => o.Id).ToList()
            : (up == num && @in == num ? knownOsdIds.Select(id => new CephOsd(id, true, true)).ToList() : []);

        var pgmap = status["pgmap"] as JsonObject;
        var states = new Dictionary<string, int>(StringComparer.Ordinal);
        if (pgmap?["pgs_by_state"] is JsonArray byState)
        {
            foreach (var s in byState.OfType<JsonObject>())
            {
                states[Str(s["state_name"]) ?? "unknown"] = Int(s["count"]);
            }
        }

        var quorum = (status["quorum_names"] as JsonArray)?.Select(n => Str(n) ?? "").ToList() ?? [];
        return new CephSnapshot(
            Str(status["fsid"]) ?? "",
            Str(health?["status"]) ?? "HEALTH_ERR",
            checks,
            num,
            up,
            @in,
            osds,
            Int(status["monmap"]?["num_mons"]),
            quorum,
            (bool?)status["mgrmap"]?["available"] ?? false,
            Int(pgmap?["num_pgs"]),
            states,
            Long(pgmap?["bytes_total"]),
            Long(pgmap?["bytes_used"]),
            Long(pgmap?["bytes_avail"]));
    }

    private static string? Str(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : n?.ToString();

    private static int Int(JsonNode? n) => (int)Long(n);

    private static long Long(JsonNode? n) => n is JsonValue v
        ? v.TryGetValue<long>(out var l) ? l
        : v.TryGetValue<double>(out var d) ? (long)d
        : long.TryParse(v.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : 0
        : 0;
}
