using System.Text.Json.Nodes;

namespace Deepthought.Twin.Mesh;

/// <summary>
/// What the mesh needs to know about a pod, read from its object once (like a proxy, which reads its settings when
/// it starts): identity, IP, labels, named ports, owner, and the default inbound policy fixed at start.
/// </summary>
public sealed record PodFacts(
    string Namespace,
    string Name,
    string ServiceAccount,
    string Ip,
    bool Injected,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, int> NamedPorts,
    string Deployment,
    string TemplateHash,
    string DefaultInboundPolicy)
{
    public const string DefaultPolicyAnnotation = "config.linkerd.io/default-inbound-policy";

    public const string ClusterDefaultPolicy = "all-unauthenticated";

    /// <summary>Reads a pod object; the namespace object supplies the default policy annotation when the pod has none.</summary>
    public static PodFacts FromObject(JsonObject pod, JsonObject? ns)
    {
        var meta = (JsonObject)pod["metadata"]!;
        var labels = Strings(meta["labels"]);
        var podAnnotations = Strings(meta["annotations"]);
        var nsAnnotations = Strings(ns?["metadata"]?["annotations"]);
        var containers = (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in containers.SelectMany(c => (c["ports"] as JsonArray)?.OfType<JsonObject>() ?? []))
        {
            if ((string?)p["name"] is { } name)
            {
                ports.TryAdd(name, (int)p["containerPort"]!);
            }
        }

        var hash = labels.GetValueOrDefault("pod-template-hash", "");
        var owner = (meta["ownerReferences"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(o => (bool?)o["controller"] == true);
        var ownerName = (string?)owner?["name"] ?? "";
        var deployment = labels.GetValueOrDefault("linkerd.io/proxy-deployment")
            ?? ((string?)owner?["kind"] == "ReplicaSet" && hash.Length > 0 && ownerName.EndsWith($"-{hash}", StringComparison.Ordinal)
                ? ownerName[..^(hash.Length + 1)]
                : "");
        return new PodFacts(
            (string?)meta["namespace"] ?? "default",
            (string)meta["name"]!,
            (string?)pod["spec"]?["serviceAccountName"] ?? "default",
            (string?)pod["status"]?["podIP"] ?? "",
            containers.Any(c => (string?)c["name"] == LinkerdInjector.ProxyContainer),
            labels,
            ports,
            deployment,
            hash,
            podAnnotations.GetValueOrDefault(DefaultPolicyAnnotation) ?? nsAnnotations.GetValueOrDefault(DefaultPolicyAnnotation) ?? ClusterDefaultPolicy);
    }

    /// <summary>A pod the store does not hold (a caller known only by its identity).</summary>
    public static PodFacts Unknown(string ns, string name, string serviceAccount) =>
        new(ns, name, serviceAccount, "", false, new Dictionary<string, string>(), new Dictionary<string, int>(), "", "", ClusterDefaultPolicy);

    private static Dictionary<string, string> Strings(JsonNode? node) =>
        node is JsonObject o
            ? o.Where(kv => kv.Value is JsonValue).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
