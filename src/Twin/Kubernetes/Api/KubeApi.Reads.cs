using System.Globalization;
using System.Text.Json.Nodes;
using Deepthought.Twin.Kubernetes.Api.Selectors;
using Microsoft.AspNetCore.Http;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>get and list: the object, a list, a Table or metadata only, as the Accept header asks.</summary>
public sealed partial class KubeApi
{
    private async Task GetAsync(HttpContext ctx, Target t)
    {
        var negotiated = MediaTypes.Negotiate(ctx.Request.Headers.Accept, tables: _kubectl is not null);
        var obj = _store.Get(t.Type, t.Ns, t.Name) ?? throw KubeApiException.NotFound(t.Group, t.Resource, t.Name);
        await WriteJsonAsync(ctx, 200, Render(ctx, obj, t.Type, negotiated), negotiated.ContentType(list: false));
    }

    private async Task ListAsync(HttpContext ctx, Target t)
    {
        var negotiated = MediaTypes.Negotiate(ctx.Request.Headers.Accept, tables: _kubectl is not null);
        var (items, rv) = _store.ListWithVersion(t.Type, t.Ns);
        var selected = Select(ctx, t, items);
        var version = rv.ToString(CultureInfo.InvariantCulture);
        JsonObject body = negotiated.Rendering switch
        {
            Rendering.Table => Table(ctx, selected, t.Type, negotiated, rv),
            Rendering.Metadata => new JsonObject
            {
                ["kind"] = "PartialObjectMetadataList",
                ["apiVersion"] = $"meta.k8s.io/{negotiated.Version}",
                ["metadata"] = new JsonObject { ["resourceVersion"] = version },
                ["items"] = new JsonArray(selected.Select(o => (JsonNode)MediaTypes.PartialMetadata(o, negotiated.Version)).ToArray()),
            },
            _ => new JsonObject
            {
                ["kind"] = $"{t.Type.Kind}List",
                ["apiVersion"] = t.Type.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = version },
                ["items"] = new JsonArray(selected.Select(o => (JsonNode)o).ToArray()),
            },
        };
        await WriteJsonAsync(ctx, 200, body, negotiated.ContentType(list: true));
    }

    /// <summary>Applies the request's labelSelector and fieldSelector (400 on a malformed or unsupported one).</summary>
    private static List<JsonObject> Select(HttpContext ctx, Target t, IEnumerable<JsonObject> items)
    {
        var labels = LabelSelector.Parse(ctx.Request.Query["labelSelector"]);
        var fields = FieldSelector.Parse(ctx.Request.Query["fieldSelector"], t.Type);
        return items.Where(o => labels.Matches(o) && fields.Matches(o)).ToList();
    }

    private JsonObject Table(HttpContext ctx, IReadOnlyList<JsonObject> items, ResourceType type, Negotiated negotiated, long rv)
    {
        var include = ctx.Request.Query["includeObject"].ToString();
        var kubectl = _kubectl ?? throw new InvalidOperationException("a Table was negotiated without kubectl support");
        return kubectl.Table(items, type, CrdOf(type), negotiated.Version, include.Length == 0 ? "Metadata" : include, rv, _time.GetUtcNow());
    }

    /// <summary>The CRD that defines a custom type (for its printer columns); null for built-in kinds.</summary>
    private JsonObject? CrdOf(ResourceType type)
    {
        if (ResourceType.BuiltIn.Contains(type))
        {
            return null;
        }

        var crdType = _store.FindByPlural("apiextensions.k8s.io", "v1", "customresourcedefinitions");
        return crdType is null ? null : _store.Get(crdType, null, $"{type.Plural}.{type.Group}");
    }

    private JsonObject Render(HttpContext ctx, JsonObject obj, ResourceType type, Negotiated negotiated) => negotiated.Rendering switch
    {
        Rendering.Table => Table(ctx, [obj], type, negotiated, ResourceVersionOf(obj)),
        Rendering.Metadata => MediaTypes.PartialMetadata(obj, negotiated.Version),
        _ => obj,
    };

    private static long ResourceVersionOf(JsonObject obj) =>
        long.TryParse((string?)obj["metadata"]?["resourceVersion"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rv) ? rv : 0;
}
