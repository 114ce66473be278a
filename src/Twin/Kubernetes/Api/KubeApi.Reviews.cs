using System.Text.Json.Nodes;
using Deepthought.Twin.Kubernetes.Api.Rbac;
using Microsoft.AspNetCore.Http;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>SelfSubjectAccessReview (what <c>kubectl auth can-i</c> asks): the same RBAC decision the requests get.</summary>
public sealed partial class KubeApi
{
    private async Task AccessReviewAsync(HttpContext ctx, ResourceType review, KubeUser user)
    {
        var body = await ReadObjectAsync(ctx);
        var spec = body["spec"] as JsonObject ?? throw KubeApiException.BadRequest("spec is required");
        ApiRequest asked;
        if (spec["resourceAttributes"] is JsonObject r)
        {
            asked = new ApiRequest
            {
                Method = "GET",
                Path = "",
                IsResource = true,
                Verb = (string?)r["verb"] ?? "",
                Group = (string?)r["group"] ?? "",
                Version = (string?)r["version"] ?? "",
                Resource = (string?)r["resource"] ?? "",
                Subresource = (string?)r["subresource"] ?? "",
                Namespace = (string?)r["namespace"] ?? "",
                Name = (string?)r["name"] ?? "",
            };
        }
        else if (spec["nonResourceAttributes"] is JsonObject n)
        {
            asked = new ApiRequest { Method = "GET", Path = (string?)n["path"] ?? "", Verb = (string?)n["verb"] ?? "" };
        }
        else
        {
            throw KubeApiException.Invalid(review.Group, review.Kind, "", "spec", "Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be specified");
        }

        var allowed = _rbac.Allows(user, asked);
        var result = (JsonObject)body.DeepClone();
        result["apiVersion"] = review.ApiVersion;
        result["kind"] = review.Kind;
        result["metadata"] ??= new JsonObject();
        result["status"] = new JsonObject { ["allowed"] = allowed, ["reason"] = allowed ? "allowed by RBAC" : "" };
        await WriteJsonAsync(ctx, 201, result);
    }

    /// <summary>SelfSubjectRulesReview (<c>kubectl auth can-i --list</c>): the rules bound to the user in a namespace.</summary>
    private async Task RulesReviewAsync(HttpContext ctx, ResourceType review, KubeUser user)
    {
        var body = await ReadObjectAsync(ctx);
        var ns = (string?)body["spec"]?["namespace"] ?? "";
        var resourceRules = new JsonArray();
        var nonResourceRules = new JsonArray();
        foreach (var rule in _rbac.Rules(user, ns))
        {
            if (rule["nonResourceURLs"] is JsonArray urls && urls.Count > 0)
            {
                nonResourceRules.Add(new JsonObject { ["verbs"] = rule["verbs"]?.DeepClone(), ["nonResourceURLs"] = urls.DeepClone() });
            }
            else
            {
                var r = new JsonObject { ["verbs"] = rule["verbs"]?.DeepClone(), ["apiGroups"] = rule["apiGroups"]?.DeepClone(), ["resources"] = rule["resources"]?.DeepClone() };
                if (rule["resourceNames"] is JsonArray names)
                {
                    r["resourceNames"] = names.DeepClone();
                }

                resourceRules.Add(r);
            }
        }

        var result = (JsonObject)body.DeepClone();
        result["apiVersion"] = review.ApiVersion;
        result["kind"] = review.Kind;
        result["metadata"] ??= new JsonObject();
        result["status"] = new JsonObject { ["resourceRules"] = resourceRules, ["nonResourceRules"] = nonResourceRules, ["incomplete"] = false };
        await WriteJsonAsync(ctx, 201, result);
    }
}
