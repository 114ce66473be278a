using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using Deepthought.Checks.Model;

namespace Deepthought.Checks.Probes;

/// <summary>
/// One revision of a Helm release, read from the labels of its storage Secret (<c>sh.helm.release.v1.&lt;name&gt;.v&lt;n&gt;</c>,
/// labels <c>name</c>, <c>owner=helm</c>, <c>status</c>, <c>version</c>). The release payload is never read.
/// </summary>
public sealed record HelmRelease(string Namespace, string Name, int Revision, string Status, string SecretName, string? ModifiedAt);

/// <summary>Every Helm release revision in the cluster (one metadata-only LIST of Secrets labelled owner=helm).</summary>
public sealed record HelmReleasesObservation(IReadOnlyList<HelmRelease> Items)
{
    /// <summary>The same releases (the name Mesh and Gateway checks use).</summary>
    public IReadOnlyList<HelmRelease> Releases => Items;

    /// <summary>The newest revision of a release, or null.</summary>
    public HelmRelease? Find(string ns, string name) => Latest(ns, name);

    /// <summary>The newest revision of a release, which is what <c>helm list</c> shows (null when there is none).</summary>
    public HelmRelease? Latest(string ns, string name) =>
        Items.Where(r => r.Namespace == ns && r.Name == name).MaxBy(r => r.Revision);
}

/// <summary>
/// Lists Helm's release Secrets as <c>PartialObjectMetadataList</c> (metadata only): the read-only identity needs
/// list on secrets, but no release payload (values, manifests, possibly credentials) ever crosses the wire.
/// Storage, Mesh and Gateway checks share this one request.
/// </summary>
public sealed class HelmReleasesProbe : IProbeModule
{
    public const string Path = "api/v1/secrets?labelSelector=owner%3Dhelm";

    public const string MetadataAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";

    public void Register(ObservationCache cache, ClusterConnections connections) =>
        cache.Register(ct => KubeCall.RunAsync(connections, "list Helm release secrets (metadata only)", t => ListAsync(connections, t), ct));

    public static async Task<HelmReleasesObservation> ListAsync(ClusterConnections connections, CancellationToken cancellationToken)
    {
        if (connections.Kubernetes is not k8s.Kubernetes client)
        {
            throw new ProbeException("list Helm releases: the Kubernetes client offers no raw HTTP access for a metadata-only request");
        }

        var baseUri = client.BaseUri.ToString().TrimEnd('/') + "/";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(baseUri), Path));
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(MetadataAccept));
        if (client.Credentials is not null)
        {
            await client.Credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        using var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new ProbeException($"list Helm release secrets: 403 Forbidden for context '{connections.KubeContext}' — the identity needs list on secrets (metadata only is requested; see profiles/rbac/auditor.yaml)");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ProbeException($"list Helm release secrets: the API server answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        return Parse(body);
    }

    /// <summary>Reads a PartialObjectMetadataList; anything else (a full SecretList) is refused rather than read.</summary>
    public static HelmReleasesObservation Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var kind = root.TryGetProperty("kind", out var k) ? k.GetString() : null;
        if (kind != "PartialObjectMetadataList")
        {
            throw new ProbeException($"list Helm release secrets: asked for metadata only (PartialObjectMetadataList) but the API server answered kind {kind ?? "(none)"}; refusing to read release payloads");
        }

        var releases = new List<HelmRelease>();
        if (root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (FromMetadata(item) is { } r)
                {
                    releases.Add(r);
                }
            }
        }

        return new HelmReleasesObservation(releases);
    }

    private static HelmRelease? FromMetadata(JsonElement item)
    {
        if (!item.TryGetProperty("metadata", out var meta))
        {
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (meta.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in l.EnumerateObject())
            {
                labels[p.Name] = p.Value.GetString() ?? "";
            }
        }

        if (!labels.TryGetValue("owner", out var owner) || owner != "helm" || !labels.TryGetValue("name", out var name))
        {
            return null;
        }

        var revision = labels.TryGetValue("version", out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new HelmRelease(
            meta.TryGetProperty("namespace", out var ns) ? ns.GetString() ?? "" : "",
            name,
            revision,
            labels.TryGetValue("status", out var s) ? s : "unknown",
            meta.TryGetProperty("name", out var sn) ? sn.GetString() ?? "" : "",
            labels.TryGetValue("modifiedAt", out var m) ? m : null);
    }
}
