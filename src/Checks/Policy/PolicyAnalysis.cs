using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Policy;

/// <summary>Who an authorization lets in: a service account, or something broader (everyone, all identities, networks...).</summary>
public sealed record Admission(string Authorization, string Via, string Principal, string? ServiceAccount)
{
    public override string ToString() => $"{Authorization}{(Via.Length > 0 ? $" via {Via}" : "")} admits {Principal}";
}

/// <summary>
/// Works out, from the live policy objects, which clients may call a Server: every ServerAuthorization and
/// AuthorizationPolicy that targets it, each expanded into the principals it admits. Pure; the checks judge.
/// </summary>
public static class PolicyAnalysis
{
    public const string IdentitySuffix = "serviceaccount.identity";

    /// <summary>The admissions granted on the server (name/labels given so a missing Server can still be reasoned about by name).</summary>
    public static IReadOnlyList<Admission> Admissions(
        LinkerdPolicyObservation policy,
        string ns,
        string serverName,
        IReadOnlyDictionary<string, string> serverLabels,
        LinkerdProfile linkerd)
    {
        var result = new List<Admission>();
        foreach (var saz in policy.ServerAuthorizations.Where(a => a.Namespace == ns && Targets(a, serverName, serverLabels)))
        {
            result.AddRange(Expand(saz, linkerd));
        }

        foreach (var ap in policy.AuthorizationPolicies.Where(a => a.Namespace == ns && Targets(a, serverName)))
        {
            result.AddRange(Expand(ap, policy, linkerd));
        }

        return result;
    }

    public static bool Targets(ServerAuthorizationInfo saz, string serverName, IReadOnlyDictionary<string, string> serverLabels) =>
        saz.ServerName == serverName || (saz.ServerSelector is { } sel && sel.Matches(serverLabels));

    public static bool Targets(AuthorizationPolicyInfo ap, string serverName) =>
        (ap.Target.Kind == "Server" && ap.Target.Name == serverName && ap.Target.Group is "" or LinkerdPolicy.Group)
        || (ap.Target.Kind == "Namespace" && ap.Target.Name == ap.Namespace);

    private static IEnumerable<Admission> Expand(ServerAuthorizationInfo saz, LinkerdProfile linkerd)
    {
        var source = saz.Key;
        if (saz.Unauthenticated)
        {
            var from = saz.Networks.Count == 0 ? "" : $" from {string.Join(", ", saz.Networks)}";
            yield return new Admission(source, "", $"every client, unauthenticated included (client.unauthenticated: true){from}", null);
        }

        if (saz.UnauthenticatedTls)
        {
            yield return new Admission(source, "", "any TLS client without a mesh identity (meshTLS.unauthenticatedTLS: true)", null);
        }

        foreach (var identity in saz.Identities)
        {
            yield return FromIdentity(source, "", identity, linkerd);
        }

        foreach (var sa in saz.ServiceAccounts)
        {
            yield return new Admission(source, "", $"service account {sa.Name}.{sa.Namespace}", $"{sa.Name}.{sa.Namespace}");
        }
    }

    private static IEnumerable<Admission> Expand(AuthorizationPolicyInfo ap, LinkerdPolicyObservation policy, LinkerdProfile linkerd)
    {
        var source = ap.Key;
        foreach (var r in ap.RequiredAuthentications)
        {
            switch (r.Kind)
            {
                case "MeshTLSAuthentication":
                    var mtls = policy.MeshTlsAuthentications.FirstOrDefault(m => m.Namespace == r.Namespace && m.Name == r.Name);
                    if (mtls is null)
                    {
                        continue; // a missing referent makes Linkerd ignore the policy: it admits nobody
                    }

                    foreach (var identity in mtls.Identities)
                    {
                        yield return FromIdentity(source, $"MeshTLSAuthentication {mtls.Name}", identity, linkerd);
                    }

                    foreach (var idRef in mtls.IdentityRefs)
                    {
                        yield return idRef.Kind == "Namespace"
                            ? new Admission(source, $"MeshTLSAuthentication {mtls.Name}", $"every service account of namespace {idRef.Name}", null)
                            : new Admission(source, $"MeshTLSAuthentication {mtls.Name}", $"service account {idRef.Name}.{idRef.Namespace}", $"{idRef.Name}.{idRef.Namespace}");
                    }

                    break;
                case "ServiceAccount":
                    yield return new Admission(source, "", $"service account {r.Name}.{r.Namespace}", $"{r.Name}.{r.Namespace}");
                    break;
                case "NetworkAuthentication":
                    var net = policy.NetworkAuthentications.FirstOrDefault(n => n.Namespace == r.Namespace && n.Name == r.Name);
                    if (net is not null && ap.RequiredAuthentications.All(x => x.Kind == "NetworkAuthentication"))
                    {
                        yield return new Admission(source, $"NetworkAuthentication {net.Name}", $"unauthenticated clients from {string.Join(", ", net.Networks)}", null);
                    }

                    break;
            }
        }
    }

    /// <summary>An identity string: exact SA identity, a * wildcard (everything), or a *.suffix pattern.</summary>
    private static Admission FromIdentity(string source, string via, string identity, LinkerdProfile linkerd)
    {
        if (identity == "*")
        {
            return new Admission(source, via, "every meshed identity (identities: [\"*\"])", null);
        }

        var suffix = $".{IdentitySuffix}.{linkerd.Namespace}.{linkerd.TrustDomain}";
        if (!identity.Contains('*', StringComparison.Ordinal) && identity.EndsWith(suffix, StringComparison.Ordinal))
        {
            var sa = identity[..^suffix.Length]; // "<sa>.<ns>"
            return new Admission(source, via, $"identity {identity}", sa);
        }

        return new Admission(source, via, $"identities matching {identity}", null);
    }

    /// <summary>"web" in namespace emojivoto → "web.emojivoto", the form admissions name service accounts in.</summary>
    public static string ServiceAccountKey(string name, string ns) => $"{name}.{ns}";
}
