using System.Diagnostics;
using Deepthought.Checks.Model;
using Deepthought.Tests.Support;
using Deepthought.Twin.Ceph;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Deepthought.Tests.Storage;

/// <summary>
/// The healthy twin passes every Storage check; each fault scenario fails exactly the checks it is meant to, with
/// expected-vs-observed evidence. Runs on the real Ceph backend where installed (all twins here share it).
/// </summary>
[Collection(RealCephCollection.Name)]
[Trait("Phase", "Storage")]
public sealed class StorageScenarioTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task HealthyTwin_StorageChecks_AllPass()
    {
        RealCeph.Require();
        await using var twin = await StorageTwin.StartAsync();
        var results = await StorageTwin.JudgeAsync(twin);
        ScenarioRuns.Print(results, output);
        results.Should().HaveCount(StorageTwin.CheckIds.Count);
        results.Should().OnlyContain(r => r.Outcome == Outcome.Pass, because: string.Join("\n", results.Select(r => $"{r.Id}: {r.Verdict.Message}")));
        twin.Context.Notices.Should().Contain(n => n.Contains("real Ceph", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [InlineData("rook-ceph-not-privileged", new[] { "storage.rook-ceph-privileged" }, "pod-security.kubernetes.io/enforce=privileged")]
    [InlineData("rook-helm-release-failed", new[] { "storage.helm-releases" }, "Helm release rook-ceph-cluster in rook-ceph: expected deployed, got failed (revision 2)")]
    [InlineData("rook-operator-unavailable", new[] { "storage.rook-operator-available" }, "expected 1/1 available, Available=True, got 0/1 available, Available=False (MinimumReplicasUnavailable)")]
    [InlineData("cephcluster-uses-all-devices", new[] { "storage.cephcluster-device-selection" }, "this also offers the OS disk sda to Rook")]
    [InlineData("csi-plugin-not-ready", new[] { "storage.csi-nodeplugins-ready" }, "expected 3 desired, 3 ready, got 3 desired, 2 ready, 2 available")]
    [InlineData("cephcluster-no-osds", new[] { "storage.cephcluster-healthy", "storage.osds-up-in" }, "TOO_FEW_OSDS: OSD count 0 < osd_pool_default_size 3")]
    public async Task Scenario_FailsOnlyItsChecks(string scenario, string[] failing, string evidence)
    {
        RealCeph.Require();
        var results = await ScenarioRuns.RunAsync(scenario, output);
        ScenarioRuns.AssertFailsExactly(results, failing, evidence);
    }
}
