using Deepthought.Twin.Mesh.Metrics;

namespace Deepthought.Twin.Mesh;

/// <summary>How a hop between two proxies is secured, in the proxy's label vocabulary (stack-facts §2).</summary>
/// <param name="Tls">mTLS with identities on both sides.</param>
/// <param name="ClientId">The client's identity the server proxy saw (inbound <c>client_id</c>).</param>
/// <param name="ServerId">The server's identity the client proxy verified (outbound <c>server_id</c>).</param>
public sealed record TlsLabels(bool Tls, string? ClientId, string? ServerId)
{
    /// <summary>Outbound: discovery gave no identity for the endpoint (unmeshed, or the edge is plaintext).</summary>
    public const string NoIdentityFromDiscovery = "not_provided_by_service_discovery";

    /// <summary>Inbound: the client did not start TLS (unmeshed client, or the edge is plaintext).</summary>
    public const string NoIdentityFromRemote = "not_provided_by_remote";

    /// <summary>Inbound side: <c>tls="true",client_id="..."</c> or <c>tls="no_identity",no_tls_reason="not_provided_by_remote"</c>.</summary>
    public Labels Inbound() => Tls
        ? new Labels().Add("tls", "true").Add("client_id", ClientId ?? "")
        : new Labels().Add("tls", "no_identity").Add("no_tls_reason", NoIdentityFromRemote);

    /// <summary>Outbound side: <c>tls="true",server_id="..."</c> or <c>tls="no_identity",no_tls_reason="not_provided_by_service_discovery"</c>.</summary>
    public Labels Outbound() => Tls
        ? new Labels().Add("tls", "true").Add("server_id", ServerId ?? "")
        : new Labels().Add("tls", "no_identity").Add("no_tls_reason", NoIdentityFromDiscovery);
}
