using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Deepthought.Checks.Gateway;
using Deepthought.Checks.Mesh;
using Deepthought.Checks.Policy;
using Deepthought.Protocols.Formats;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Deepthought.Fixtures.Acceptance;

/// <summary>
/// Generic object operations over the Kubernetes client: core kinds through the typed CoreV1 calls, custom
/// resources through the custom-objects calls (so every auth mode of the kubeconfig works). Each call is bounded.
/// Proxied GETs go through <paramref name="proxyGet"/> (the run's API-server proxy client).
/// </summary>
public sealed class KubernetesObjectClient(IKubernetes kubernetes, TimeSpan requestTimeout, Func<string, CancellationToken, Task<ProxyResponse>> proxyGet) : IObjectClient
{
    public async Task<ProxyResponse> ProxyGetAsync(string path, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        try
        {
            return await proxyGet(path, timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ObjectClientException(0, $"GET /{path}: no answer within {requestTimeout.TotalSeconds:0} s", e);
        }
    }

    public Task<JsonObject?> GetAsync(ObjectRef target, CancellationToken cancellationToken) =>
        CallAsync<JsonObject?>($"get {target}", async ct =>
        {
            try
            {
                return await GetCoreOrCustomAsync(target, ct);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }, cancellationToken);

    public Task<JsonObject> CreateAsync(JsonObject obj, CancellationToken cancellationToken)
    {
        var r = ObjectRef.Of(obj);
        return CallAsync($"create {r}", async ct =>
        {
            var json = obj.ToJsonString();
            object created = r.Kind switch
            {
                "Namespace" => await kubernetes.CoreV1.CreateNamespaceAsync(KubernetesJson.Deserialize<V1Namespace>(json), cancellationToken: ct),
                "ServiceAccount" => await kubernetes.CoreV1.CreateNamespacedServiceAccountAsync(KubernetesJson.Deserialize<V1ServiceAccount>(json), r.Namespace, cancellationToken: ct),
                "Pod" => await kubernetes.CoreV1.CreateNamespacedPodAsync(KubernetesJson.Deserialize<V1Pod>(json), r.Namespace, cancellationToken: ct),
                _ => await CustomAsync(r, (g, v, p) => r.Namespace is null
                    ? kubernetes.CustomObjects.CreateClusterCustomObjectAsync(obj, g, v, p, cancellationToken: ct)
                    : kubernetes.CustomObjects.CreateNamespacedCustomObjectAsync(obj, g, v, r.Namespace, p, cancellationToken: ct)),
            };
            return ToJson(created);
        }, cancellationToken);
    }

    public Task<JsonObject> ReplaceAsync(JsonObject obj, CancellationToken cancellationToken)
    {
        var r = ObjectRef.Of(obj);
        return CallAsync($"replace {r}", async ct =>
        {
            var json = obj.ToJsonString();
            object replaced = r.Kind switch
            {
                "Namespace" => await kubernetes.CoreV1.ReplaceNamespaceAsync(KubernetesJson.Deserialize<V1Namespace>(json), r.Name, cancellationToken: ct),
                "ServiceAccount" => await kubernetes.CoreV1.ReplaceNamespacedServiceAccountAsync(KubernetesJson.Deserialize<V1ServiceAccount>(json), r.Name, r.Namespace, cancellationToken: ct),
                "Pod" => await kubernetes.CoreV1.ReplaceNamespacedPodAsync(KubernetesJson.Deserialize<V1Pod>(json), r.Name, r.Namespace, cancellationToken: ct),
                _ => await CustomAsync(r, (g, v, p) => r.Namespace is null
                    ? kubernetes.CustomObjects.ReplaceClusterCustomObjectAsync(obj, g, v, p, r.Name, cancellationToken: ct)
                    : kubernetes.CustomObjects.ReplaceNamespacedCustomObjectAsync(obj, g, v, r.Namespace, p, r.Name, cancellationToken: ct)),
            };
            return ToJson(replaced);
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(ObjectRef target, CancellationToken cancellationToken) =>
        CallAsync($"delete {target}", async ct =>
        {
            // Foreground so a namespace's content goes before the namespace reports gone.
            var options = new V1DeleteOptions { PropagationPolicy = "Foreground" };
            try
            {
                _ = target.Kind switch
                {
                    "Namespace" => (object)await kubernetes.CoreV1.DeleteNamespaceAsync(target.Name, options, cancellationToken: ct),
                    "ServiceAccount" => await kubernetes.CoreV1.DeleteNamespacedServiceAccountAsync(target.Name, target.Namespace, options, cancellationToken: ct),
                    "Pod" => await kubernetes.CoreV1.DeleteNamespacedPodAsync(target.Name, target.Namespace, options, gracePeriodSeconds: 0, cancellationToken: ct),
                    _ => await CustomAsync(target, (g, v, p) => target.Namespace is null
                        ? kubernetes.CustomObjects.DeleteClusterCustomObjectAsync(g, v, p, target.Name, options, cancellationToken: ct)
                        : kubernetes.CustomObjects.DeleteNamespacedCustomObjectAsync(g, v, target.Namespace, p, target.Name, options, cancellationToken: ct)),
                };
                return true;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
        }, cancellationToken);

    public Task<IReadOnlyList<JsonObject>> ListAsync(string apiVersion, string kind, string labelSelector, CancellationToken cancellationToken) =>
        CallAsync<IReadOnlyList<JsonObject>>($"list {kind} -l {labelSelector}", async ct =>
        {
            object list = kind switch
            {
                "Namespace" => await kubernetes.CoreV1.ListNamespaceAsync(labelSelector: labelSelector, cancellationToken: ct),
                "ServiceAccount" => await kubernetes.CoreV1.ListServiceAccountForAllNamespacesAsync(labelSelector: labelSelector, cancellationToken: ct),
                "Pod" => await kubernetes.CoreV1.ListPodForAllNamespacesAsync(labelSelector: labelSelector, cancellationToken: ct),
                _ => await CustomAsync(new ObjectRef(apiVersion, kind, null, ""), (g, v, p) =>
                    kubernetes.CustomObjects.ListClusterCustomObjectAsync(g, v, p, labelSelector: labelSelector, cancellationToken: ct)),
            };
            var items = ToJson(list)["items"] as JsonArray ?? [];
            return items.OfType<JsonObject>().Select(i =>
            {
                i["apiVersion"] ??= apiVersion;
                i["kind"] ??= kind;
                return (JsonObject)i.DeepClone();
            }).ToList();
        }, cancellationToken);

    private async Task<JsonObject?> GetCoreOrCustomAsync(ObjectRef r, CancellationToken ct)
    {
        object found = r.Kind switch
        {
            "Namespace" => await kubernetes.CoreV1.ReadNamespaceAsync(r.Name, cancellationToken: ct),
            "ServiceAccount" => await kubernetes.CoreV1.ReadNamespacedServiceAccountAsync(r.Name, r.Namespace, cancellationToken: ct),
            "Pod" => await kubernetes.CoreV1.ReadNamespacedPodAsync(r.Name, r.Namespace, cancellationToken: ct),
            _ => await CustomAsync(r, (g, v, p) => r.Namespace is null
                ? kubernetes.CustomObjects.GetClusterCustomObjectAsync(g, v, p, r.Name, ct)
                : kubernetes.CustomObjects.GetNamespacedCustomObjectAsync(g, v, r.Namespace, p, r.Name, ct)),
        };
        var json = ToJson(found);
        json["apiVersion"] ??= r.ApiVersion;
        json["kind"] ??= r.Kind;
        return json;
    }

    private static Task<object> CustomAsync(ObjectRef r, Func<string, string, string, Task<object>> call)
    {
        var (group, version) = SplitApiVersion(r.ApiVersion);
        return call(group, version, AcceptanceKinds.Find(r.Kind).Plural);
    }

    private static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }

    private static JsonObject ToJson(object o) => o switch
    {
        JsonElement e => e.ToNode() as JsonObject ?? [],
        _ => JsonNode.Parse(KubernetesJson.Serialize(o)) as JsonObject ?? [],
    };

    private async Task<T> CallAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        try
        {
            return await call(timeout.Token);
        }
        catch (HttpOperationException e)
        {
            var message = e.Response.Content is { Length: > 0 } body && TryStatusMessage(body) is { } m ? m : e.Response.ReasonPhrase;
            throw new ObjectClientException((int)e.Response.StatusCode, $"{what}: the API server answered {(int)e.Response.StatusCode} {message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ObjectClientException(0, $"{what}: no answer from the API server within {requestTimeout.TotalSeconds:0} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new ObjectClientException(0, $"{what}: the API server is unreachable ({e.Message})", e);
        }
    }

    private static string? TryStatusMessage(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["message"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
