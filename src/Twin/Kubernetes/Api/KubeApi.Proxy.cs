using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>
/// pods/{name}/proxy/{path} and services/{name}/proxy/{path}: the name may be <c>name</c>, <c>name:port</c> or
/// <c>scheme:name:port</c>, the port a number or a port name (resolved both ways through the object's declared
/// ports). Forwards to the twin component registered in <see cref="Hosting.ProxyRegistry"/>; 503 when none answers.
/// </summary>
public sealed partial class KubeApi
{
    private static readonly string[] ForwardedHeaders = ["Accept", "Accept-Encoding", "Content-Type", "User-Agent"];

    private async Task ProxyAsync(HttpContext ctx, ApiRequest req, ResourceType type)
    {
        if (type.Group.Length != 0 || type.Plural is not ("pods" or "services"))
        {
            throw KubeApiException.Unavailable($"the twin does not proxy to {type.Plural}");
        }

        var (name, port) = SplitSchemeNamePort(req.Name);
        var obj = _store.Get(type, req.Namespace, name);
        var target = ProxyPorts(type.Plural, obj, port)
            .Select(p => _proxies.Find(type.Plural, req.Namespace, name, p))
            .FirstOrDefault(u => u is not null);
        if (target is null)
        {
            throw obj is null
                ? KubeApiException.NotFound("", type.Plural, name)
                : KubeApiException.Unavailable(type.Plural == "services"
                    ? $"no endpoints available for service \"{req.Name}\""
                    : $"error trying to reach service: no twin endpoint serves pod {req.Namespace}/{name} on port {(port.Length > 0 ? port : "<default>")}");
        }

        var baseUri = target.AbsoluteUri.EndsWith('/') ? target : new Uri(target.AbsoluteUri + "/");
        var uri = new UriBuilder(new Uri(baseUri, req.Remainder)) { Query = ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value![1..] : "" }.Uri;
        using var message = new HttpRequestMessage(new HttpMethod(req.Method), uri);
        if (req.Method is "POST" or "PUT" or "PATCH")
        {
            var body = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(body, ctx.RequestAborted);
            body.Position = 0;
            message.Content = new StreamContent(body);
            if (ctx.Request.ContentType is { } ct)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ct);
            }
        }

        foreach (var h in ForwardedHeaders.Where(h => h != "Content-Type" && ctx.Request.Headers.ContainsKey(h)))
        {
            message.Headers.TryAddWithoutValidation(h, ctx.Request.Headers[h].ToArray());
        }

        // The API server's service proxy handler keeps the client's Host (it does not set UseLocationHost); a client
        // that named the API server itself there is left to the target's own host, as the twin always did.
        if (ctx.Request.Host.HasValue && type.Plural == "services" && ctx.Request.Host.Value != ServerAddress)
        {
            message.Headers.Host = ctx.Request.Host.Value;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
        timeout.CancelAfter(ProxyTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _proxyClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw KubeApiException.Unavailable($"error trying to reach service: {e.Message}");
        }
        catch (OperationCanceledException) when (!ctx.RequestAborted.IsCancellationRequested)
        {
            throw KubeApiException.Unavailable($"error trying to reach service: no answer from {type.Plural} {req.Namespace}/{name} within {ProxyTimeout.TotalSeconds:0} s");
        }

        using (response)
        {
            ctx.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } contentType)
            {
                ctx.Response.ContentType = contentType.ToString();
            }

            await response.Content.CopyToAsync(ctx.Response.Body, timeout.Token);
        }
    }

    /// <summary>Splits <c>name</c>, <c>name:port</c> or <c>scheme:name:port</c> like the API server does.</summary>
    public static (string Name, string Port) SplitSchemeNamePort(string id)
    {
        var parts = id.Split(':');
        return parts.Length switch
        {
            1 => (parts[0], ""),
            2 => (parts[0], parts[1]),
            3 when parts[0] is "" or "http" or "https" => (parts[1], parts[2]),
            _ => throw KubeApiException.BadRequest($"invalid proxy name \"{id}\": want name, name:port or scheme:name:port"),
        };
    }

    /// <summary>The port as asked, then its other spelling (number ↔ name) from the object's declared ports.</summary>
    private static IEnumerable<string> ProxyPorts(string kind, JsonObject? obj, string port)
    {
        var declared = kind == "pods"
            ? (obj?["spec"]?["containers"] as JsonArray ?? []).SelectMany(c => c?["ports"] as JsonArray ?? [])
                .Select(p => ((string?)p?["name"] ?? "", p?["containerPort"]?.ToString() ?? ""))
            : (obj?["spec"]?["ports"] as JsonArray ?? [])
                .Select(p => ((string?)p?["name"] ?? "", p?["port"]?.ToString() ?? ""));
        var ports = declared.ToList();
        if (port.Length == 0)
        {
            // Without a port the API server uses the first declared one.
            if (ports.Count > 0)
            {
                yield return ports[0].Item2;
                yield return ports[0].Item1;
            }

            yield return "";
            yield break;
        }

        yield return port;
        foreach (var (pname, number) in ports)
        {
            if (pname == port && number.Length > 0)
            {
                yield return number;
            }
            else if (number == port && pname.Length > 0)
            {
                yield return pname;
            }
        }
    }
}
