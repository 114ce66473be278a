using System.Net.Http.Headers;
using System.Text.Json;
using Deepthought.Checks.Model;

namespace Deepthought.Checks.Probes;

/// <summary>A Helm release as its storage Secret's labels describe it (the payload is never read).</summary>
public sealed record HelmRelease(string Name, string Namespace, int Revision, string Status);

/// <summary>Every Helm release in the cluster, newest revision per release.</summary>
public sealed record HelmReleasesObservation(IReadOnlyList<HelmRelease> Releases)
{
    public HelmRelease? Find(string ns, string name) => Releases.FirstOrDefault(r => r.Namespace == ns && r.Name == name);
}

/// <summary>
/// Lists Helm's release Secrets (label owner=helm) as metadata only — a PartialObjectMetadataList — so no release
/// payload (chart values, keys) ever crosses the wire. One request for the whole cluster; no helm CLI needed.
/// </summary>
public sealed class HelmReleasesProbe : IProbeModule
{
    public const string MetadataAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";

    public void Register(ObservationCache cache, ClusterConnections connections) =>
        cache.Register(ct => KubeCall.RunAsync(connections, "list Helm release secrets (metadata only)", t => ListAsync(connections, t), ct));

    private static async Task<HelmReleasesObservation> ListAsync(ClusterConnections c, CancellationToken ct)
    {
        var uri = new Uri(c.Kubernetes.BaseUri, "api/v1/secrets?labelSelector=owner%3Dhelm");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(MetadataAccept));
        if (c.KubernetesConfiguration.AccessToken is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await c.KubeHttp.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            var hint = response.StatusCode == System.Net.HttpStatusCode.Forbidden ? " — grant list on secrets (see profiles/rbac/auditor.yaml)" : "";
            throw new ProbeException($"list Helm release secrets (metadata only): the API server answered {(int)response.StatusCode} {response.ReasonPhrase}{hint}");
        }

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        if (doc.RootElement.TryGetProperty("kind", out var kind) && kind.GetString() != "PartialObjectMetadataList")
        {
            throw new ProbeException($"list Helm release secrets: expected a PartialObjectMetadataList (metadata only), got {kind.GetString()}; refusing to read release payloads");
        }

        var releases = new List<HelmRelease>();
        foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            var meta = item.GetProperty("metadata");
            if (!meta.TryGetProperty("labels", out var labels))
            {
                continue;
            }

            string Label(string n) => labels.TryGetProperty(n, out var v) ? v.GetString() ?? "" : "";
            var ns = meta.TryGetProperty("namespace", out var n) ? n.GetString() ?? "" : "";
            _ = int.TryParse(Label("version"), out var revision);
            releases.Add(new HelmRelease(Label("name"), ns, revision, Label("status")));
        }

        var newest = releases.GroupBy(r => (r.Namespace, r.Name)).Select(g => g.MaxBy(r => r.Revision)!).ToList();
        return new HelmReleasesObservation(newest);
    }
}
