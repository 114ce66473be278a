using System.Text.Json.Nodes;

namespace Deepthought.Twin.Kubectl.Patching;

/// <summary>
/// Strategic merge patch for the kinds the twin serves: a JSON merge patch where the lists Kubernetes declares with
/// a merge key (containers by name, ports by port, conditions by type, ...) merge element by element, and the
/// directives <c>$patch</c>, <c>$retainKeys</c>, <c>$setElementOrder/…</c> and <c>$deleteFromPrimitiveList/…</c> apply.
/// </summary>
public static class StrategicMergePatch
{
    // Field name → merge key, from the Kubernetes API types' patchMergeKey tags (the kinds the twin holds).
    private static readonly IReadOnlyDictionary<string, string> MergeKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["volumes"] = "name",
        ["env"] = "name",
        ["imagePullSecrets"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["conditions"] = "type",
        ["addresses"] = "type",
        ["taints"] = "key",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
        ["ownerReferences"] = "uid",
        ["secrets"] = "name",
    };

    // Primitive lists whose patch strategy is "merge" (union) rather than replace.
    private static readonly IReadOnlySet<string> MergedPrimitiveLists = new HashSet<string>(StringComparer.Ordinal) { "finalizers" };

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) =>
        patch is JsonObject p ? MergeObject(target as JsonObject, p) : patch?.DeepClone();

    private static JsonObject? MergeObject(JsonObject? target, JsonObject patch)
    {
        var directive = (string?)patch["$patch"];
        if (directive == "delete")
        {
            return null;
        }

        var result = directive == "replace" || target is null ? new JsonObject() : (JsonObject)target.DeepClone();
        var retain = (patch["$retainKeys"] as JsonArray)?.Select(k => (string?)k).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (key is "$patch" or "$retainKeys" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray list && value is JsonArray gone)
                {
                    result[field] = new JsonArray(list.Where(e => !gone.Any(g => JsonNode.DeepEquals(e, g))).Select(e => e?.DeepClone()).ToArray());
                }

                continue;
            }

            if (value is null)
            {
                result.Remove(key);
                continue;
            }

            var merged = value switch
            {
                JsonObject o => MergeObject(result[key] as JsonObject, o),
                JsonArray a => MergeList(key, result[key] as JsonArray, a),
                _ => value.DeepClone(),
            };
            if (merged is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = merged;
            }
        }

        if (retain is not null)
        {
            foreach (var key in result.Select(kv => kv.Key).Where(k => !retain.Contains(k)).ToList())
            {
                result.Remove(key);
            }
        }

        return result;
    }

    private static JsonArray MergeList(string field, JsonArray? target, JsonArray patch)
    {
        if (patch.Any(e => e is JsonObject o && (string?)o["$patch"] == "replace"))
        {
            return new JsonArray(patch.Where(e => !(e is JsonObject o && o.ContainsKey("$patch"))).Select(e => e?.DeepClone()).ToArray());
        }

        if (target is null)
        {
            return new JsonArray(patch.Where(e => !(e is JsonObject o && (string?)o["$patch"] == "delete")).Select(e => Apply(null, e)).ToArray());
        }

        if (MergedPrimitiveLists.Contains(field) && patch.All(e => e is JsonValue))
        {
            var union = target.Select(e => e?.DeepClone()).ToList();
            union.AddRange(patch.Where(p => !target.Any(t => JsonNode.DeepEquals(t, p))).Select(p => p?.DeepClone()));
            return new JsonArray(union.ToArray());
        }

        var key = MergeKeyFor(field, patch);
        if (key is null)
        {
            return (JsonArray)patch.DeepClone();
        }

        var result = target.Select(e => e?.DeepClone()).ToList();
        foreach (var element in patch.OfType<JsonObject>())
        {
            var id = element[key];
            var at = result.FindIndex(e => e is JsonObject o && JsonNode.DeepEquals(o[key], id));
            if ((string?)element["$patch"] == "delete")
            {
                if (at >= 0)
                {
                    result.RemoveAt(at);
                }

                continue;
            }

            if (at >= 0)
            {
                result[at] = MergeObject(result[at] as JsonObject, element);
            }
            else
            {
                result.Add(MergeObject(null, element));
            }
        }

        return new JsonArray(result.ToArray());
    }

    // Ports merge by containerPort in containers and by port in services.
    private static string? MergeKeyFor(string field, JsonArray patch)
    {
        if (field == "ports")
        {
            return patch.OfType<JsonObject>().Any(o => o.ContainsKey("containerPort")) ? "containerPort" : "port";
        }

        return MergeKeys.TryGetValue(field, out var key) && patch.All(e => e is JsonObject o && o.ContainsKey(key)) ? key : null;
    }
}
