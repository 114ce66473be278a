using System.Globalization;
using System.Text.Json.Nodes;

namespace Deepthought.Protocols.Rook;

/// <summary>One entry of <c>status.ceph.details</c>: a Ceph health check Rook copied (OSD_DOWN, MON_DOWN...).</summary>
public sealed record CephHealthDetail(string Name, string Severity, string Message)
{
    public override string ToString() => $"{Name}: {Message}";
}

/// <summary>A device selection at one level of <c>spec.storage</c> (cluster-wide or one node); a device's
/// <c>fullpath</c> wins over its <c>name</c>, as Rook's provisioning does.</summary>
public sealed record StorageSelection(bool? UseAllDevices, string? DeviceFilter, string? DevicePathFilter, IReadOnlyList<string> Devices)
{
    public static StorageSelection Read(JsonObject? o) => new(
        (bool?)o?["useAllDevices"],
        NonEmpty((string?)o?["deviceFilter"]),
        NonEmpty((string?)o?["devicePathFilter"]),
        (o?["devices"] as JsonArray)?.OfType<JsonObject>()
            .Select(d => NonEmpty((string?)d["fullpath"]) ?? NonEmpty((string?)d["name"]))
            .OfType<string>().ToList() ?? []);

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}

/// <summary><c>spec.storage</c>: all nodes or the listed ones, each with its selection.</summary>
public sealed record StorageSpec(bool UseAllNodes, StorageSelection Cluster, IReadOnlyList<(string Name, StorageSelection Selection)> Nodes);

/// <summary>The parts of a CephCluster the checks read (typed from the CR's JSON, not a vendored model).</summary>
public sealed record CephClusterView(
    string Namespace,
    string Name,
    string? Phase,
    string? Message,
    string? Health,
    IReadOnlyList<CephHealthDetail> Details,
    DateTimeOffset? LastChecked,
    int? MonCount,
    StorageSpec Storage)
{
    /// <summary>Rook's default <c>spec.healthCheck.daemonHealth.status.interval</c>.</summary>
    public static readonly TimeSpan DefaultStatusInterval = TimeSpan.FromSeconds(60);

    public string Subject => $"CephCluster {Namespace}/{Name}";

    /// <summary>How often Rook refreshes <c>status.ceph</c>: <c>spec.healthCheck.daemonHealth.status.interval</c>, else 60 s.</summary>
    public TimeSpan StatusInterval { get; init; } = DefaultStatusInterval;

    /// <summary><c>spec.healthCheck.daemonHealth.status.disabled</c>: Rook then never refreshes <c>status.ceph</c>.</summary>
    public bool StatusCheckDisabled { get; init; }

    public static CephClusterView Read(JsonObject cr)
    {
        var meta = cr["metadata"] as JsonObject;
        var spec = cr["spec"] as JsonObject;
        var status = cr["status"] as JsonObject;
        var ceph = status?["ceph"] as JsonObject;
        var details = new List<CephHealthDetail>();
        if (ceph?["details"] is JsonObject d)
        {
            foreach (var (name, value) in d)
            {
                details.Add(new CephHealthDetail(name, (string?)value?["severity"] ?? "", (string?)value?["message"] ?? ""));
            }
        }

        var storage = spec?["storage"] as JsonObject;
        var nodes = (storage?["nodes"] as JsonArray)?.OfType<JsonObject>()
            .Select(n => ((string?)n["name"] ?? "", StorageSelection.Read(n)))
            .ToList() ?? [];
        var statusCheck = spec?["healthCheck"]?["daemonHealth"]?["status"] as JsonObject;
        var lastChecked = DateTimeOffset.TryParse((string?)ceph?["lastChecked"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTimeOffset?)null;
        return new CephClusterView(
            (string?)meta?["namespace"] ?? "",
            (string?)meta?["name"] ?? "",
            (string?)status?["phase"],
            (string?)status?["message"],
            (string?)ceph?["health"],
            details,
            lastChecked,
            (int?)spec?["mon"]?["count"],
            new StorageSpec((bool?)storage?["useAllNodes"] ?? false, StorageSelection.Read(storage), nodes))
        {
            StatusInterval = GoDuration.TryParse(statusCheck?["interval"]?.ToString(), out var interval) && interval > TimeSpan.Zero ? interval : DefaultStatusInterval,
            StatusCheckDisabled = statusCheck?["disabled"] is JsonValue v && v.TryGetValue(out bool disabled) && disabled,
        };
    }
}

/// <summary>Go's <c>time.ParseDuration</c> syntax as Kubernetes writes a <c>metav1.Duration</c> ("60s", "1m30s", "500ms").</summary>
public static class GoDuration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text?.Trim() ?? "";
        if (s.Length == 0)
        {
            return false;
        }

        var i = 0;
        double total = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (!double.TryParse(s[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            double? seconds = s[unitStart..i] switch
            {
                "ns" => 1e-9,
                "us" or "\u00b5s" or "\u03bcs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => null,
            };
            if (seconds is null)
            {
                return false;
            }

            total += number * seconds.Value;
        }

        value = TimeSpan.FromSeconds(total);
        return true;
    }
}
