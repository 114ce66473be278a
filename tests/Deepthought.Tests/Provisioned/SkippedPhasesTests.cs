using Deepthought.Checks.Model;
using Deepthought.Fixtures.Provisioned;
using Deepthought.Fixtures.Runs;
using Deepthought.Tests.Reports;
using Deepthought.Tests.Runner;
using Deepthought.Tests.Support;

namespace Deepthought.Tests.Provisioned;

public sealed class SkippedPhasesTests
{
    [Fact]
    public async Task ASkippedPhase_SkipsItsChecksWithTheReason_ButStillRunsTheOnesOtherPhasesDependOn()
    {
        using var folder = new TempFolder("dt-skipped");
        var settings = new RunSettings
        {
            Target = TargetKind.Attach,
            Kubeconfig = UnreachableCluster.WriteKubeconfig(folder.Path),
            ProfilePath = Repo.Profile,
            ReportsDirectory = folder.Path,
        };
        await using var run = await ConformanceRun.StartAsync(settings);
        foreach (var (phase, reason) in KindProfile.SkippedPhases)
        {
            run.Session.SkippedPhases[phase] = reason;
        }

        var results = await run.RunAsync([Phase.Talos, Phase.Etcd, Phase.Storage]);

        results.Select(r => r.Id).Should().OnlyHaveUniqueItems();
        results.Should().HaveCount(CheckCatalog.All.Count(c => c.Phase is Phase.Talos or Phase.Etcd or Phase.Storage));
        var api = results.Single(r => r.Id == "talos.kubernetes-api");
        api.Outcome.Should().Be(Outcome.Fail, "the Mesh, Gateway and Policy checks depend on it, so it runs (and here finds no API server)");
        results.Where(r => r.Id != "talos.kubernetes-api").Should().OnlyContain(r => r.Outcome == Outcome.Skip);
        results.Single(r => r.Id == "talos.version").Verdict.Message.Should().Be(KindProfile.SkippedPhases[Phase.Talos]);
        results.Where(r => r.Phase == Phase.Storage).Should().OnlyContain(r => r.Verdict.Message.Contains("no Rook-Ceph"));
        (await run.EvaluateAsync("talos.version")).Outcome.Should().Be(Outcome.Skip);
    }
}
