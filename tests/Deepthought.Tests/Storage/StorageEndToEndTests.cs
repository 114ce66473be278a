using Deepthought.Checks.Model;
using Deepthought.Tests.Support;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Deepthought.Tests.Storage;

/// <summary>
/// The Storage phase the way a run does it: the whole twin (not only its storage parts), reached only through the
/// kubeconfig it writes with the read-only auditor identity, the real probes (metadata-only Helm list, service proxy
/// to the mgr's real metrics).
/// </summary>
[Collection(RealCephCollection.Name)]
[Trait("Phase", "Storage")]
public sealed class StorageEndToEndTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData(new string[0], new string[0])]
    [InlineData(new[] { "osd-down" }, new[] { "storage.cephcluster-healthy", "storage.osds-up-in" })]
    [InlineData(new[] { "rook-helm-release-failed" }, new[] { "storage.helm-releases" })]
    public async Task AuditThroughKubeconfig_StorageChecks_JudgeTheTwin(string[] scenarios, string[] failing)
    {
        RealCeph.Require();
        await using var world = await TestWorld.StartAsync(string.Join(",", scenarios));
        var results = await world.Run.RunChecksAsync(StorageTwin.CheckIds);
        ScenarioRuns.Print(results, output);
        if (failing.Length == 0)
        {
            results.Should().OnlyContain(r => r.Outcome == Outcome.Pass, string.Join("\n", results.Select(r => $"{r.Id}: {r.Verdict.Message}")));
        }
        else
        {
            ScenarioRuns.AssertFailsExactly(results, failing, "expected");
        }
    }
}
