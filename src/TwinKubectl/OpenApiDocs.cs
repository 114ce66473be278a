using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Kubernetes.Api;

namespace Deepthought.Twin.Kubectl;

/// <summary>
/// A minimal OpenAPI v3 surface: the /openapi/v3 index and, per group/version, a document whose PATCH operations
/// carry each kind's <c>x-kubernetes-group-version-kind</c> and the <c>fieldValidation</c> query parameter. That is
/// what kubectl looks for before it sends <c>fieldValidation=Strict</c> (else apply stops with "failed to download
/// openapi"). No schemas: the PATCH bodies list no strategic merge patch, so kubectl computes patches from its
/// built-in types (built-in kinds) or as JSON merge patches (custom resources). /openapi/v2 answers 404.
/// </summary>
public static class OpenApiDocs
{
    public static JsonObject Index(IEnumerable<ResourceType> types)
    {
        var paths = new JsonObject();
        foreach (var gv in types.GroupBy(t => GroupVersionPath(t.Group, t.Version)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            paths[gv.Key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{gv.Key}?hash={Hash(gv)}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of one group/version ("api/v1", "apis/apps/v1"); null when nothing is served there.</summary>
    public static JsonObject? GroupVersion(IEnumerable<ResourceType> types, string path)
    {
        var inGv = types.Where(t => GroupVersionPath(t.Group, t.Version) == path).OrderBy(t => t.Plural, StringComparer.Ordinal).ToList();
        if (inGv.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        foreach (var t in inGv)
        {
            var prefix = t.Group.Length == 0 ? $"/api/{t.Version}" : $"/apis/{t.Group}/{t.Version}";
            var item = t.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{t.Plural}/{{name}}" : $"{prefix}/{t.Plural}/{{name}}";
            paths[item] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["description"] = $"partially update the specified {t.Kind}",
                    ["operationId"] = $"patch{t.Kind}",
                    ["parameters"] = new JsonArray(
                        Query("dryRun"),
                        Query("fieldManager"),
                        Query("fieldValidation"),
                        Query("force")),
                    ["requestBody"] = new JsonObject
                    {
                        ["content"] = new JsonObject
                        {
                            ["application/apply-patch+yaml"] = Body(),
                            ["application/json-patch+json"] = Body(),
                            ["application/merge-patch+json"] = Body(),
                        },
                        ["required"] = true,
                    },
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind },
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Discovery.GitVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static string GroupVersionPath(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private static JsonObject Query(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    private static JsonObject Body() => new() { ["schema"] = new JsonObject { ["type"] = "object" } };

    // Clients cache documents by URL: the hash changes when the group/version's kinds change.
    private static string Hash(IEnumerable<ResourceType> types) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(",", types.Select(t => $"{t.Kind}/{t.Plural}/{t.Namespaced}").Order(StringComparer.Ordinal)))))[..16];
}
