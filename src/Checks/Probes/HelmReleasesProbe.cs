using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using Deepthought.Checks.Model;
using Deepthought.Protocols;

namespace Deepthought.Checks.Probes;

/// <summary>
/// One revision of a Helm release, read from the labels of its storage Secret (<c>sh.helm.release.v1.&lt;name&gt;.v&lt;n&gt;</c>,
/// labels <c>name</c>, <c>owner=helm</c>, <c>status</c>, <c>version</c>). The release payload is never read.
/// </summary>
public sealed record HelmRelease(string Namespace, string Name, int Revision, string Status, string SecretName, string? ModifiedAt);

/// <summary>
/// The Helm release revisions in one namespace (one metadata-only LIST of its Secrets labelled owner=helm), or, when
/// the API server answered 403, no releases and <see cref="Forbidden"/> set: the identity may not list Secrets there
/// (profiles/rbac/auditor-no-secrets.yaml), so Helm release state cannot be judged.
/// </summary>
public sealed record HelmReleasesObservation(IReadOnlyList<HelmRelease> Items, string? Forbidden = null)
{
    /// <summary>The same releases (the name Mesh and Gateway checks use).</summary>
    public IReadOnlyList<HelmRelease> Releases => Items;

    /// <summary>The newest revision of a release, or null.</summary>
    public HelmRelease? Find(string ns, string name) => Latest(ns, name);

    /// <summary>The newest revision of a release, which is what <c>helm list</c> shows (null when there is none).</summary>
    public HelmRelease? Latest(string ns, string name) =>
        Items.Where(r => r.Namespace == ns && r.Name == name).MaxBy(r => r.Revision);

    /// <summary>The skip reason of every Helm-release check when listing Secrets in <paramref name="ns"/> was refused.</summary>
    public static string NoSecretAccess(string ns) =>
        $"the auditor role grants no Secret access (403 on list secrets in {ns}); Helm release state is not checked";

    /// <summary>A Skip verdict when the listing was refused, else null (judge the releases).</summary>
    public Verdict? SkipIfForbidden(string ns) => Forbidden is null ? null : Verdict.Skip(NoSecretAccess(ns));
}

/// <summary>Helm releases per namespace, each namespace listed once per run.</summary>
public sealed class HelmReleasesSource : Mesh.KeyedObservation<HelmReleasesObservation>
{
    public HelmReleasesSource(Func<string, CancellationToken, Task<HelmReleasesObservation>> fetch, CancellationToken runToken = default)
        : base(fetch, runToken)
    {
    }

    public Task<HelmReleasesObservation> ReadAsync(string ns, CancellationToken cancellationToken) => GetAsync(ns, cancellationToken);

    /// <summary>A source over a fixed set of releases (tests, the twin's own observations): each namespace sees its own.</summary>
    public static HelmReleasesSource Of(IEnumerable<HelmRelease> releases)
    {
        var all = releases.ToList();
        return new HelmReleasesSource((ns, _) => Task.FromResult(new HelmReleasesObservation(all.Where(r => r.Namespace == ns).ToList())));
    }
}

/// <summary>
/// Lists Helm's release Secrets as <c>PartialObjectMetadataList</c> (metadata only), one namespace at a time (the
/// namespaces the profile's Helm-release checks name), so the identity needs list on secrets only there
/// (Roles in profiles/rbac/auditor.yaml), and no release payload (values, manifests, possibly credentials) ever
/// crosses the wire. Storage, Mesh and Gateway checks share these requests.
/// </summary>
public sealed class HelmReleasesProbe : IProbeModule
{
    public const string MetadataAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";

    /// <summary>The LIST of one namespace's Helm release Secrets.</summary>
    public static string Path(string ns) => $"api/v1/namespaces/{Uri.EscapeDataString(ns)}/secrets?labelSelector=owner%3Dhelm";

    public void Register(ObservationCache cache, ClusterConnections connections) =>
        cache.Register(ct => Task.FromResult(new HelmReleasesSource(
            (ns, t) => KubeCall.RunAsync(connections, $"list Helm release secrets in {ns} (metadata only)", c => ListAsync(connections, ns, c), t), ct)));

    public static async Task<HelmReleasesObservation> ListAsync(ClusterConnections connections, string ns, CancellationToken cancellationToken)
    {
        if (connections.Kubernetes is not k8s.Kubernetes client)
        {
            throw new ProbeException("list Helm releases: the Kubernetes client offers no raw HTTP access for a metadata-only request");
        }

        var baseUri = client.BaseUri.ToString().TrimEnd('/') + "/";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(baseUri), Path(ns)));
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(MetadataAccept));
        if (client.Credentials is not null)
        {
            await client.Credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        using var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            return new HelmReleasesObservation([], $"list secrets in {ns}: 403 Forbidden for context '{connections.KubeContext}'");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ProbeException($"list Helm release secrets in {ns}: the API server answered {(int)response.StatusCode} {response.ReasonPhrase}");
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
