using System.Text.Json.Nodes;

namespace Deepthought.Twin.Kubernetes.Api.Rbac;

/// <summary>
/// RBAC as the real authorizer evaluates it, over the Roles, ClusterRoles and bindings in the store: a request is
/// allowed when some rule bound to the user (by name, group or service account) matches its verb, API group,
/// resource (<c>resource/subresource</c>, <c>*/subresource</c>), resource name, or non-resource URL. Members of
/// system:masters are allowed everything, as the real API server does before RBAC.
/// </summary>
public sealed class RbacAuthorizer
{
    private const string RbacGroup = "rbac.authorization.k8s.io";
    private readonly KubeStore _store;
    private Snapshot? _snapshot;
    private int _generation;

    public RbacAuthorizer(KubeStore store)
    {
        _store = store;
        store.Changed += c =>
        {
            if (c.Resource.Group == RbacGroup)
            {
                Interlocked.Increment(ref _generation);
            }
        };
    }

    public bool Allows(KubeUser user, ApiRequest request)
    {
        if (user.IsMaster)
        {
            return true;
        }

        return RulesFor(user, request.Namespace).Any(rule => Matches(rule, request));
    }

    /// <summary>The message the real API server puts after "is forbidden: ".</summary>
    public static string DenialReason(KubeUser user, ApiRequest request)
    {
        if (!request.IsResource)
        {
            return $"User \"{user.Name}\" cannot {request.Verb} path \"{request.Path}\"";
        }

        var resource = request.Subresource.Length > 0 ? $"{request.Resource}/{request.Subresource}" : request.Resource;
        var scope = request.Namespace.Length > 0 ? $"in the namespace \"{request.Namespace}\"" : "at the cluster scope";
        return $"User \"{user.Name}\" cannot {request.Verb} resource \"{resource}\" in API group \"{request.Group}\" {scope}";
    }

    /// <summary>The rules that apply to a user in a namespace ("" = cluster-wide rules only); masters get "*".</summary>
    public IReadOnlyList<JsonObject> Rules(KubeUser user, string ns) =>
        user.IsMaster
            ? RbacPolicy.Bootstrap().Where(o => (string?)o["metadata"]?["name"] == "cluster-admin" && (string?)o["kind"] == "ClusterRole")
                .SelectMany(r => (r["rules"] as JsonArray ?? []).OfType<JsonObject>()).ToList()
            : RulesFor(user, ns).Select(r => (JsonObject)r.DeepClone()).ToList();

    private IEnumerable<JsonObject> RulesFor(KubeUser user, string ns)
    {
        var s = Volatile.Read(ref _snapshot);
        if (s is null || s.Generation != Volatile.Read(ref _generation))
        {
            s = Load();
            Volatile.Write(ref _snapshot, s);
        }

        foreach (var b in s.ClusterRoleBindings.Where(b => Binds(b, user)))
        {
            foreach (var r in Rules(s.ClusterRoles, (string?)b["roleRef"]?["name"]))
            {
                yield return r;
            }
        }

        if (ns.Length == 0)
        {
            yield break;
        }

        foreach (var b in s.RoleBindings.Where(b => (string?)b["metadata"]?["namespace"] == ns && Binds(b, user)))
        {
            var refName = (string?)b["roleRef"]?["name"];
            var roles = (string?)b["roleRef"]?["kind"] == "ClusterRole"
                ? s.ClusterRoles
                : s.Roles.Where(r => (string?)r["metadata"]?["namespace"] == ns);
            foreach (var r in Rules(roles, refName))
            {
                yield return r;
            }
        }
    }

    private static IEnumerable<JsonObject> Rules(IEnumerable<JsonObject> roles, string? name) =>
        roles.Where(r => (string?)r["metadata"]?["name"] == name).SelectMany(r => (r["rules"] as JsonArray ?? []).OfType<JsonObject>());

    private static bool Binds(JsonObject binding, KubeUser user) =>
        (binding["subjects"] as JsonArray ?? []).OfType<JsonObject>().Any(s => (string?)s["kind"] switch
        {
            "User" => (string?)s["name"] == user.Name,
            "Group" => user.Groups.Contains((string?)s["name"] ?? ""),
            "ServiceAccount" => user.Name == $"system:serviceaccount:{(string?)s["namespace"] ?? (string?)binding["metadata"]?["namespace"]}:{(string?)s["name"]}",
            _ => false,
        });

    private static bool Matches(JsonObject rule, ApiRequest request)
    {
        if (!Has(rule["verbs"], request.Verb))
        {
            return false;
        }

        if (!request.IsResource)
        {
            return (rule["nonResourceURLs"] as JsonArray ?? []).Select(u => (string?)u ?? "").Any(u =>
                u == "*" || u == request.Path || (u.EndsWith('*') && request.Path.StartsWith(u[..^1], StringComparison.Ordinal)));
        }

        if (!Has(rule["apiGroups"], request.Group))
        {
            return false;
        }

        var combined = request.Subresource.Length > 0 ? $"{request.Resource}/{request.Subresource}" : request.Resource;
        var resourceOk = (rule["resources"] as JsonArray ?? []).Select(r => (string?)r ?? "").Any(r =>
            r == "*" || r == combined || (request.Subresource.Length > 0 && r == $"*/{request.Subresource}"));
        if (!resourceOk)
        {
            return false;
        }

        var names = rule["resourceNames"] as JsonArray;
        return names is null || names.Count == 0 || (request.Name.Length > 0 && names.Any(n => (string?)n == request.Name));
    }

    private static bool Has(JsonNode? list, string value) =>
        (list as JsonArray ?? []).Any(v => (string?)v is { } s && (s == "*" || s == value));

    private Snapshot Load()
    {
        // Read the generation first: a change during the read leaves the snapshot stale and it is read again.
        var generation = Volatile.Read(ref _generation);
        var snapshot = new Snapshot(
            generation,
            _store.List(RbacGroup + "/v1", "ClusterRole"),
            _store.List(RbacGroup + "/v1", "ClusterRoleBinding"),
            _store.List(RbacGroup + "/v1", "Role"),
            _store.List(RbacGroup + "/v1", "RoleBinding"));
        return snapshot;
    }

    private sealed record Snapshot(
        int Generation,
        IReadOnlyList<JsonObject> ClusterRoles,
        IReadOnlyList<JsonObject> ClusterRoleBindings,
        IReadOnlyList<JsonObject> Roles,
        IReadOnlyList<JsonObject> RoleBindings);
}
