using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deepthought.Tests.Storage;

/// <summary>
/// A structural check of an object against a CRD's openAPIV3Schema, the part the API server applies on write: every
/// field declared (or allowed by additionalProperties / x-kubernetes-preserve-unknown-fields — else it would be pruned),
/// every value of the declared type, enums respected.
/// </summary>
public static class CrdSchema
{
    public static IReadOnlyList<string> Violations(JsonNode? value, JsonObject schema, string path = "")
    {
        var found = new List<string>();
        Walk(value, schema, path, found);
        return found;
    }

    private static void Walk(JsonNode? value, JsonObject schema, string path, List<string> found)
    {
        if (value is null)
        {
            if ((bool?)schema["nullable"] != true)
            {
                found.Add($"{path}: null but not nullable");
            }

            return;
        }

        if ((bool?)schema["x-kubernetes-int-or-string"] == true)
        {
            if (value is not JsonValue v || v.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.String))
            {
                found.Add($"{path}: expected an integer or a string");
            }

            return;
        }

        var type = (string?)schema["type"];
        var preserve = (bool?)schema["x-kubernetes-preserve-unknown-fields"] == true;
        switch (type)
        {
            case "object":
                if (value is not JsonObject o)
                {
                    found.Add($"{path}: expected an object, got {value.GetValueKind()}");
                    return;
                }

                var properties = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"] as JsonObject;
                foreach (var (key, child) in o)
                {
                    var childPath = $"{path}.{key}";
                    if (properties?[key] is JsonObject s)
                    {
                        Walk(child, s, childPath, found);
                    }
                    else if (additional is not null)
                    {
                        Walk(child, additional, childPath, found);
                    }
                    else if (!preserve)
                    {
                        found.Add($"{childPath}: not in the schema (the API server would prune it)");
                    }
                }

                return;
            case "array":
                if (value is not JsonArray a)
                {
                    found.Add($"{path}: expected an array, got {value.GetValueKind()}");
                    return;
                }

                if (schema["items"] is JsonObject items)
                {
                    for (var i = 0; i < a.Count; i++)
                    {
                        Walk(a[i], items, $"{path}[{i}]", found);
                    }
                }

                return;
            case "string" or "integer" or "number" or "boolean":
                var kind = value.GetValueKind();
                var ok = type switch
                {
                    "string" => kind == JsonValueKind.String,
                    "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
                    "integer" => kind == JsonValueKind.Number && decimal.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && n % 1 == 0,
                    _ => kind == JsonValueKind.Number,
                };
                if (!ok)
                {
                    found.Add($"{path}: expected {type}, got {kind}");
                }
                else if (schema["enum"] is JsonArray allowed && !allowed.Any(e => JsonNode.DeepEquals(e, value)))
                {
                    found.Add($"{path}: '{value}' is not one of {allowed.ToJsonString()}");
                }

                return;
            default:
                if (!preserve && type is not null)
                {
                    found.Add($"{path}: unknown schema type {type}");
                }

                return;
        }
    }
}
