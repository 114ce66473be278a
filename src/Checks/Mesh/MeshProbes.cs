using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Deepthought.Checks.Mesh;

/// <summary>
/// The Mesh phase's own probes: Linkerd's identity objects (two ConfigMap GETs: the trust roots and linkerd-config,
/// which carries the issuer certificate without its key, so no Secret is read) and GETs through the API server's
/// pod/service proxies.
/// </summary>
public sealed class MeshProbes : IProbeModule
{
    /// <summary>Largest proxy answer read (a busy proxy's /metrics is a few hundred kB).</summary>
    public const int MaxProxyBody = 8 * 1024 * 1024;

    public void Register(ObservationCache cache, ClusterConnections connections)
    {
        cache.Register(ct => Task.FromResult(new LinkerdIdentitySource((ns, t) => ReadIdentityAsync(connections, ns, t), ct)));
        cache.Register(ct => Task.FromResult(new ApiServerProxy((path, t) => ProxyGetAsync(connections, path, t), ct)));
    }

    private static async Task<LinkerdIdentityObservation> ReadIdentityAsync(ClusterConnections c, string ns, CancellationToken ct)
    {
        var k = c.Kubernetes;
        var map = await KubeCall.RunAsync(
            c,
            $"get configmap {ns}/{LinkerdIdentityObservation.TrustRootsConfigMap}",
            t => OrNullAsync(() => k.CoreV1.ReadNamespacedConfigMapAsync(LinkerdIdentityObservation.TrustRootsConfigMap, ns, cancellationToken: t)),
            ct);
        var (roots, rootsProblem) = LinkerdIdentityObservation.TrustRoots(ns, map);
        var config = await KubeCall.RunAsync(
            c,
            $"get configmap {ns}/{LinkerdIdentityObservation.ConfigMap}",
            t => OrNullAsync(() => k.CoreV1.ReadNamespacedConfigMapAsync(LinkerdIdentityObservation.ConfigMap, ns, cancellationToken: t)),
            ct);
        var (issuer, issuerProblem, external) = LinkerdIdentityObservation.FromConfig(ns, config);
        return new LinkerdIdentityObservation(ns, roots, rootsProblem, issuer, issuerProblem, external);
    }

    private static async Task<T?> OrNullAsync<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>GET /{path} through the API server (pods/proxy, services/proxy), bounded by the connection's timeout.</summary>
    public static Task<ProxyResponse> ProxyGetAsync(ClusterConnections c, string path, CancellationToken ct) =>
        KubeCall.RunAsync(c, $"GET /{path}", async t =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(c.Kubernetes.BaseUri, path));
            request.Headers.Accept.ParseAdd("text/plain, */*");
            if (c.KubernetesConfiguration.AccessToken is { Length: > 0 } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await c.KubeHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, t);
            if (response.StatusCode == HttpStatusCode.Forbidden && IsApiServerStatus(response))
            {
                throw new ProbeException($"GET /{path}: the API server answered 403 Forbidden for context '{c.KubeContext}' — grant get on pods/proxy and services/proxy (see profiles/rbac/auditor.yaml)");
            }

            var body = await ReadBoundedAsync(response.Content, t);
            return !response.IsSuccessStatusCode && IsApiServerStatus(response) && StatusMessage(body) is { } message
                ? new ProxyResponse((int)response.StatusCode, message, FromApiServer: true)
                : new ProxyResponse((int)response.StatusCode, body);
        }, ct);

    private static string? StatusMessage(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("kind", out var kind) && kind.GetString() == "Status" && doc.RootElement.TryGetProperty("message", out var m)
                ? m.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // A 403 can come from the API server (RBAC) or from the proxied target (Linkerd policy on the admin port):
    // only the API server answers with a JSON Status object.
    private static bool IsApiServerStatus(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "application/json";

    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new byte[81920];
        using var into = new MemoryStream();
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            if (into.Length + read > MaxProxyBody)
            {
                throw new ProbeException($"the proxied answer is larger than {MaxProxyBody / (1024 * 1024)} MiB; refusing to read further");
            }

            into.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(into.GetBuffer(), 0, (int)into.Length);
    }
}
