using System.Globalization;
using System.Text.Json.Nodes;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.GatewayApiCrds;

/// <summary>One served version of a CRD as the twin declares it.</summary>
public sealed record CrdVersion(string Name, bool Storage, bool Status = false, string? DeprecationWarning = null, IReadOnlyList<(string Name, string Type, string JsonPath)>? Columns = null);

/// <summary>
/// Builds CustomResourceDefinition objects the way the API server stores them once accepted (status Established and
/// NamesAccepted, acceptedNames, storedVersions). Schemas are open (preserve unknown fields): the twin serves the
/// kinds, the real schemas come from the upstream bundles in the fidelity tests. Used by the Gateway API and
/// Linkerd CRD seeders.
/// </summary>
public static class CrdManifest
{
    public static JsonObject Build(
        TimeProvider time,
        string group,
        string kind,
        string plural,
        bool namespaced,
        IReadOnlyList<CrdVersion> versions,
        IReadOnlyList<string>? shortNames = null,
        IReadOnlyList<string>? categories = null,
        IReadOnlyDictionary<string, string>? labels = null,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        var singular = kind.ToLowerInvariant();
        var names = new JsonObject
        {
            ["kind"] = kind,
            ["listKind"] = kind + "List",
            ["plural"] = plural,
            ["singular"] = singular,
        };
        if (shortNames is { Count: > 0 })
        {
            names["shortNames"] = new JsonArray(shortNames.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());
        }

        if (categories is { Count: > 0 })
        {
            names["categories"] = new JsonArray(categories.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());
        }

        var crd = Manifest.Object("apiextensions.k8s.io/v1", "CustomResourceDefinition", $"{plural}.{group}", labels: labels, annotations: annotations);
        crd["spec"] = new JsonObject
        {
            ["group"] = group,
            ["names"] = names,
            ["scope"] = namespaced ? "Namespaced" : "Cluster",
            ["versions"] = new JsonArray(versions.Select(Version).ToArray()),
        };
        var now = time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = names.DeepClone(),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["storedVersions"] = new JsonArray(versions.Where(v => v.Storage).Select(v => (JsonNode)JsonValue.Create(v.Name)!).ToArray()),
        };
        return crd;
    }

    private static JsonNode Version(CrdVersion v)
    {
        var o = new JsonObject
        {
            ["name"] = v.Name,
            ["served"] = true,
            ["storage"] = v.Storage,
            ["schema"] = new JsonObject
            {
                ["openAPIV3Schema"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
            },
            ["subresources"] = v.Status ? new JsonObject { ["status"] = new JsonObject() } : new JsonObject(),
        };
        if (v.DeprecationWarning is not null)
        {
            o["deprecated"] = true;
            o["deprecationWarning"] = v.DeprecationWarning;
        }

        if (v.Columns is { Count: > 0 })
        {
            o["additionalPrinterColumns"] = new JsonArray(v.Columns
                .Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["type"] = c.Type, ["jsonPath"] = c.JsonPath })
                .ToArray());
        }

        return o;
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["reason"] = reason,
        ["message"] = message,
        ["lastTransitionTime"] = now,
    };
}
