using System.Globalization;
using System.Text.Json.Nodes;
using Deepthought.Checks.Mesh;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using k8s;
using k8s.Models;

namespace Deepthought.Tests.Mesh;

/// <summary>
/// Observations read straight from a twin's object store (deserialized into the KubernetesClient models the probes
/// return), for testing the Mesh checks before the twin's API server is in this branch. The proxy observation
/// follows the twin's <see cref="ProxyRegistry"/> like the API server's pod/service proxy does.
/// </summary>
internal static class StoreObservations
{
    public static ObservationCache Build(TwinContext twin, HttpClient http)
    {
        var store = twin.Store;
        var cache = new ObservationCache();
        cache.Register(_ => Task.FromResult(new NodesObservation(List<V1Node>(store, "v1", "Node"))));
        cache.Register(_ => Task.FromResult(new NamespacesObservation(List<V1Namespace>(store, "v1", "Namespace"))));
        cache.Register(_ => Task.FromResult(new PodsObservation(List<V1Pod>(store, "v1", "Pod"))));
        cache.Register(_ => Task.FromResult(new DeploymentsObservation(List<V1Deployment>(store, "apps/v1", "Deployment"))));
        cache.Register(_ => Task.FromResult(new DaemonSetsObservation(List<V1DaemonSet>(store, "apps/v1", "DaemonSet"))));
        cache.Register(_ => Task.FromResult(new ServicesObservation(List<V1Service>(store, "v1", "Service"))));
        cache.Register(_ => Task.FromResult(new CrdsObservation(List<V1CustomResourceDefinition>(store, "apiextensions.k8s.io/v1", "CustomResourceDefinition"))));
        cache.Register(_ => Task.FromResult(HelmReleases(store)));
        cache.Register(ct => Task.FromResult(new LinkerdIdentitySource((ns, _) => Task.FromResult(Identity(store, ns)), ct)));
        cache.Register(ct => Task.FromResult(new ApiServerProxy((path, t) => ProxyAsync(twin.Proxies, http, path, t), ct)));
        return cache;
    }

    public static T Model<T>(JsonObject obj) => KubernetesJson.Deserialize<T>(obj.ToJsonString());

    private static List<T> List<T>(KubeStore store, string apiVersion, string kind) =>
        store.List(apiVersion, kind).Select(Model<T>).ToList();

    // What HelmReleasesProbe reads from the release Secrets' labels (the payload is never looked at).
    private static HelmReleasesObservation HelmReleases(KubeStore store)
    {
        var releases = store.List("v1", "Secret")
            .Where(s => (string?)s["metadata"]?["labels"]?["owner"] == "helm")
            .Select(s => new HelmRelease(
                (string?)s["metadata"]!["labels"]!["name"] ?? "",
                (string?)s["metadata"]!["namespace"] ?? "",
                int.Parse((string?)s["metadata"]!["labels"]!["version"] ?? "0", CultureInfo.InvariantCulture),
                (string?)s["metadata"]!["labels"]!["status"] ?? ""))
            .GroupBy(r => (r.Namespace, r.Name))
            .Select(g => g.MaxBy(r => r.Revision)!)
            .ToList();
        return new HelmReleasesObservation(releases);
    }

    // The same extraction the probe applies to what the API server returns.
    private static LinkerdIdentityObservation Identity(KubeStore store, string ns)
    {
        var map = store.Get("v1", "ConfigMap", ns, LinkerdIdentityObservation.TrustRootsConfigMap);
        var secret = store.Get("v1", "Secret", ns, LinkerdIdentityObservation.IssuerSecret);
        var (roots, rootsProblem) = LinkerdIdentityObservation.TrustRoots(ns, map is null ? null : Model<V1ConfigMap>(map));
        var (issuer, issuerProblem) = LinkerdIdentityObservation.FromSecret(ns, secret is null ? null : Model<V1Secret>(secret));
        return new LinkerdIdentityObservation(ns, roots, rootsProblem, issuer, issuerProblem);
    }

    private static async Task<ProxyResponse> ProxyAsync(ProxyRegistry proxies, HttpClient http, string path, CancellationToken ct)
    {
        // api/v1/namespaces/{ns}/{pods|services}/{name}:{port}/proxy/{rest}
        var parts = path.Split('/', 7);
        var (ns, kind, target) = (parts[3], parts[4], Uri.UnescapeDataString(parts[5]));
        var rest = parts.Length > 6 ? parts[6]["proxy".Length..].TrimStart('/') : "";
        var colon = target.LastIndexOf(':');
        var (name, port) = (target[..colon], target[(colon + 1)..]);
        var uri = proxies.Find(kind, ns, name, port);
        if (uri is null)
        {
            return new ProxyResponse(503, $"no endpoints available for {kind[..^1]} \"{name}:{port}\"");
        }

        using var response = await http.GetAsync(new Uri(uri, rest), ct);
        return new ProxyResponse((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
