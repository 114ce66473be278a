using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deepthought.Protocols.Formats;

/// <summary>Null-tolerant reads of Kubernetes JSON (custom resources are read as JSON, not as generated models).</summary>
public static class JsonFields
{
    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var p in path)
        {
            node = node is JsonObject o && o.TryGetPropertyValue(p, out var next) ? next : null;
        }

        return node;
    }

    public static string Str(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
        : node.At(path) is JsonValue n && n.GetValueKind() == JsonValueKind.Number ? n.ToJsonString()
        : "";

    public static long? Long(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var l) ? l
        : node.At(path) is JsonValue s && s.GetValueKind() == JsonValueKind.String
          && long.TryParse(s.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p
        : null;

    public static bool? Bool(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    public static IEnumerable<JsonNode> Items(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonArray a ? a.Where(x => x is not null).Select(x => x!) : [];

    public static IReadOnlyDictionary<string, string> StringMap(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonObject o
            ? o.Where(kv => kv.Value is JsonValue).ToDictionary(kv => kv.Key, kv => kv.Value.Str(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Turns a JsonElement from the Kubernetes client's generic calls into a mutable node.</summary>
    public static JsonNode? ToNode(this JsonElement element) => JsonNode.Parse(element.GetRawText());
}
