using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols.Formats;
using k8s;

namespace Deepthought.Checks.Policy;

/// <summary>Every Linkerd policy object in the cluster (one LIST per kind), and the kinds the cluster does not serve.</summary>
public sealed record LinkerdPolicyObservation(
    IReadOnlyList<ServerInfo> Servers,
    IReadOnlyList<ServerAuthorizationInfo> ServerAuthorizations,
    IReadOnlyList<AuthorizationPolicyInfo> AuthorizationPolicies,
    IReadOnlyList<MeshTlsAuthenticationInfo> MeshTlsAuthentications,
    IReadOnlyList<NetworkAuthenticationInfo> NetworkAuthentications,
    IReadOnlyList<string> NotServed)
{
    public ServerInfo? FindServer(string ns, string name) => Servers.FirstOrDefault(s => s.Namespace == ns && s.Name == name);

    /// <summary>Builds the observation from raw objects (the probe, and tests that read a store).</summary>
    public static LinkerdPolicyObservation From(
        IEnumerable<JsonNode> servers,
        IEnumerable<JsonNode> serverAuthorizations,
        IEnumerable<JsonNode> authorizationPolicies,
        IEnumerable<JsonNode> meshTls,
        IEnumerable<JsonNode> networks,
        IReadOnlyList<string>? notServed = null) => new(
            servers.Select(ServerInfo.From).ToList(),
            serverAuthorizations.Select(ServerAuthorizationInfo.From).ToList(),
            authorizationPolicies.Select(AuthorizationPolicyInfo.From).ToList(),
            meshTls.Select(MeshTlsAuthenticationInfo.From).ToList(),
            networks.Select(NetworkAuthenticationInfo.From).ToList(),
            notServed ?? []);
}

/// <summary>Lists Linkerd's policy objects through the generic custom-objects API (JSON, no generated models).</summary>
public sealed class PolicyProbes : IProbeModule
{
    /// <summary>(plural, versions to try newest first).</summary>
    public static readonly IReadOnlyList<(string Plural, string[] Versions)> Kinds =
    [
        ("servers", ["v1beta3", "v1beta2", "v1beta1"]),
        ("serverauthorizations", ["v1beta1"]),
        ("authorizationpolicies", ["v1alpha1"]),
        ("meshtlsauthentications", ["v1alpha1"]),
        ("networkauthentications", ["v1alpha1"]),
    ];

    public void Register(ObservationCache cache, ClusterConnections connections) =>
        cache.Register(ct => KubeCall.RunAsync(connections, "list Linkerd policy objects", t => ListAsync(connections, t), ct));

    private static async Task<LinkerdPolicyObservation> ListAsync(ClusterConnections c, CancellationToken ct)
    {
        var notServed = new List<string>();
        var lists = await Task.WhenAll(Kinds.Select(k => ListKindAsync(c, k.Plural, k.Versions, notServed, ct)));
        return LinkerdPolicyObservation.From(lists[0], lists[1], lists[2], lists[3], lists[4], notServed);
    }

    private static async Task<IReadOnlyList<JsonNode>> ListKindAsync(ClusterConnections c, string plural, string[] versions, List<string> notServed, CancellationToken ct)
    {
        foreach (var version in versions)
        {
            try
            {
                var list = await c.Kubernetes.CustomObjects.ListClusterCustomObjectAsync(LinkerdPolicy.Group, version, plural, cancellationToken: ct);
                var node = list is JsonElement e ? e.ToNode() : null;
                return node.Items("items").Select(i =>
                {
                    i["apiVersion"] ??= $"{LinkerdPolicy.Group}/{version}";
                    return i;
                }).ToList();
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // try the next version; the kind may be served under an older one
            }
        }

        lock (notServed)
        {
            notServed.Add($"{plural}.{LinkerdPolicy.Group} ({string.Join("/", versions)})");
        }

        return [];
    }
}
