using System.Diagnostics;
using Deepthought.Checks.Model;
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
        var results = await TwinObservations.RunAsync(twin.Context, StorageTwin.Checks);
        Print(results);
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
        var results = await RunScenarioAsync(scenario);
        AssertFailsExactly(results, failing, evidence);
    }

    internal async Task<IReadOnlyList<CheckResult>> RunScenarioAsync(string scenario)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<CheckResult> results;
        await using (var twin = await StorageTwin.StartAsync(scenario))
        {
            output.WriteLine($"twin with {scenario} started in {clock.Elapsed.TotalSeconds:0.0} s");
            foreach (var n in twin.Context.Notices)
            {
                output.WriteLine($"notice: {n}");
            }

            results = await TwinObservations.RunAsync(twin.Context, StorageTwin.Checks);
            Print(results);
            clock.Restart();
        }

        output.WriteLine($"twin disposed in {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (var e in SharedCeph.Started.SelectMany(c => c.Events))
        {
            output.WriteLine($"ceph: {e}");
        }

        return results;
    }

    internal static void AssertFailsExactly(IReadOnlyList<CheckResult> results, string[] failing, string evidence)
    {
        var summary = string.Join("\n", results.Select(r => $"{r.Id}: {r.Outcome}: {r.Verdict.Message}"));
        results.Where(r => r.Outcome == Outcome.Fail).Select(r => r.Id).Should().BeEquivalentTo(failing, because: summary);
        results.Where(r => !failing.Contains(r.Id)).Should().OnlyContain(r => r.Outcome == Outcome.Pass, because: summary);
        results.Where(r => failing.Contains(r.Id)).SelectMany(r => r.Verdict.Evidence).Should().NotBeEmpty();
        string.Join("\n", results.Where(r => failing.Contains(r.Id)).Select(r => r.Verdict.Message)).Should().Contain(evidence);
        foreach (var r in results.Where(r => failing.Contains(r.Id)))
        {
            r.Check.FailingScenarios.Should().NotBeEmpty();
            r.Verdict.Message.Should().Contain("expected", because: $"{r.Id} must say expected vs observed");
            r.Check.Hint.Should().NotBeNullOrWhiteSpace();
        }
    }

    private void Print(IEnumerable<CheckResult> results)
    {
        foreach (var r in results)
        {
            output.WriteLine($"{r.Outcome,-5} {r.Id} ({r.Duration.TotalMilliseconds:0} ms): {r.Verdict.Message}");
        }
    }
}
