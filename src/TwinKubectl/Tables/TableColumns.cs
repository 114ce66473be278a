using System.Text.Json.Nodes;
using Deepthought.Protocols.Formats;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.Kubectl.Tables;

/// <summary>One column of a server-side table: what kubectl get prints (priority 1 = only with -o wide).</summary>
public sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority, Func<JsonObject, DateTimeOffset, JsonNode?> Cell);

/// <summary>The columns the real API server prints for the built-in kinds the twin serves (others: Name and Age).</summary>
public static class TableColumns
{
    public static TableColumn Name { get; } = new("Name", "string", "name", "Name must be unique within a namespace.", 0, (o, _) => Str(o, "metadata", "name"));

    public static TableColumn Age { get; } = new("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
        (o, now) => HumanDuration.Since(Str(o, "metadata", "creationTimestamp"), now));

    public static TableColumn CreatedAt { get; } = new("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
        (o, _) => Str(o, "metadata", "creationTimestamp"));

    public static IReadOnlyList<TableColumn> For(ResourceType type) => (type.Group, type.Kind) switch
    {
        ("", "Node") => Nodes,
        ("", "Namespace") => [Name, Col("Status", (o, _) => Str(o, "status", "phase")), Age],
        ("", "Pod") => Pods,
        ("", "Service") => Services,
        ("", "ConfigMap") => [Name, Col("Data", (o, _) => ((o["data"] as JsonObject)?.Count ?? 0) + ((o["binaryData"] as JsonObject)?.Count ?? 0)), Age],
        ("", "Secret") => [Name, Col("Type", (o, _) => Str(o, "type")), Col("Data", (o, _) => (o["data"] as JsonObject)?.Count ?? 0), Age],
        ("apps", "Deployment") => [Name, Col("Ready", (o, _) => $"{Int(o, "status", "readyReplicas")}/{Int(o, "spec", "replicas")}"),
            Col("Up-to-date", (o, _) => Int(o, "status", "updatedReplicas")), Col("Available", (o, _) => Int(o, "status", "availableReplicas")), Age],
        ("apps", "DaemonSet") => [Name, Col("Desired", (o, _) => Int(o, "status", "desiredNumberScheduled")), Col("Current", (o, _) => Int(o, "status", "currentNumberScheduled")),
            Col("Ready", (o, _) => Int(o, "status", "numberReady")), Col("Up-to-date", (o, _) => Int(o, "status", "updatedNumberScheduled")),
            Col("Available", (o, _) => Int(o, "status", "numberAvailable")), Age],
        ("apiextensions.k8s.io", "CustomResourceDefinition") => [Name, CreatedAt],
        _ => [Name, Age],
    };

    private static readonly IReadOnlyList<TableColumn> Nodes =
    [
        Name,
        Col("Status", (o, _) => NodeStatus(o)),
        Col("Roles", (o, _) => NodeRoles(o)),
        Age,
        Col("Version", (o, _) => Str(o, "status", "nodeInfo", "kubeletVersion")),
        Col("Internal-IP", (o, _) => Address(o, "InternalIP"), 1),
        Col("External-IP", (o, _) => Address(o, "ExternalIP"), 1),
        Col("OS-Image", (o, _) => Str(o, "status", "nodeInfo", "osImage"), 1),
        Col("Kernel-Version", (o, _) => Str(o, "status", "nodeInfo", "kernelVersion"), 1),
        Col("Container-Runtime", (o, _) => Str(o, "status", "nodeInfo", "containerRuntimeVersion"), 1),
    ];

    private static readonly IReadOnlyList<TableColumn> Pods =
    [
        Name,
        Col("Ready", (o, _) => $"{(o["status"]?["containerStatuses"] as JsonArray)?.Count(c => (bool?)c?["ready"] == true) ?? 0}/{(o["spec"]?["containers"] as JsonArray)?.Count ?? 0}"),
        Col("Status", (o, _) => Str(o, "metadata", "deletionTimestamp").Length > 0 ? "Terminating" : Or(Str(o, "status", "reason"), Str(o, "status", "phase"))),
        Col("Restarts", (o, _) => (o["status"]?["containerStatuses"] as JsonArray)?.Sum(c => JsonNumbers.Long(c?["restartCount"]) ?? 0) ?? 0),
        Age,
        Col("IP", (o, _) => Or(Str(o, "status", "podIP"), "<none>"), 1),
        Col("Node", (o, _) => Or(Str(o, "spec", "nodeName"), "<none>"), 1),
        Col("Nominated Node", (o, _) => Or(Str(o, "status", "nominatedNodeName"), "<none>"), 1),
        Col("Readiness Gates", (o, _) => "<none>", 1),
    ];

    private static readonly IReadOnlyList<TableColumn> Services =
    [
        Name,
        Col("Type", (o, _) => Or(Str(o, "spec", "type"), "ClusterIP")),
        Col("Cluster-IP", (o, _) => Or(Str(o, "spec", "clusterIP"), "<none>")),
        Col("External-IP", (o, _) => "<none>"),
        Col("Port(s)", (o, _) => Or(string.Join(",", (o["spec"]?["ports"] as JsonArray ?? []).Select(p => $"{p?["port"]}/{(string?)p?["protocol"] ?? "TCP"}")), "<none>")),
        Age,
        Col("Selector", (o, _) => o["spec"]?["selector"] is JsonObject s && s.Count > 0 ? string.Join(",", s.Select(kv => $"{kv.Key}={kv.Value}")) : "<none>", 1),
    ];

    private static TableColumn Col(string name, Func<JsonObject, DateTimeOffset, JsonNode?> cell, int priority = 0) =>
        new(name, "string", "", name, priority, cell);

    private static string Str(JsonObject o, params string[] path)
    {
        JsonNode? n = o;
        foreach (var p in path)
        {
            n = n is JsonObject j ? j[p] : null;
        }

        return n is JsonValue v ? v.ToString() : "";
    }

    private static long Int(JsonObject o, params string[] path) => long.TryParse(Str(o, path), out var v) ? v : 0;

    private static string Or(string value, string fallback) => value.Length > 0 ? value : fallback;

    private static string Address(JsonObject o, string type) =>
        Or((o["status"]?["addresses"] as JsonArray)?.OfType<JsonObject>().Where(a => (string?)a["type"] == type).Select(a => (string?)a["address"]).FirstOrDefault() ?? "", "<none>");

    private static string NodeStatus(JsonObject o)
    {
        var ready = (o["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Ready");
        var status = (string?)ready?["status"] switch { "True" => "Ready", "False" => "NotReady", _ => "Unknown" };
        return (bool?)o["spec"]?["unschedulable"] == true ? status + ",SchedulingDisabled" : status;
    }

    private static string NodeRoles(JsonObject o)
    {
        var roles = (o["metadata"]?["labels"] as JsonObject ?? [])
            .Select(kv => kv.Key)
            .Where(k => k.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal))
            .Select(k => k["node-role.kubernetes.io/".Length..])
            .Where(r => r.Length > 0)
            .Order(StringComparer.Ordinal)
            .ToList();
        return roles.Count == 0 ? "<none>" : string.Join(",", roles);
    }
}
