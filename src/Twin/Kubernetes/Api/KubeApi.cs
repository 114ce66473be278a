using System.Buffers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Deepthought.Protocols.Formats;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes.Api.Rbac;
using Microsoft.AspNetCore.Http;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>
/// The twin's Kubernetes REST API over <see cref="KubeStore"/>: authenticates the client certificate, authorizes with
/// RBAC, serves discovery, CRUD, status and the pod/service proxy, answers errors as Status objects, and records every
/// request in the <see cref="RequestLog"/>. Tables, protobuf bodies, OpenAPI, patch and watch come from the
/// <see cref="IKubeApiExtension"/> (kubectl support) when the twin was started with one.
/// </summary>
public sealed partial class KubeApi : IDisposable
{
    // Quotes as \" rather than \u0022: the bodies read like the real server's (the output is JSON, never HTML).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly KubeStore _store;
    private readonly RbacAuthorizer _rbac;
    private readonly ProxyRegistry _proxies;
    private readonly TimeProvider _time;
    private readonly IKubeApiExtension? _kubectl;
    private readonly HttpClient _proxyClient;

    public KubeApi(KubeStore store, ProxyRegistry proxies, TimeProvider time, RequestLog log, ApiHealthChecks health, IKubeApiExtension? kubectl = null)
    {
        _store = store;
        _proxies = proxies;
        _time = time;
        Log = log;
        Health = health;
        _rbac = new RbacAuthorizer(store);
        _kubectl = kubectl;
        _proxyClient = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), AllowAutoRedirect = false, UseCookies = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public RequestLog Log { get; }

    public ApiHealthChecks Health { get; }

    /// <summary>host:port clients reach the server on (for /api's serverAddressByClientCIDRs).</summary>
    public string ServerAddress { get; set; } = "127.0.0.1:443";

    /// <summary>Ends open watches when the server stops.</summary>
    public CancellationToken Stopping { get; set; }

    /// <summary>How long a proxied call may take before it answers 503.</summary>
    public TimeSpan ProxyTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public async Task HandleAsync(HttpContext ctx)
    {
        var started = _time.GetUtcNow();
        var method = ctx.Request.Method;
        var watch = ctx.Request.Query["watch"].ToString() is "true" or "1";
        var req = ApiRequest.Parse(method, ctx.Request.Path.Value ?? "/", watch);
        var user = Authenticate(ctx.Connection.ClientCertificate);
        try
        {
            if (user is null)
            {
                throw new KubeApiException(401, "Unauthorized", "Unauthorized");
            }

            if (!_rbac.Allows(user, req))
            {
                throw KubeApiException.Forbidden(req.Group, req.IsResource ? req.Resource : "", req.Name, RbacAuthorizer.DenialReason(user, req));
            }

            await DispatchAsync(ctx, req, user, started);
        }
        catch (KubeApiException e)
        {
            await TryWriteErrorAsync(ctx, e);
        }
        catch (AdmissionDeniedException e)
        {
            await TryWriteErrorAsync(ctx, new KubeApiException(403, "Forbidden", e.Message)); // a webhook's denial, as kubectl shows it
        }
        catch (JsonException e)
        {
            await TryWriteErrorAsync(ctx, KubeApiException.BadRequest($"the body of the request could not be decoded: {e.Message}"));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            await TryWriteErrorAsync(ctx, KubeApiException.BadRequest($"the body of the request could not be decoded as YAML: {e.Message}"));
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested || Stopping.IsCancellationRequested)
        {
            // The client went away or the server is stopping: nothing to answer.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await TryWriteErrorAsync(ctx, new KubeApiException(500, "InternalError", $"Internal error occurred: {e.GetType().Name}: {e.Message}"));
        }
        finally
        {
            if (!ctx.Items.ContainsKey(LoggedKey))
            {
                Record(ctx, req, user, started);
            }
        }
    }

    private const string LoggedKey = "deepthought.logged";

    // A watch is recorded when its stream starts (it may stay open for minutes); everything else when answered.
    private void Record(HttpContext ctx, ApiRequest req, KubeUser? user, DateTimeOffset started)
    {
        ctx.Items[LoggedKey] = true;
        Log.Add(new RequestLogEntry(started, user?.Name ?? "", req.Method, req.LogVerb, req.Group, req.Resource, req.Subresource, req.Namespace, req.Name, req.Path, ctx.Response.StatusCode, _time.GetUtcNow() - started));
    }

