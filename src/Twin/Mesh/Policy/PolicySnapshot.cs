using System.Text.Json.Nodes;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.Mesh.Policy;

/// <summary>
/// The Linkerd policy objects (group policy.linkerd.io) as the proxies know them at one moment: what the policy
/// controller has pushed. <see cref="Sequence"/> orders snapshots so a late timer never rolls policy back.
/// </summary>
public sealed class PolicySnapshot
{
    private PolicySnapshot(long sequence, IReadOnlyDictionary<string, IReadOnlyList<JsonObject>> byKind)
    {
        Sequence = sequence;
        ByKind = byKind;
    }

    public static PolicySnapshot Empty { get; } = new(0, new Dictionary<string, IReadOnlyList<JsonObject>>());

    public static IReadOnlyList<string> Kinds { get; } =
        ["Server", "ServerAuthorization", "AuthorizationPolicy", "MeshTLSAuthentication", "NetworkAuthentication"];

    /// <summary>The store's resourceVersion when the snapshot was taken.</summary>
    public long Sequence { get; }

    private IReadOnlyDictionary<string, IReadOnlyList<JsonObject>> ByKind { get; }

    public IReadOnlyList<JsonObject> Servers => Of("Server");

    public IReadOnlyList<JsonObject> ServerAuthorizations => Of("ServerAuthorization");

    public IReadOnlyList<JsonObject> AuthorizationPolicies => Of("AuthorizationPolicy");

    public IReadOnlyList<JsonObject> Of(string kind) => ByKind.TryGetValue(kind, out var list) ? list : [];

    /// <summary>Finds an object of a kind by namespace and name.</summary>
    public JsonObject? Find(string kind, string ns, string name) =>
        Of(kind).FirstOrDefault(o => Namespace(o) == ns && Name(o) == name);

    /// <summary>Reads the policy objects from the store (any served version: the store keeps one copy per object).</summary>
    public static PolicySnapshot Capture(KubeStore store)
    {
        var byKind = new Dictionary<string, IReadOnlyList<JsonObject>>(StringComparer.Ordinal);
        foreach (var kind in Kinds)
        {
            var type = store.Types.FirstOrDefault(t => t.Group == PolicyRef.LinkerdGroup && t.Kind == kind);
            if (type is not null)
            {
                byKind[kind] = store.List(type);
            }
        }

        return new PolicySnapshot(store.CurrentResourceVersion, byKind);
    }

    public static string Name(JsonObject o) => (string?)o["metadata"]?["name"] ?? "";

    public static string Namespace(JsonObject o) => (string?)o["metadata"]?["namespace"] ?? "";

    public override string ToString() =>
        string.Join(", ", Kinds.Where(k => Of(k).Count > 0).Select(k => $"{k}: {string.Join(" ", Of(k).Select(o => $"{Namespace(o)}/{Name(o)}"))}")) is { Length: > 0 } s ? s : "no policy objects";
}
