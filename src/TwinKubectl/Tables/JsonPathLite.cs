using System.Text.Json.Nodes;

namespace Deepthought.Twin.Kubectl.Tables;

/// <summary>
/// The JSONPath subset CRD printer columns use: <c>.a.b</c>, <c>.a[0].b</c>, <c>.a[*].b</c> and filters
/// <c>.a[?(@.type=="Ready")].status</c>. Several matches are joined by commas, as the API server does.
/// </summary>
public static class JsonPathLite
{
    public static IReadOnlyList<JsonNode> Select(JsonNode root, string path)
    {
        var current = new List<JsonNode> { root };
        var p = path.Trim().TrimStart('{').TrimEnd('}').TrimStart('$');
        var i = 0;
        while (i < p.Length && current.Count > 0)
        {
            if (p[i] == '.')
            {
                var end = i + 1;
                while (end < p.Length && p[end] is not ('.' or '['))
                {
                    end++;
                }

                var name = p[(i + 1)..end];
                current = current.OfType<JsonObject>().Select(o => o[name]).OfType<JsonNode>().ToList();
                i = end;
            }
            else if (p[i] == '[')
            {
                var end = p.IndexOf(']', i);
                if (end < 0)
                {
                    return [];
                }

                var inner = p[(i + 1)..end];
                current = current.OfType<JsonArray>().SelectMany(a => Index(a, inner)).ToList();
                i = end + 1;
            }
            else
            {
                return [];
            }
        }

        return current;
    }

    /// <summary>The cell text for a printer column: matches joined by commas; "" when nothing matches.</summary>
    public static string Text(JsonNode root, string path) =>
        string.Join(",", Select(root, path).Select(n => n is JsonValue v ? v.ToString() : n.ToJsonString()));

    private static IEnumerable<JsonNode> Index(JsonArray array, string inner)
    {
        if (inner == "*")
        {
            return array.OfType<JsonNode>();
        }

        if (int.TryParse(inner, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            var at = n < 0 ? array.Count + n : n;
            return at >= 0 && at < array.Count && array[at] is { } e ? [e] : [];
        }

        // ?(@.field=="value") or ?(@.field=='value')
        if (inner.StartsWith("?(@.", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            var expr = inner[4..^1];
            var eq = expr.IndexOf("==", StringComparison.Ordinal);
            if (eq < 0)
            {
                return array.OfType<JsonObject>().Where(o => o[expr] is not null);
            }

            var field = expr[..eq].Trim();
            var value = expr[(eq + 2)..].Trim().Trim('"', '\'');
            return array.OfType<JsonObject>().Where(o => o[field] is JsonValue v && v.ToString() == value);
        }

        return [];
    }
}