    private Task DispatchAsync(HttpContext ctx, ApiRequest req, KubeUser user, DateTimeOffset started)
    {
        if (!req.IsResource)
        {
            return NonResourceAsync(ctx, req);
        }

        if (Discovery.Virtual.FirstOrDefault(v => v.Group == req.Group && v.Version == req.Version && v.Plural == req.Resource) is { } review)
        {
            return req.Verb == "create"
                ? review.Kind == "SelfSubjectRulesReview" ? RulesReviewAsync(ctx, review, user) : AccessReviewAsync(ctx, review, user)
                : throw KubeApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }

        var type = _store.FindByPlural(req.Group, req.Version, req.Resource) ?? throw KubeApiException.NoSuchResource();
        var isNamespaceObject = type.Kind == "Namespace" && type.Group.Length == 0;
        if (!type.Namespaced && req.Namespace.Length > 0 && !isNamespaceObject)
        {
            throw KubeApiException.NoSuchResource();
        }

        if (req.Subresource.Length > 0 && !(type.Subresources ?? []).Contains(req.Subresource))
        {
            throw KubeApiException.NoSuchResource();
        }

        var target = new Target(type, type.Namespaced ? NullIfEmpty(req.Namespace) : null, req.Name, req.Subresource);
        return req.Subresource switch
        {
            "proxy" => ProxyAsync(ctx, req, type),
            "log" => WriteTextAsync(ctx, 200, ""),
            "scale" => ScaleAsync(ctx, req, target),
            _ => req.Verb switch
            {
                "get" => GetAsync(ctx, target),
                "list" => ListAsync(ctx, target),
                "watch" => WatchAsync(ctx, target, () => Record(ctx, req, user, started)),
                "create" when req.Subresource.Length == 0 => CreateAsync(ctx, target),
                "update" => UpdateAsync(ctx, target),
                "patch" => PatchAsync(ctx, target),
                "delete" when req.Subresource.Length == 0 => DeleteAsync(ctx, target),
                "deletecollection" => DeleteCollectionAsync(ctx, target),
                _ => throw KubeApiException.MethodNotAllowed("the server does not allow this method on the requested resource"),
            },
        };
    }

    /// <summary>What a resource request addresses: the type, the store's namespace (null when cluster-scoped), name, subresource.</summary>
    private sealed record Target(ResourceType Type, string? Ns, string Name, string Subresource)
    {
        public string Group => Type.Group;

        public string Resource => Type.Plural;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private static KubeUser? Authenticate(X509Certificate2? cert)
    {
        if (cert is null)
        {
            return null;
        }

        var name = cert.GetNameInfo(X509NameType.SimpleName, false);
        var groups = cert.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(r => r.GetSingleElementType().Value == "2.5.4.10")
            .Select(r => r.GetSingleElementValue() ?? "")
            .Append("system:authenticated")
            .ToArray();
        return string.IsNullOrEmpty(name) ? null : new KubeUser(name, groups);
    }

    private static async Task TryWriteErrorAsync(HttpContext ctx, KubeApiException e)
    {
        if (!ctx.Response.HasStarted)
        {
            await WriteJsonAsync(ctx, e.Code, e.ToStatus());
        }
    }

    private static async Task WriteJsonAsync(HttpContext ctx, int code, JsonNode body, string contentType = "application/json")
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            body.WriteTo(writer);
        }

        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = buffer.WrittenCount;
        await ctx.Response.Body.WriteAsync(buffer.WrittenMemory, ctx.RequestAborted);
    }

    private static async Task WriteTextAsync(HttpContext ctx, int code, string text)
    {
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        await ctx.Response.WriteAsync(text, ctx.RequestAborted);
    }

    private async Task<JsonNode?> ReadBodyAsync(HttpContext ctx)
    {
        var contentType = ctx.Request.ContentType ?? "";
        using var buffer = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted);
        var bytes = buffer.ToArray();
        var protobuf = contentType.Contains("protobuf", StringComparison.OrdinalIgnoreCase);
        if (protobuf && _kubectl is null)
        {
            throw new KubeApiException(415, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml ({KubectlSupportMissing.Hint})");
        }

        if (protobuf && _kubectl!.DecodeProtobuf(bytes) is { } decoded)
        {
            return decoded;
        }

        var text = System.Text.Encoding.UTF8.GetString(bytes);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (contentType.Contains("protobuf", StringComparison.OrdinalIgnoreCase) || contentType.Contains("cbor", StringComparison.OrdinalIgnoreCase))
        {
            throw new KubeApiException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (the twin reads protobuf only for ConfigMap, Secret, Namespace, ServiceAccount and access reviews: use kubectl apply -f)");
        }

        return contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase)
            ? YamlJson.ParseAll(text).FirstOrDefault()
            : JsonNode.Parse(text);
    }

    private async Task<JsonObject> ReadObjectAsync(HttpContext ctx) =>
        await ReadBodyAsync(ctx) as JsonObject ?? throw KubeApiException.BadRequest("the request body must be a JSON object");

    public void Dispose()
    {
        _kubectl?.Dispose();
        _proxyClient.Dispose();
    }
}
