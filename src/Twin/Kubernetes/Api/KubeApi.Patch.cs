using System.Text.Json.Nodes;
using Deepthought.Protocols.Formats;
using Microsoft.AspNetCore.Http;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>
/// PATCH in its four content types: JSON merge patch, strategic merge patch, JSON patch, and server-side apply
/// (<c>application/apply-patch+yaml</c>, which creates a missing object; field ownership is not tracked). The patch
/// flavours come from the kubectl module (<see cref="IKubeApiExtension.Patch"/>): the harness never patches, so without
/// it every PATCH is refused with 415, as a real server refuses a patch type it does not apply.
/// </summary>
public sealed partial class KubeApi
{
    private async Task PatchAsync(HttpContext ctx, Target t)
    {
        var contentType = (ctx.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var apply = PatchFlavour(contentType);
        var isApply = contentType.StartsWith("application/apply-patch", StringComparison.Ordinal);
        if (isApply && string.IsNullOrEmpty(ctx.Request.Query["fieldManager"]))
        {
            throw new KubeApiException(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        }

        var patch = await ReadBodyAsync(ctx);
        if (isApply && patch is JsonObject applied)
        {
            ObjectRules.CheckTypeMeta(applied, t.Type);
        }

        var dryRun = IsDryRun(ctx);
        var created = false;
        var stored = _store.Atomically(() =>
        {
            var current = _store.Get(t.Type, t.Ns, t.Name);
            if (current is null)
            {
                if (!isApply || t.Subresource.Length > 0 || patch is not JsonObject fresh)
                {
                    throw KubeApiException.NotFound(t.Group, t.Resource, t.Name);
                }

                var obj = (JsonObject)fresh.DeepClone();
                ObjectRules.Meta(obj)["name"] ??= t.Name;
                created = true;
                return CreateLocked(obj, t, dryRun);
            }

            var patched = apply(current, patch) as JsonObject
                ?? throw KubeApiException.BadRequest("the patch turned the object into something other than a JSON object");
            var next = ObjectRules.PrepareForUpdate(current, patched, t.Type, t.Subresource == "status");
            if (JsonNode.DeepEquals(next, current))
            {
                return current; // a no-op patch writes nothing and keeps the resourceVersion, as the real server does
            }

            return dryRun ? next : _store.Put(next);
        });
        await WriteJsonAsync(ctx, created ? 201 : 200, stored);
    }

    private Func<JsonObject, JsonNode?, JsonNode?> PatchFlavour(string mediaType) => _kubectl?.Patch(mediaType)
        ?? throw new KubeApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: none ({mediaType} asked): {KubectlSupportMissing.Hint}");

    /// <summary>The scale subresource of workloads: spec.replicas as an autoscaling/v1 Scale.</summary>
    private async Task ScaleAsync(HttpContext ctx, ApiRequest req, Target t)
    {
        JsonObject ToScale(JsonObject o) => new()
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = t.Name,
                ["namespace"] = t.Ns,
                ["resourceVersion"] = o["metadata"]?["resourceVersion"]?.DeepClone(),
                ["uid"] = o["metadata"]?["uid"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = JsonNumbers.Long(o["spec"]?["replicas"]) ?? 1 },
            ["status"] = new JsonObject { ["replicas"] = JsonNumbers.Long(o["status"]?["replicas"]) ?? 0 },
        };

        if (req.Verb == "get")
        {
            var obj = _store.Get(t.Type, t.Ns, t.Name) ?? throw KubeApiException.NotFound(t.Group, t.Resource, t.Name);
            await WriteJsonAsync(ctx, 200, ToScale(obj));
            return;
        }

        if (req.Verb is not ("update" or "patch"))
        {
            throw KubeApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }

        var body = await ReadBodyAsync(ctx);
        var stored = _store.Atomically(() =>
        {
            var current = _store.Get(t.Type, t.Ns, t.Name) ?? throw KubeApiException.NotFound(t.Group, t.Resource, t.Name);
            var scale = req.Verb == "update" ? body : ctx.Request.ContentType?.Contains("json-patch", StringComparison.Ordinal) == true
                ? PatchFlavour("application/json-patch+json")(ToScale(current), body)
                : PatchFlavour("application/merge-patch+json")(ToScale(current), body);
            var replicas = JsonNumbers.Long(scale?["spec"]?["replicas"]) ?? throw KubeApiException.BadRequest("spec.replicas is required");
            var next = (JsonObject)current.DeepClone();
            var spec = next["spec"] as JsonObject ?? (JsonObject)(next["spec"] = new JsonObject());
            spec["replicas"] = replicas;
            return IsDryRun(ctx) ? next : _store.Put(next);
        });
        await WriteJsonAsync(ctx, 200, ToScale(stored));
    }
}
