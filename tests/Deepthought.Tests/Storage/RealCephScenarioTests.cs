using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Tests.Support;
using Deepthought.Twin.Ceph;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Deepthought.Tests.Storage;

/// <summary>
/// Faults produced on the real daemons (SIGTERM to an OSD or a mon, the noout flag), detected by the checks, and
/// undone at twin dispose: the shared cluster is back to HEALTH_OK (and its metrics agree) for the next test.
/// </summary>
[Collection(RealCephCollection.Name)]
[Trait("Phase", "Storage")]
public sealed class RealCephScenarioTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("osd-down", new[] { "storage.cephcluster-healthy", "storage.osds-up-in" }, "OSD_DOWN: 1 osds down")]
    [InlineData("mon-down", new[] { "storage.cephcluster-healthy", "storage.mon-quorum" }, "out of quorum: mon.c")]
    [InlineData("ceph-status-disagrees", new[] { "storage.live-health-agrees" }, "the operator is not refreshing the status")]
    public async Task RealFault_IsDetectedAndUndone(string scenario, string[] failing, string evidence)
    {
        RealCeph.Require();
        var clock = Clock.StartTimer(TimeProvider.System);
        var results = await ScenarioRuns.RunAsync(scenario, output);
        ScenarioRuns.AssertFailsExactly(results, failing, evidence);

        // Other tests in the process may have started a cluster for another profile (e.g. five OSDs for three control planes).
        var cluster = SharedCeph.Started.Should().ContainSingle(c => c.Events.Any(e => e.StartsWith(scenario + ":", StringComparison.Ordinal))).Subject;
        cluster.Events.Should().Contain(e => e.StartsWith(scenario + ":", StringComparison.Ordinal), "the fault was produced on the real daemons");
        cluster.Events.Should().Contain(e => e.StartsWith("recovery:", StringComparison.Ordinal), "the twin undoes its fault at dispose");
        var after = await cluster.SnapshotAsync(CancellationToken.None);
        after.IsSettled(3, 3).Should().BeTrue(after.Describe());
        CephWaits.MetricsSettled(await cluster.MetricsAsync(CancellationToken.None), cluster).Should().BeTrue();
        output.WriteLine($"{scenario}: whole test {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [SkippableFact]
    public async Task OsdDown_OsdPodAndMetrics_ShowTheStoppedOsd()
    {
        RealCeph.Require();
        await using var twin = await StorageTwin.StartAsync("osd-down");
        var results = await StorageTwin.JudgeAsync(twin);
        var osds = results.Single(r => r.Id == "storage.osds-up-in");
        osds.Outcome.Should().Be(Outcome.Fail);
        osds.Verdict.Message.Should().Contain("node talos-work2-marvin: expected 1 OSD pod(s) Running and Ready (sdb)")
            .And.Contain("CrashLoopBackOff")
            .And.Contain("mgr metrics in rook-ceph: expected 3 OSDs up and 3 in, got 2 up, 3 in of 3 listed; down: osd.2");
        var health = await twin.Context.Find<CephTwin>()!.Backend.HealthDetailJsonAsync(CancellationToken.None);
        ((string?)health["status"]).Should().Be("HEALTH_WARN");
        health["checks"]!["OSD_DOWN"]!["summary"]!["message"]!.ToString().Should().Be("1 osds down");
    }
}
