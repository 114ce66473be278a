using Deepthought.Cli;
using Deepthought.Fixtures.Reports;
using Deepthought.Tests.Reports;

namespace Deepthought.Tests.Runner;

public sealed class RunCommandTests
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    [Fact]
    public async Task Run_AttachToUnreachableCluster_PrintsCheckPhaseAndSummaryLinesWritesReportsExits1()
    {
        using var folder = new TempFolder("dt-run");
        var kubeconfig = UnreachableCluster.WriteKubeconfig(folder.Path);
        var reports = Path.Combine(folder.Path, "reports");

        var code = await Run("run", "--target", "attach", "--kubeconfig", kubeconfig, "--phase", "Talos", "--reports", reports);

        code.Should().Be(RunCommand.ChecksFailed, _err.ToString());
        var output = _out.ToString();
        output.Should().Contain("Deepthought conformance: target attach, mode audit, profile deepthought");
        output.Should().Contain("× talos.kubernetes-api").And.Contain("is unreachable").And.Contain("hint: kubectl get nodes");
        output.Should().Contain("– talos.nodes-ready").And.Contain("blocked by talos.kubernetes-api");
        output.Should().MatchRegex(@"Talos: × \d+ checks — 0 passed, 0 warned, 1 failed, \d+ blocked, 0 skipped");
        output.Should().Contain("changes: no previous run of this target and profile to compare with");
        var latest = Path.Combine(reports, "latest");
        output.Should().Contain($"report: {Path.Combine(reports, File.ReadAllText(Path.Combine(latest, "RUN")).Trim(), "report.html")}");
        var doc = ResultsJson.TryRead(Path.Combine(latest, "results.json"))!;
        doc.Run.Target.Should().Be("attach");
        doc.Checks.Should().OnlyContain(c => c.Phase == "Talos");
        doc.Summary.Verdict.Should().Be("fail");
        File.Exists(Path.Combine(latest, "junit.xml")).Should().BeTrue();
        File.Exists(Path.Combine(latest, "report.html")).Should().BeTrue();
    }

    [Fact]
    public async Task Run_FailOnNewFailuresWithSameFailuresAsBefore_Exits0AndSaysNothingIsNew()
    {
        using var folder = new TempFolder("dt-run");
        var kubeconfig = UnreachableCluster.WriteKubeconfig(folder.Path);
        var reports = Path.Combine(folder.Path, "reports");
        string[] args = ["--target", "attach", "--kubeconfig", kubeconfig, "--check", "talos.kubernetes-api", "--reports", reports];
        (await Run([.. args, "--fail-on-new-failures"])).Should().Be(RunCommand.ChecksFailed, "with no previous run every failure is new");
        _out.GetStringBuilder().Clear();

        var code = await Run([.. args, "--fail-on-new-failures"]);

        code.Should().Be(RunCommand.Passed, _out.ToString());
        _out.ToString().Should().MatchRegex(@"changes since \S+-attach-audit: 0 new failures, 0 fixed");
    }

    [Fact]
    public async Task Run_MalformedProfile_Exits2WithOneLineAndLeavesMarker()
    {
        using var folder = new TempFolder("dt-run");
        var profile = Path.Combine(folder.Path, "broken.yaml");
        File.WriteAllText(profile, "name: deepthought\nnodes: [\n");
        var reports = Path.Combine(folder.Path, "reports");

        var code = await Run("--profile", profile, "--reports", reports, "--phase", "Talos");

        code.Should().Be(RunCommand.ConfigurationError);
        var error = _err.ToString().TrimEnd();
        error.Should().StartWith($"configuration error: {profile}:").And.NotContain("\n", "one line, no stack trace").And.NotContain("Exception");
        File.ReadAllText(Path.Combine(reports, "latest", ReportWriter.ConfigurationErrorFile)).Should().StartWith($"{profile}:");
    }

    [Fact]
    public async Task Run_DryRun_ListsChecksAndDependenciesAndStartsNothing()
    {
        using var folder = new TempFolder("dt-run");
        var reports = Path.Combine(folder.Path, "reports");

        var code = await Run("--dry-run", "--phase", "Mesh", "--reports", reports);

        code.Should().Be(RunCommand.Passed, _err.ToString());
        var output = _out.ToString();
        output.Should().Contain("dry run: target twin, mode audit, profile deepthought").And.Contain("Mesh: ");
        output.Should().Contain("mesh.linkerd-privileged").And.Contain("also evaluates talos.kubernetes-api");
        output.Should().NotContain("talos.nodes-ready").And.Contain("nothing was started");
        Directory.Exists(reports).Should().BeFalse();
    }

    [Theory]
    [InlineData("--check", "talos.nope", "--check talos.nope: no such check")]
    [InlineData("--target", "provisioned", "DEEPTHOUGHT_TARGET=provisioned")]
    [InlineData("--scenario", "no-such-fault", "unknown twin scenario 'no-such-fault'")]
    public async Task Run_WrongSetting_Exits2NamingIt(string option, string value, string expected)
    {
        using var folder = new TempFolder("dt-run");

        var code = await Run(option, value, "--reports", Path.Combine(folder.Path, "r"), "--phase", "Talos", option == "--scenario" ? "--dry-run" : "--phase=Talos");

        code.Should().Be(RunCommand.ConfigurationError);
        _err.ToString().Should().Contain(expected).And.StartWith("configuration error: ");
    }

    [Fact]
    public void ExitCode_Verdicts_MapOntoTheContract()
    {
        var failing = ResultsDocumentBuilder.Build(SampleRuns.Current());
        var warnOnly = failing with { Summary = failing.Summary with { Verdict = "pass" } };
        var changes = RunComparison.Compare(ResultsDocumentBuilder.Build(SampleRuns.Previous()), "prev", failing);

        RunCommand.ExitCode(warnOnly, null, failOnNewFailures: false).Should().Be(0);
        RunCommand.ExitCode(failing, null, failOnNewFailures: false).Should().Be(1);
        RunCommand.ExitCode(failing, changes, failOnNewFailures: true).Should().Be(1, "talos.node-os-image is new");
        RunCommand.ExitCode(failing, changes with { NewFailures = [] }, failOnNewFailures: true).Should().Be(0);
    }

    private Task<int> Run(params string[] args) =>
        RunCommand.RunAsync(args, new RunConsole(_out, _err), _ => null, Path.GetTempPath(), AppContext.BaseDirectory, CancellationToken.None);
}
