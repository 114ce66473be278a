using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>create, update (PUT, with resourceVersion conflicts), delete and deletecollection; dryRun=All computes without storing.</summary>
public sealed partial class KubeApi
{
    private async Task CreateAsync(HttpContext ctx, Target t)
    {
        var obj = await ReadObjectAsync(ctx);
        ObjectRules.CheckTypeMeta(obj, t.Type);
        var dryRun = IsDryRun(ctx);
        var stored = _store.Atomically(() => CreateLocked(obj, t, dryRun));
        await WriteJsonAsync(ctx, 201, stored);
    }

    // Inside the store's lock: the namespace must exist and the name must be free.
    private JsonObject CreateLocked(JsonObject obj, Target t, bool dryRun)
    {
        ObjectRules.PrepareForCreate(obj, t.Type, t.Ns, _time.GetUtcNow());
        var name = ObjectRules.NameOf(obj);
        var ns = t.Type.Namespaced ? (string?)obj["metadata"]?["namespace"] : null;
        if (ns is not null && _store.Get("v1", "Namespace", null, ns) is null)
        {
            throw KubeApiException.NotFound("", "namespaces", ns);
        }

        if (_store.Get(t.Type, ns, name) is not null)
        {
            throw KubeApiException.AlreadyExists(t.Group, t.Resource, name);
        }

        return dryRun ? obj : _store.Put(WithStoredVersion(obj, t.Type));
    }

    private async Task UpdateAsync(HttpContext ctx, Target t)
    {
        var obj = await ReadObjectAsync(ctx);
        ObjectRules.CheckTypeMeta(obj, t.Type);
        var dryRun = IsDryRun(ctx);
        var statusOnly = t.Subresource == "status";
        var stored = _store.Atomically(() =>
        {
            var current = _store.Get(t.Type, t.Ns, t.Name) ?? throw KubeApiException.NotFound(t.Group, t.Resource, t.Name);
            if (ObjectRules.ResourceVersionOf(obj).Length == 0 && !ResourceType.BuiltIn.Contains(t.Type))
            {
                // Custom resources do not allow unconditional updates.
                throw KubeApiException.Invalid(t.Group, t.Type.Kind, t.Name, "metadata.resourceVersion", "Invalid value: 0x0: must be specified for an update");
            }

            var next = ObjectRules.PrepareForUpdate(current, obj, t.Type, statusOnly);
            return dryRun ? next : _store.Put(next);
        });
        await WriteJsonAsync(ctx, 200, stored);
    }

    private async Task DeleteAsync(HttpContext ctx, Target t)
    {
        var options = await ReadBodyAsync(ctx) as JsonObject;
        var dryRun = IsDryRun(ctx);
        var deleted = _store.Atomically(() =>
        {
            var current = _store.Get(t.Type, t.Ns, t.Name) ?? throw KubeApiException.NotFound(t.Group, t.Resource, t.Name);
            var pre = options?["preconditions"];
            if (((string?)pre?["resourceVersion"] is { } rv && rv != ObjectRules.ResourceVersionOf(current))
                || ((string?)pre?["uid"] is { } uid && uid != (string?)current["metadata"]?["uid"]))
            {
                throw KubeApiException.Conflict(t.Group, t.Resource, t.Name);
            }

            return dryRun ? current : DeleteLocked(t.Type, t.Ns, t.Name);
        });
        await WriteJsonAsync(ctx, 200, DeleteResult(t.Type, deleted));
    }

    private async Task DeleteCollectionAsync(HttpContext ctx, Target t)
    {
        var dryRun = IsDryRun(ctx);
        var deleted = _store.Atomically(() =>
        {
            var chosen = Select(ctx, t, _store.List(t.Type, t.Ns));
            if (!dryRun)
            {
                foreach (var o in chosen)
                {
                    DeleteLocked(t.Type, (string?)o["metadata"]?["namespace"], ObjectRules.NameOf(o));
                }
            }

            return chosen;
        });
        await WriteJsonAsync(ctx, 200, new JsonObject
        {
            ["kind"] = $"{t.Type.Kind}List",
            ["apiVersion"] = t.Type.ApiVersion,
            ["metadata"] = new JsonObject(),
            ["items"] = new JsonArray(deleted.Select(o => (JsonNode)o).ToArray()),
        });
    }

    // Deleting a namespace takes its objects with it (the namespace controller's job, done at once here).
    private JsonObject DeleteLocked(ResourceType type, string? ns, string name)
    {
        if (type is { Group: "", Kind: "Namespace" })
        {
            foreach (var t in _store.Types.Where(t => t.Namespaced).DistinctBy(t => (t.Group, t.Plural)).ToList())
            {
                foreach (var o in _store.List(t, name))
                {
                    _store.Delete(t, name, ObjectRules.NameOf(o));
                }
            }
        }

        return _store.Delete(type, ns, name) ?? throw KubeApiException.NotFound(type.Group, type.Plural, name);
    }

    // Custom resources answer with the deleted object, built-in kinds with a Success status, like the real registries.
    private static JsonObject DeleteResult(ResourceType type, JsonObject deleted)
    {
        if (!ResourceType.BuiltIn.Contains(type) || type.Kind is "Namespace" or "Pod" or "CustomResourceDefinition")
        {
            return deleted;
        }

        var details = new JsonObject { ["name"] = ObjectRules.NameOf(deleted) };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        details["kind"] = type.Plural;
        details["uid"] = deleted["metadata"]?["uid"]?.DeepClone();
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }

    // The store resolves the kind by the object's apiVersion: write with the URL's version of the type.
    private static JsonObject WithStoredVersion(JsonObject obj, ResourceType type)
    {
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        return obj;
    }

    private static bool IsDryRun(HttpContext ctx) => ctx.Request.Query["dryRun"].ToString() == "All";
}
