using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Fixtures.Runs;
using Deepthought.Fixtures.Targets;
using Deepthought.Tests.Support;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Deepthought.Tests.Storage;

/// <summary>
/// The Storage phase the way a run does it: the whole twin, reached only through the kubeconfig it writes with the
/// read-only auditor identity, the real probes (metadata-only Helm list, service proxy to the mgr's real metrics).
/// Needs the twin's Kubernetes API server; a build without it skips, saying so.
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
        Skip.IfNot(typeof(Deepthought.Twin.Hosting.DeepthoughtTwin).Assembly.GetTypes().Any(t => t.Name == "KubeApiServer"), "this build's twin has no Kubernetes API server");
        var settings = new RunSettings { Mode = RunMode.Audit, Scenario = string.Join(",", scenarios), RequireRealBackends = Backends.Required };
        TargetSession session;
        try
        {
            session = await TwinTargets.Factory.StartAsync(settings, StorageTwin.Profile(), TimeProvider.System, CancellationToken.None);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("wrote no kubeconfig", StringComparison.Ordinal))
        {
            Skip.If(true, "this build's twin has no Kubernetes API server (it writes no kubeconfig)");
            throw;
        }

        await using (session)
        {
            var cache = ProbeModules.RegisterAll(new ObservationCache(), session.Connections);
            var context = new CheckContext(StorageTwin.Profile(), RunMode.Audit, TimeProvider.System, cache);
            var results = await new CheckEngine(StorageTwin.Checks, context).RunAsync([Phase.Storage], CancellationToken.None);
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
}
