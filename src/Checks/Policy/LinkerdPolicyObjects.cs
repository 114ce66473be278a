using System.Text.Json.Nodes;
using Deepthought.Checks.Gateway;
using Deepthought.Protocols.Formats;

namespace Deepthought.Checks.Policy;

/// <summary>One matchExpressions entry of a label selector.</summary>
public sealed record LabelExpression(string Key, string Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels) => Operator switch
    {
        "In" => labels.TryGetValue(Key, out var v) && Values.Contains(v),
        "NotIn" => !labels.TryGetValue(Key, out var n) || !Values.Contains(n),
        "Exists" => labels.ContainsKey(Key),
        "DoesNotExist" => !labels.ContainsKey(Key),
        _ => false,
    };
}

/// <summary>A Kubernetes label selector (matchLabels and matchExpressions).</summary>
public sealed record LabelSelector(IReadOnlyDictionary<string, string> MatchLabels, IReadOnlyList<LabelExpression> MatchExpressions)
{
    public bool IsEmpty => MatchLabels.Count == 0 && MatchExpressions.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        return MatchLabels.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value) && MatchExpressions.All(e => e.Matches(labels));
    }

    public override string ToString() =>
        string.Join(",", MatchLabels.Select(kv => $"{kv.Key}={kv.Value}").Concat(MatchExpressions.Select(e => $"{e.Key} {e.Operator} ({string.Join(",", e.Values)})")));

    public static LabelSelector From(JsonNode? node) => new(
        node.StringMap("matchLabels"),
        node.Items("matchExpressions").Select(e => new LabelExpression(e.Str("key"), e.Str("operator"), e.Items("values").Select(v => v.Str()).ToList())).ToList());
}

/// <summary>A reference from an AuthorizationPolicy or MeshTLSAuthentication (group, kind, name, namespace).</summary>
public sealed record PolicyRef(string Group, string Kind, string Name, string Namespace)
{
    public static PolicyRef From(JsonNode r, string defaultNamespace) =>
        new(r.Str("group"), r.Str("kind"), r.Str("name"), r.Str("namespace") is { Length: > 0 } ns ? ns : defaultNamespace);

    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}

/// <summary>A Linkerd Server (policy.linkerd.io): which pods' port it describes and how it treats unauthorized traffic.</summary>
public sealed record ServerInfo(
    string Namespace,
    string Name,
    string ApiVersion,
    IReadOnlyDictionary<string, string> Labels,
    LabelSelector PodSelector,
    string Port,
    string ProxyProtocol,
    string AccessPolicy)
{
    public static ServerInfo From(JsonNode o) => new(
        o.Str("metadata", "namespace"),
        o.Str("metadata", "name"),
        o.Str("apiVersion"),
        o.StringMap("metadata", "labels"),
        LabelSelector.From(o.At("spec", "podSelector")),
        o.Str("spec", "port"),
        o.Str("spec", "proxyProtocol") is { Length: > 0 } p ? p : "unknown",
        o.Str("spec", "accessPolicy"));
}

/// <summary>A ServerAuthorization (policy.linkerd.io/v1beta1): a Server (by name or selector) and the clients it admits.</summary>
public sealed record ServerAuthorizationInfo(
    string Namespace,
    string Name,
    string ServerName,
    LabelSelector? ServerSelector,
    bool Unauthenticated,
    IReadOnlyList<string> Networks,
    bool UnauthenticatedTls,
    IReadOnlyList<string> Identities,
    IReadOnlyList<PolicyRef> ServiceAccounts)
{
    public string Key => $"ServerAuthorization {Namespace}/{Name}";

    public static ServerAuthorizationInfo From(JsonNode o)
    {
        var ns = o.Str("metadata", "namespace");
        var client = o.At("spec", "client");
        return new(
            ns,
            o.Str("metadata", "name"),
            o.Str("spec", "server", "name"),
            o.At("spec", "server", "selector") is { } sel ? LabelSelector.From(sel) : null,
            client.Bool("unauthenticated") == true,
            client.Items("networks").Select(n => n.Str("cidr")).ToList(),
            client.Bool("meshTLS", "unauthenticatedTLS") == true,
            client.Items("meshTLS", "identities").Select(i => i.Str()).ToList(),
            client.Items("meshTLS", "serviceAccounts").Select(s => new PolicyRef("", "ServiceAccount", s.Str("name"), s.Str("namespace") is { Length: > 0 } sns ? sns : ns)).ToList());
    }
}

/// <summary>An AuthorizationPolicy (policy.linkerd.io/v1alpha1): a target and the authentications all required.</summary>
public sealed record AuthorizationPolicyInfo(string Namespace, string Name, PolicyRef Target, IReadOnlyList<PolicyRef> RequiredAuthentications)
{
    public string Key => $"AuthorizationPolicy {Namespace}/{Name}";

    public static AuthorizationPolicyInfo From(JsonNode o)
    {
        var ns = o.Str("metadata", "namespace");
        return new(ns, o.Str("metadata", "name"), PolicyRef.From(o.At("spec", "targetRef")!, ns),
            o.Items("spec", "requiredAuthenticationRefs").Select(r => PolicyRef.From(r, ns)).ToList());
    }
}

/// <summary>A MeshTLSAuthentication: identities (strings, * wildcards) or identityRefs (ServiceAccount, Namespace).</summary>
public sealed record MeshTlsAuthenticationInfo(string Namespace, string Name, IReadOnlyList<string> Identities, IReadOnlyList<PolicyRef> IdentityRefs)
{
    public static MeshTlsAuthenticationInfo From(JsonNode o)
    {
        var ns = o.Str("metadata", "namespace");
        return new(ns, o.Str("metadata", "name"), o.Items("spec", "identities").Select(i => i.Str()).ToList(),
            o.Items("spec", "identityRefs").Select(r => PolicyRef.From(r, ns)).ToList());
    }
}

/// <summary>A NetworkAuthentication: client networks (unauthenticated).</summary>
public sealed record NetworkAuthenticationInfo(string Namespace, string Name, IReadOnlyList<string> Networks)
{
    public static NetworkAuthenticationInfo From(JsonNode o) =>
        new(o.Str("metadata", "namespace"), o.Str("metadata", "name"), o.Items("spec", "networks").Select(n => n.Str("cidr")).ToList());
}

/// <summary>Linkerd policy API names.</summary>
public static class LinkerdPolicy
{
    public const string Group = "policy.linkerd.io";
}
