using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>Requests outside the resource tree: /version, discovery roots, /healthz, /livez, /readyz, /openapi.</summary>
public sealed partial class KubeApi
{
    private Task NonResourceAsync(HttpContext ctx, ApiRequest req)
    {
        var parts = req.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (req.Method is not ("GET" or "HEAD"))
        {
            throw KubeApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }

        var types = _store.Types.ToList();
        JsonObject? doc = parts switch
        {
            ["version"] => Discovery.Version(),
            ["api"] => Discovery.CoreVersions(ServerAddress),
            ["api", var v] => Discovery.ResourceList(types, "", v),
            ["apis"] => Discovery.GroupList(types),
            ["apis", var g] => Discovery.GroupDocument(types, g),
            ["apis", var g, var v] => Discovery.ResourceList(types, g, v),
            ["openapi", .. var rest] => OpenApi(types, rest),
            ["healthz" or "livez" or "readyz", ..] => null,
            _ => throw KubeApiException.NoSuchResource(),
        };
        if (parts is ["healthz" or "livez" or "readyz", ..])
        {
            return HealthAsync(ctx, parts);
        }

        return doc is null ? throw KubeApiException.NoSuchResource() : WriteJsonAsync(ctx, 200, doc);
    }

    // The OpenAPI documents come from the kubectl module (kubectl apply and explain read them; the harness never does).
    private JsonObject? OpenApi(IReadOnlyList<ResourceType> types, string[] path) =>
        _kubectl is null
            ? throw new KubeApiException(404, "NotFound", $"the server could not find the requested resource: {KubectlSupportMissing.Hint}", new JsonObject())
            : _kubectl.OpenApi(types, path);

    // /readyz → "ok"; ?verbose → one line per check ("[+]etcd ok") and a verdict line; /readyz/etcd → that check alone.
    private Task HealthAsync(HttpContext ctx, string[] parts)
    {
        var endpoint = parts[0];
        var checks = Health.Evaluate(endpoint);
        if (parts.Length > 1)
        {
            var name = string.Join('/', parts[1..]);
            var one = checks.Where(c => c.Name == name).ToList();
            if (one.Count == 0)
            {
                return WriteTextAsync(ctx, 404, "404 page not found\n");
            }

            checks = one;
        }

        var excluded = ctx.Request.Query["exclude"].Select(e => e ?? "").ToHashSet(StringComparer.Ordinal);
        var failed = checks.Where(c => c.Failure is not null && !excluded.Contains(c.Name)).ToList();
        var verbose = ctx.Request.Query.ContainsKey("verbose") || failed.Count > 0;
        if (!verbose)
        {
            return WriteTextAsync(ctx, 200, "ok");
        }

        var text = new StringBuilder();
        foreach (var (name, failure) in checks)
        {
            text.Append(excluded.Contains(name) ? $"[+]{name} excluded: ok\n" : failure is null ? $"[+]{name} ok\n" : $"[-]{name} failed: reason withheld\n");
        }

        if (parts.Length > 1)
        {
            return WriteTextAsync(ctx, failed.Count == 0 ? 200 : 500, failed.Count == 0 ? "ok" : $"internal server error: {failed[0].Failure}\n");
        }

        text.Append(failed.Count == 0 ? $"{endpoint} check passed\n" : $"{endpoint} check failed\n");
        return WriteTextAsync(ctx, failed.Count == 0 ? 200 : 500, text.ToString());
    }
}
