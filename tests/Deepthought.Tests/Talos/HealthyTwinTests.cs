using Deepthought.Checks.Model;
using Deepthought.Checks.Storage;
using Deepthought.Checks.Talos;
using Deepthought.Protocols.Profile;
using Deepthought.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Deepthought.Tests.Talos;

/// <summary>The healthy twin is the profile realized: every Talos, etcd and disk check passes.</summary>
public sealed class HealthyTwinTests(HealthyWorld healthy) : IClassFixture<HealthyWorld>
{
    [Fact]
    public async Task HealthyTwin_AllChecks_PassExceptTheSingleMemberWarning()
    {
        var world = healthy.World;

        var results = await world.RunAsync(Phase.Talos, Phase.Etcd, Phase.Storage);

        var ours = results.Where(r => Ours(r.Check)).ToList();
        ours.Should().HaveCount(12);
        ours.Where(r => r.Id != "etcd.fault-tolerance")
            .Should().OnlyContain(r => r.Outcome == Outcome.Pass, string.Join("\n", ours.Select(r => $"{r.Id}: {r.Outcome} {r.Verdict.Message}")));
        var tolerance = ours.Single(r => r.Id == "etcd.fault-tolerance");
        tolerance.Outcome.Should().Be(Outcome.Warn);
        tolerance.Check.Severity.Should().Be(Severity.Warn);
        tolerance.Verdict.Message.Should().Be("1 etcd member(s) with 1 healthy tolerate no member failure; the seed plans 3 control planes (etcd.plannedMembers), which would tolerate 1");
    }

    [Fact]
    public async Task HealthyTwin_TalosconfigWithoutEndpointsAsGenConfigWritesIt_TalosChecksRunOnTheGivenEndpoint()
    {
        var world = healthy.World;

        var onDisk = Deepthought.Checks.Talos.Talosconfig.Load(world.Twin.TalosconfigPath, "deepthought-reader");
        var reachable = await world.EvaluateAsync("talos.api-reachable");
        var services = await world.EvaluateAsync("talos.services-healthy");

        onDisk.Endpoints.Should().BeEmpty("`talosctl gen config` writes endpoints: [] and the seed passes -e on every command");
        reachable.Outcome.Should().Be(Outcome.Pass, reachable.Verdict.Message);
        services.Outcome.Should().Be(Outcome.Pass, services.Verdict.Message);
    }

    /// <summary>The checks this work package owns (Talos API, etcd, disks).</summary>
    private static bool Ours(ICheck check) =>
        check.Phase == Phase.Etcd || check.Id is TalosCheckIds.ApiReachable or TalosCheckIds.ServicesHealthy or TalosCheckIds.TalosconfigCertificates
            or TalosCheckIds.KubeconfigContext or TalosCheckIds.Version or StorageCheckIds.DataDisksClean or StorageCheckIds.NodeDisks;

    [Theory]
    [InlineData(340, Outcome.Warn, "*client certificate O=os:reader: expected valid for at least 30 more days, got expires on *, in 25 days")]
    [InlineData(366, Outcome.Fail, "*client certificate O=os:reader: expected valid, got expired on * (1 days ago)")]
    public async Task TalosconfigCertificates_InjectedClockMovesOn_WarnsThenFails(int days, Outcome outcome, string message)
    {
        // The twin issues its certificates on the world's clock, which then moves on.
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var world = await TestWorld.StartAsync(new WorldOptions { Time = time });
        time.Advance(TimeSpan.FromDays(days));

        var result = await world.EvaluateAsync("talos.talosconfig-certificates");

        result.Outcome.Should().Be(outcome);
        result.Verdict.Message.Should().Match(message);
    }
}
