using System.Globalization;
using System.Text.Json.Nodes;
using Deepthought.Twin.Kubernetes.Api;

namespace Deepthought.Twin.Kubectl.Patching;

/// <summary>JSON patch (RFC 6902): add, remove, replace, move, copy and test over JSON pointers (RFC 6901).</summary>
public static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonNode? patch)
    {
        if (patch is not JsonArray ops)
        {
            throw KubeApiException.BadRequest("json patch must be an array of operations");
        }

        var doc = target.DeepClone();
        foreach (var op in ops)
        {
            if (op is not JsonObject o || (string?)o["op"] is not { } name || (string?)o["path"] is not { } path)
            {
                throw Invalid($"invalid json patch operation {op?.ToJsonString()}: op and path are required");
            }

            switch (name)
            {
                case "add":
                    doc = Add(doc, path, Required(o, "value").DeepClone());
                    break;
                case "remove":
                    Remove(doc, path);
                    break;
                case "replace":
                    Remove(doc, path);
                    doc = Add(doc, path, Required(o, "value").DeepClone());
                    break;
                case "move":
                    var moved = Get(doc, From(o));
                    Remove(doc, From(o));
                    doc = Add(doc, path, moved);
                    break;
                case "copy":
                    doc = Add(doc, path, Get(doc, From(o)).DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(doc, path), o["value"]))
                    {
                        throw Invalid($"testing value {path} failed");
                    }

                    break;
                default:
                    throw Invalid($"unexpected json patch operation \"{name}\"");
            }
        }

        return doc;
    }

    private static string From(JsonObject o) => (string?)o["from"] ?? throw Invalid("move and copy operations need \"from\"");

    private static JsonNode Required(JsonObject o, string key) =>
        o.TryGetPropertyValue(key, out var v) && v is not null ? v : throw Invalid($"operation {o.ToJsonString()} needs a non-null \"{key}\"");

    private static string[] Tokens(string pointer) =>
        pointer.Length == 0 ? [] : pointer.StartsWith('/')
            ? pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray()
            : throw Invalid($"invalid JSON pointer \"{pointer}\"");

    private static JsonNode Get(JsonNode doc, string pointer)
    {
        var node = doc;
        foreach (var t in Tokens(pointer))
        {
            node = Child(node, t) ?? throw Invalid($"path {pointer} does not exist");
        }

        return node;
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject o => o[token],
        JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
        _ => null,
    };

    private static JsonNode Add(JsonNode doc, string pointer, JsonNode value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            return value;
        }

        var parent = Get(doc, ParentPointer(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Invalid($"cannot add at {pointer}");
        }

        return doc;
    }

    private static void Remove(JsonNode doc, string pointer)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            throw Invalid("cannot remove the whole document");
        }

        var parent = Get(doc, ParentPointer(tokens));
        var last = tokens[^1];
        var removed = parent switch
        {
            JsonObject o => o.Remove(last),
            JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => RemoveAt(a, i),
            _ => false,
        };
        if (!removed)
        {
            throw Invalid($"unable to remove nonexistent key: {last}: missing value");
        }
    }

    private static bool RemoveAt(JsonArray a, int i)
    {
        a.RemoveAt(i);
        return true;
    }

    private static string ParentPointer(string[] tokens) => string.Concat(tokens[..^1].Select(t => "/" + Escape(t)));

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static KubeApiException Invalid(string message) => new(422, "Invalid", $"the server rejected our request due to an error in our request: {message}");
}
