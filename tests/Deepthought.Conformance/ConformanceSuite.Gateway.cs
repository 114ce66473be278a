namespace Deepthought.Conformance;

public sealed partial class ConformanceSuite
{
    [SkippableFact, Trait("Phase", "Gateway"), Trait("Check", "gateway.contour-release")]
    public Task ContourReleaseDeployed() => Verify("gateway.contour-release");

    [SkippableFact, Trait("Phase", "Gateway"), Trait("Check", "gateway.contour-running")]
    public Task ContourAndProvisionerRunning() => Verify("gateway.contour-running");

    [SkippableFact, Trait("Phase", "Gateway"), Trait("Check", "gateway.gatewayclass-accepted")]
    public Task GatewayClassAccepted() => Verify("gateway.gatewayclass-accepted");

    [SkippableFact, Trait("Phase", "Gateway"), Trait("Check", "gateway.gateway-programmed")]
    public Task GatewayProgrammed() => Verify("gateway.gateway-programmed");

    [SkippableFact, Trait("Phase", "Gateway"), Trait("Check", "gateway.provisioned-contour")]
    public Task ProvisionedContour() => Verify("gateway.provisioned-contour");

    [SkippableFact, Trait("Phase", "Gateway"), Trait("Check", "gateway.httproute-accepted")]
    public Task HttpRouteAccepted() => Verify("gateway.httproute-accepted");

    [SkippableFact, Trait("Phase", "Gateway"), Trait("Check", "gateway.traffic")]
    public Task TrafficReachesEmojivoto() => Verify("gateway.traffic");
}
