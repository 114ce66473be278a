using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Checks.Profile;

namespace Deepthought.Tests.Gateway;

/// <summary>The Gateway path as the seed really leaves it: the bitnami release's names, the provisioner's objects.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SeedShapeTests
{
    [Theory]
    [InlineData("contour", "contour")]
    [InlineData("my-contour", "my-contour")]
    [InlineData("edge", "edge-contour")]
    [InlineData("Edge_1", "edge-1-contour")]
    public void BitnamiFullname_FollowsTheCommonChartRule(string release, string fullname) =>
        BitnamiContour.Fullname(release).Should().Be(fullname);

    [Fact]
    public void GatewayProfile_DefaultDeployments_AreTheBitnamiReleaseAndTheProvisioner() =>
        new GatewayProfile().Deployments.Should().Equal(BitnamiContour.ContourDeployment("contour"), "contour-gateway-provisioner");

    [Fact]
    public async Task ContourRunning_OnTheBitnamiReleaseNames_Passes()
    {
        await using var world = await GatewayRun.StartAsync();
        world.Store.Get("apps/v1", "Deployment", "projectcontour", "contour-contour").Should().NotBeNull();
        world.Store.Get("apps/v1", "DaemonSet", "projectcontour", "contour-envoy").Should().NotBeNull();
        world.Store.Get("v1", "Service", "projectcontour", "contour-envoy").Should().NotBeNull();
        world.Store.Get("apps/v1", "Deployment", "projectcontour", "contour").Should().BeNull("the bitnami chart names no Deployment after the bare release");

        var running = await world.Run.EvaluateAsync(GatewayCheckIds.Running);
        running.Outcome.Should().Be(Outcome.Pass, running.Verdict.Message);
        running.Verdict.Message.Should().Contain("contour-contour");
    }
}
