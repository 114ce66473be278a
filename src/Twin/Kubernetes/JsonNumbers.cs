using System.Globalization;
using System.Text.Json.Nodes;

namespace Deepthought.Twin.Kubernetes;

/// <summary>Reads numbers from JSON nodes whether they were parsed (JsonElement) or built in code (int, long, double).</summary>
public static class JsonNumbers
{
    public static long? Long(JsonNode? node) =>
        node is JsonValue v && long.TryParse(v.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null;
}
