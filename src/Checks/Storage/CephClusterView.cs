using System.Globalization;
using System.Text.Json.Nodes;

namespace Deepthought.Checks.Storage;

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
    public string Subject => $"CephCluster {Namespace}/{Name}";

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
            new StorageSpec((bool?)storage?["useAllNodes"] ?? false, StorageSelection.Read(storage), nodes));
    }
}
