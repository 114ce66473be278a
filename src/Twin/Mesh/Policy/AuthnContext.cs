using System.Text.Json.Nodes;

namespace Deepthought.Twin.Mesh.Policy;

/// <summary>Matches one client against the authentication forms of ServerAuthorization and AuthorizationPolicy.</summary>
internal sealed class AuthnContext(PolicySnapshot policy, PolicyClient client, string controlNs, string trustDomain)
{
    /// <summary>ServerAuthorization <c>spec.client</c>: networks, then unauthenticated or meshTLS (unauthenticatedTLS, identities, serviceAccounts).</summary>
    public bool ClientMatches(JsonNode? spec, string ns)
    {
        if (spec is not JsonObject c)
        {
            return false;
        }

        if (c["networks"] is JsonArray networks && !LabelSelector.InNetworks(networks, client.ClientIp))
        {
            return false;
        }

        if ((bool?)c["unauthenticated"] == true)
        {
            return true;
        }

        if (c["meshTLS"] is not JsonObject mtls || !client.Tls)
        {
            return false;
        }

        if ((bool?)mtls["unauthenticatedTLS"] == true)
        {
            return true;
        }

        if (mtls["identities"] is JsonArray ids && IdentityIn(ids))
        {
            return true;
        }

        return mtls["serviceAccounts"] is JsonArray sas
            && sas.OfType<JsonObject>().Any(sa => IsServiceAccount((string?)sa["name"], (string?)sa["namespace"] ?? ns));
    }

    /// <summary>AuthorizationPolicy: every required authentication must exist and match (a missing referent voids the policy).</summary>
    public bool AllRequiredMatch(JsonArray? refs, string ns)
    {
        if (refs is null || refs.Count == 0)
        {
            return false;
        }

        foreach (var r in refs.OfType<JsonObject>())
        {
            var kind = (string?)r["kind"];
            var name = (string?)r["name"] ?? "";
            var refNs = (string?)r["namespace"] ?? ns;
            var ok = kind switch
            {
                "MeshTLSAuthentication" => policy.Find(kind, refNs, name) is { } m && MeshTls(m["spec"], refNs),
                "NetworkAuthentication" => policy.Find(kind, refNs, name) is { } n
                    && n["spec"]?["networks"] is JsonArray nets && LabelSelector.InNetworks(nets, client.ClientIp),
                "ServiceAccount" => client.Tls && IsServiceAccount(name, refNs),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private bool MeshTls(JsonNode? spec, string ns)
    {
        if (!client.Tls || client.ClientIdentity is null)
        {
            return false;
        }

        if (spec?["identities"] is JsonArray ids)
        {
            return IdentityIn(ids);
        }

        return spec?["identityRefs"] is JsonArray refs && refs.OfType<JsonObject>().Any(r => (string?)r["kind"] switch
        {
            "ServiceAccount" => IsServiceAccount((string?)r["name"], (string?)r["namespace"] ?? ns),
            "Namespace" => (string?)r["name"] is { } n
                && (n == "*" || client.ClientIdentity.EndsWith($".{n}.serviceaccount.identity.{controlNs}.{trustDomain}", StringComparison.Ordinal)),
            _ => false,
        });
    }

    private bool IdentityIn(JsonArray identities)
    {
        var id = client.ClientIdentity;
        if (id is null)
        {
            return false;
        }

        return identities.Select(i => (string?)i).Any(pattern => pattern switch
        {
            "*" => true,
            { } p when p.StartsWith("*.", StringComparison.Ordinal) => id.EndsWith(p[1..], StringComparison.Ordinal),
            { } p => p == id,
            _ => false,
        });
    }

    private bool IsServiceAccount(string? name, string ns) =>
        name is not null && client.ClientIdentity == $"{name}.{ns}.serviceaccount.identity.{controlNs}.{trustDomain}";
}
