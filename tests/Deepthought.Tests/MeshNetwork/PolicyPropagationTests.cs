using Deepthought.Twin.Hosting;
using Deepthought.Twin.Mesh;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace Deepthought.Tests.MeshNetwork;

/// <summary>How long policy changes take to reach the proxies, healthy and under policy-propagation-slow.</summary>
public sealed class PolicyPropagationTests
{
    private static readonly WorkloadIdentity Probe = new("deepthought-probe", "grpc-probe", "probe", Meshed: true);

    [Fact]
    public async Task Policy_Healthy_TakesEffectWithinTwoSeconds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var twin = await MeshTwin.StartAsync(time: time);
        PolicyObjects.RegisterCrds(twin.Context.Store);
        twin.Context.Store.Put(PolicyObjects.VotingServer());

        twin.Mesh.Policy.PendingChanges.Should().Be(1);
        time.Advance(TimeSpan.FromSeconds(1));
        (await VoteDogAsync(twin)).Status.Should().Be(StatusCode.OK, "1 s is within the 1.5 s propagation delay");
        time.Advance(TimeSpan.FromSeconds(1));
        (await VoteDogAsync(twin)).Status.Should().Be(StatusCode.PermissionDenied);
        twin.Mesh.Policy.PendingChanges.Should().Be(0);
    }

    [Fact]
    public async Task Policy_SlowPropagationScenario_StillAllowedAfterTheAcceptanceBudget()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var twin = await MeshTwin.StartAsync(MeshLayer.SlowPropagationScenario, time);
        PolicyObjects.RegisterCrds(twin.Context.Store);
        var budget = TimeSpan.FromSeconds(twin.Context.Profile.Policy.PropagationBudgetSeconds);
        twin.Context.Store.Put(PolicyObjects.VotingServer());

        time.Advance(budget + TimeSpan.FromSeconds(1));
        (await VoteDogAsync(twin)).Status.Should().Be(StatusCode.OK, $"the Server must not be enforced within the {budget.TotalSeconds} s budget");
        time.Advance(TimeSpan.FromMinutes(10));
        (await VoteDogAsync(twin)).Status.Should().Be(StatusCode.PermissionDenied, "it does arrive, late");
    }

    private static Task<GrpcProbeResult> VoteDogAsync(MeshTwin twin) =>
        MeshGrpcProbe.CallAsync(twin.Mesh, Probe, new Uri("http://voting-svc.emojivoto:8080"), "emojivoto.v1.VotingService/VoteDog", TimeSpan.FromSeconds(10), CancellationToken.None);
}
