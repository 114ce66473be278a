namespace Deepthought.Twin.Mesh.Policy;

/// <summary>A policy object as the proxy's metrics name it (<c>srv_*</c>, <c>authz_*</c> labels): group, kind, name.</summary>
public sealed record PolicyRef(string Group, string Kind, string Name)
{
    public const string LinkerdGroup = "policy.linkerd.io";

    /// <summary>A default policy (no Server, or a Server's fallback access policy).</summary>
    public static PolicyRef Default(string policy) => new("", "default", policy);
}

/// <summary>What the inbound proxy knows about a request's client.</summary>
/// <param name="Tls">The connection is mTLS from a meshed proxy.</param>
/// <param name="ClientIdentity">The client's Linkerd identity when <paramref name="Tls"/> (null otherwise).</param>
/// <param name="ClientIp">The client pod's IP (NetworkAuthentication, ServerAuthorization networks).</param>
public sealed record PolicyClient(bool Tls, string? ClientIdentity, string ClientIp);

/// <summary>The inbound policy's verdict for one request: the server that selected the port and the authorization that admitted it.</summary>
public sealed record PolicyDecision(bool Allowed, PolicyRef Server, PolicyRef? Authorization, string Reason)
{
    /// <summary>The proxy's error text for a denied request (l5d-proxy-error, grpc-message).</summary>
    public const string DeniedMessage = "unauthorized request on route";
}
