using Deepthought.Checks.Model;
using Deepthought.Tests.Support;

namespace Deepthought.Tests.Mesh;

/// <summary>
/// mesh.linkerd-control-plane-ha and the profile key mesh.linkerd.controlPlaneToleration: values-ha.yaml sets no
/// toleration, so on a schedulable (untainted) control plane the controllers run 3-wide without one.
/// </summary>
public sealed class ControlPlaneHaToleranceTests
{
    private const string SeedLine = "controlPlaneToleration: true";
    private const string SchedulableLine = "controlPlaneToleration: false";

    [Fact]
    public async Task SchedulableControlPlane_NoToleration_PassesWhenTheProfileSaysSo()
    {
        var schedulable = Repo.ProfileWith(SeedLine, SchedulableLine);
        await using var world = await MeshWorld.StartAsync(profile: schedulable);

        var verdict = await world.VerdictAsync("mesh.linkerd-control-plane-ha");

        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
    }

    [Fact]
    public async Task SchedulableControlPlane_NoToleration_FailsUnderTheSeedProfile()
    {
        var schedulable = Repo.ProfileWith(SeedLine, SchedulableLine);
        await using var world = await MeshWorld.StartAsync(profile: schedulable);

        var verdict = await world.VerdictAsync("mesh.linkerd-control-plane-ha", Repo.LoadProfile());

        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("expected 3 replicas available on 3 distinct nodes, tolerating node-role.kubernetes.io/control-plane:NoSchedule");
        verdict.Message.Should().Contain("no toleration for node-role.kubernetes.io/control-plane:NoSchedule");
    }

    [Fact]
    public async Task SeedTwin_TolerationPresent_Passes()
    {
        await using var world = await MeshWorld.StartAsync();
        var verdict = await world.VerdictAsync("mesh.linkerd-control-plane-ha");
        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
    }
}
