using System.Text.Json.Nodes;

namespace Deepthought.Twin.Kubernetes.Api.Selectors;

/// <summary>
/// A field selector (<c>metadata.name=x,status.phase!=Running</c>) over the fields the real API server supports
/// for each kind; any other field is a 400 "field label not supported", as there.
/// </summary>
public sealed class FieldSelector
{
    private static readonly IReadOnlyDictionary<string, string[]> KindFields = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Pod"] = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"],
        ["Secret"] = ["type"],
        ["Node"] = ["spec.unschedulable"],
        ["Namespace"] = ["status.phase"],
        ["Event"] = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
        ["ReplicaSet"] = ["status.replicas"],
    };

    private readonly IReadOnlyList<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(string Field, bool Equal, string Value)> terms)
    {
        _terms = terms;
    }

    public static FieldSelector Everything { get; } = new([]);

    public bool IsEmpty => _terms.Count == 0;

    /// <summary>The value a term requires of <paramref name="field"/> (e.g. metadata.name for a single-object watch).</summary>
    public string? RequiredValue(string field) => _terms.FirstOrDefault(t => t.Field == field && t.Equal).Value;

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var term in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (op, at) = term.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0 ? ("!=", ne)
                : term.IndexOf("==", StringComparison.Ordinal) is var eq and > 0 ? ("==", eq)
                : ("=", term.IndexOf('=', StringComparison.Ordinal));
            if (at <= 0)
            {
                throw KubeApiException.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }

            var field = term[..at].Trim();
            if (!Supported(field, type))
            {
                throw KubeApiException.BadRequest($"field label not supported: {field}");
            }

            terms.Add((field, op != "!=", term[(at + op.Length)..].Trim()));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj) => _terms.All(t => (Value(obj, t.Field) == t.Value) == t.Equal);

    private static bool Supported(string field, ResourceType type) =>
        field is "metadata.name" or "metadata.namespace"
        || (type.Group.Length == 0 || type.Group == "events.k8s.io") && KindFields.TryGetValue(type.Kind, out var f) && f.Contains(field);

    private static string Value(JsonObject obj, string field)
    {
        JsonNode? node = obj;
        foreach (var part in field.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node switch
        {
            null => field == "spec.unschedulable" || field == "spec.hostNetwork" ? "false" : "",
            JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
            JsonValue v => v.ToString(),
            _ => node.ToJsonString(),
        };
    }
}
