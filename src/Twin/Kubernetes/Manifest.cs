using System.Text.Json.Nodes;

namespace Deepthought.Twin.Kubernetes;

/// <summary>Small builders for the objects twin components seed.</summary>
public static class Manifest
{
    public static JsonObject Object(string apiVersion, string kind, string name, string? ns = null, IReadOnlyDictionary<string, string>? labels = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var meta = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            meta["namespace"] = ns;
        }

        if (labels is { Count: > 0 })
        {
            meta["labels"] = Map(labels);
        }

        if (annotations is { Count: > 0 })
        {
            meta["annotations"] = Map(annotations);
        }

        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = meta };
    }

    public static JsonObject Map(IReadOnlyDictionary<string, string> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values)
        {
            o[k] = v;
        }

        return o;
    }

    /// <summary>Parses a JSON literal (seeding code keeps objects readable as JSON text).</summary>
    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
