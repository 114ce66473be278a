namespace Deepthought.Checks.Mesh;

/// <summary>The ids of the Mesh phase's checks: the one place they are spelled (checks, dependencies, tests).</summary>
public static class MeshCheckIds
{
    public const string EmojivotoMeshed = "mesh.emojivoto-meshed";
    public const string EmojivotoPrivileged = "mesh.emojivoto-privileged";
    public const string GatewayApiCrds = "mesh.gateway-api-crds";
    public const string LinkerdControlPlaneHa = "mesh.linkerd-control-plane-ha";
    public const string LinkerdCrds = "mesh.linkerd-crds";
    public const string LinkerdHelmReleases = "mesh.linkerd-helm-releases";
    public const string LinkerdIssuer = "mesh.linkerd-issuer";
    public const string LinkerdPrivileged = "mesh.linkerd-privileged";
    public const string LinkerdTrustAnchor = "mesh.linkerd-trust-anchor";
    public const string LinkerdViz = "mesh.linkerd-viz";
    public const string MtlsEdges = "mesh.mtls-edges";
    public const string ProxyInitRoot = "mesh.proxy-init-root";
}
