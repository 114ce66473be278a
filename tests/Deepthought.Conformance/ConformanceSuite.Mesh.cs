namespace Deepthought.Conformance;

public sealed partial class ConformanceSuite
{
    [SkippableFact, Trait("Phase", "Mesh"), Trait("Check", "mesh.gateway-api-crds")]
    public Task GatewayApiCrds() => Verify("mesh.gateway-api-crds");

    [SkippableFact, Trait("Phase", "Mesh"), Trait("Check", "mesh.linkerd-privileged")]
    public Task LinkerdPrivileged() => Verify("mesh.linkerd-privileged");

    [SkippableFact, Trait("Phase", "Mesh"), Trait("Check", "mesh.linkerd-crds")]
    public Task LinkerdCrds() => Verify("mesh.linkerd-crds");

    [SkippableFact, Trait("Phase", "Mesh"), Trait("Check", "mesh.linkerd-helm-releases")]
    public Task LinkerdHelmReleases() => Verify("mesh.linkerd-helm-releases");

    [SkippableFact, Trait("Phase", "Mesh"), Trait("Check", "mesh.linkerd-control-plane-ha")]
    public Task LinkerdControlPlaneHa() => Verify("mesh.linkerd-control-plane-ha");

    [SkippableFact, Trait("Phase", "Mesh"), Trait("Check", "mesh.linkerd-trust-anchor")]
    public Task LinkerdTrustAnchor() => Verify("mesh.linkerd-trust-anchor");

    [SkippableFact, Trait("Phase", "Mesh"), Trait("Check", "mesh.linkerd-issuer")]
    public Task LinkerdIssuer() => Verify("mesh.linkerd-issuer");

    [SkippableFact, Trait("Phase", "Mesh"), Trait("Check", "mesh.proxy-init-root")]
    public Task ProxyInitRoot() => Verify("mesh.proxy-init-root");

    [SkippableFact, Trait("Phase", "Mesh"), Trait("Check", "mesh.linkerd-viz")]
    public Task LinkerdViz() => Verify("mesh.linkerd-viz");

    [SkippableFact, Trait("Phase", "Mesh"), Trait("Check", "mesh.emojivoto-privileged")]
    public Task EmojivotoPrivileged() => Verify("mesh.emojivoto-privileged");

    [SkippableFact, Trait("Phase", "Mesh"), Trait("Check", "mesh.emojivoto-meshed")]
    public Task EmojivotoMeshed() => Verify("mesh.emojivoto-meshed");

    [SkippableFact, Trait("Phase", "Mesh"), Trait("Check", "mesh.mtls-edges")]
    public Task MtlsEdges() => Verify("mesh.mtls-edges");
}
