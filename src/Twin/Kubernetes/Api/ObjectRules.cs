using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deepthought.Protocols.GatewayApi;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>
/// What the API server's strategies do to objects on the way in: name validation, generateName, server-owned
/// metadata, status handling for kinds with a status subresource, and the status the server gives a new
/// Namespace or CustomResourceDefinition.
/// </summary>
public static partial class ObjectRules
{
    private const string SubdomainHelp = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string LabelHelp = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    public static JsonObject Meta(JsonObject obj) => obj["metadata"] as JsonObject ?? (JsonObject)(obj["metadata"] = new JsonObject());

    public static string NameOf(JsonObject obj) => (string?)obj["metadata"]?["name"] ?? "";

    public static string ResourceVersionOf(JsonObject obj) => (string?)obj["metadata"]?["resourceVersion"] ?? "";

    /// <summary>Checks kind and apiVersion of a body against the URL's type (400 when they differ) and fills them in.</summary>
    public static void CheckTypeMeta(JsonObject obj, ResourceType type)
    {
        var apiVersion = (string?)obj["apiVersion"];
        var kind = (string?)obj["kind"];
        if (apiVersion is { Length: > 0 } && apiVersion != type.ApiVersion)
        {
            throw KubeApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }

        if (kind is { Length: > 0 } && kind != type.Kind)
        {
            throw KubeApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }

        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
    }

    /// <summary>Prepares a new object: name (or generateName), namespace, no client-set server fields, status reset.</summary>
    public static void PrepareForCreate(JsonObject obj, ResourceType type, string? ns, DateTimeOffset now)
    {
        var meta = Meta(obj);
        var bodyNs = (string?)meta["namespace"];
        if (type.Namespaced && ns is not null && bodyNs is { Length: > 0 } && bodyNs != ns)
        {
            throw KubeApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        if (type.Namespaced)
        {
            meta["namespace"] = ns ?? bodyNs ?? "default";
        }
        else
        {
            meta.Remove("namespace");
        }

        var name = (string?)meta["name"];
        if (string.IsNullOrEmpty(name) && (string?)meta["generateName"] is { Length: > 0 } prefix)
        {
            name = prefix + Convert.ToHexString(Guid.NewGuid().ToByteArray())[..5].ToLowerInvariant();
            meta["name"] = name;
        }

        if (string.IsNullOrEmpty(name))
        {
            throw KubeApiException.Invalid(type.Group, type.Kind, "", "metadata.name", "Required value: name or generateName is required");
        }

        ValidateName(type, name);
        foreach (var serverOwned in new[] { "uid", "resourceVersion", "creationTimestamp", "generation", "deletionTimestamp", "managedFields", "selfLink" })
        {
            meta.Remove(serverOwned);
        }

        if (type.HasStatus)
        {
            obj.Remove("status");
        }

        if (type is { Group: "", Kind: "Namespace" })
        {
            obj["spec"] ??= new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
            var labels = meta["labels"] as JsonObject ?? (JsonObject)(meta["labels"] = new JsonObject());
            labels["kubernetes.io/metadata.name"] = name;
        }
        else if (type is { Group: "", Kind: "Secret" })
        {
            if (obj["type"] is not JsonValue t || t.ToString().Length == 0)
            {
                obj["type"] = "Opaque";
            }
        }
        else if (type is { Group: "", Kind: "Pod" })
        {
            obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
        }
        else if (type is { Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition" })
        {
            EstablishCrd(obj, type, name, now);
        }
    }

    /// <summary>
    /// Prepares an update of <paramref name="current"/> to <paramref name="next"/>: same name, the main resource leaves
    /// status alone when the kind has a status subresource, and a status update changes nothing but status.
    /// </summary>
    public static JsonObject PrepareForUpdate(JsonObject current, JsonObject next, ResourceType type, bool statusOnly)
    {
        var name = NameOf(current);
        if (NameOf(next) is { Length: > 0 } n && n != name)
        {
            throw KubeApiException.BadRequest($"the name of the object ({n}) does not match the name on the URL ({name})");
        }

        var rv = ResourceVersionOf(next);
        if (rv.Length > 0 && rv != ResourceVersionOf(current))
        {
            throw KubeApiException.Conflict(type.Group, type.Plural, name);
        }

        JsonObject result;
        if (statusOnly)
        {
            result = (JsonObject)current.DeepClone();
            result["status"] = next["status"]?.DeepClone();
        }
        else
        {
            result = (JsonObject)next.DeepClone();
            var meta = Meta(result);
            meta["name"] = name;
            if (type.Namespaced)
            {
                meta["namespace"] = current["metadata"]?["namespace"]?.DeepClone();
            }

            if (type.HasStatus)
            {
                result["status"] = current["status"]?.DeepClone();
            }

            if (type is { Group: "", Kind: "Namespace" } && meta["labels"] is JsonObject labels)
            {
                labels["kubernetes.io/metadata.name"] = name;
            }
        }

        result["apiVersion"] = type.ApiVersion;
        result["kind"] = type.Kind;
        if (result["status"] is null)
        {
            result.Remove("status");
        }

        return result;
    }

    public static void ValidateName(ResourceType type, string name)
    {
        var isLabel = type is { Group: "", Kind: "Namespace" };
        var valid = isLabel ? name.Length <= 63 && LabelPattern().IsMatch(name) : name.Length <= 253 && SubdomainPattern().IsMatch(name);
        if (!valid)
        {
            throw KubeApiException.Invalid(type.Group, type.Kind, name, "metadata.name", $"Invalid value: \"{name}\": {(isLabel ? LabelHelp : SubdomainHelp)}");
        }
    }

    // The apiextensions controllers accept the names and mark the CRD Established at once in the twin.
    private static void EstablishCrd(JsonObject crd, ResourceType type, string name, DateTimeOffset now)
    {
        var spec = crd["spec"] as JsonObject;
        var expected = $"{(string?)spec?["names"]?["plural"]}.{(string?)spec?["group"]}";
        if (name != expected)
        {
            throw KubeApiException.Invalid(type.Group, type.Kind, name, "metadata.name", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group");
        }

        var at = now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        JsonObject Condition(string t, string reason, string message) => new()
        {
            ["type"] = t, ["status"] = "True", ["lastTransitionTime"] = at, ["reason"] = reason, ["message"] = message,
        };
        var stored = (spec?["versions"] as JsonArray)?.OfType<JsonObject>().Where(v => (bool?)v["storage"] == true).Select(v => (JsonNode?)(string?)v["name"]).ToArray() ?? [];
        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = spec?["names"]?.DeepClone(),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted")),
            ["storedVersions"] = new JsonArray(stored),
        };
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainPattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelPattern();
}
