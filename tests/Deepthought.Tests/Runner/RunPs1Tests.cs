using Deepthought.Tests.Reports;

namespace Deepthought.Tests.Runner;

/// <summary>run.ps1 sets process environment variables while it runs: its tests run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}

/// <summary>run.ps1 hosted in the PowerShell engine, against a fake `dotnet` that records what it was asked to do.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class RunPs1Tests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new("dt-ps1");
    private readonly string? _dotnetBefore = Environment.GetEnvironmentVariable("DEEPTHOUGHT_DOTNET");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("DEEPTHOUGHT_DOTNET", _dotnetBefore);
        _folder.Dispose();
    }

    [SkippableFact]
    public void RunPs1_SettingsAndPhases_MapOntoEnvironmentAndTraitFilter()
    {
        var dotnet = UseFake(exitCode: 0);
        var targetBefore = Environment.GetEnvironmentVariable("DEEPTHOUGHT_TARGET");

        var result = RunPs1(new()
        {
            ["Target"] = "attach",
            ["Profile"] = "profiles/x.yaml",
            ["Phase"] = new[] { "talos", "Storage" },
            ["Mode"] = "audit",
            ["Scenario"] = "node-missing",
            ["Reports"] = _folder.Path,
            ["TalosEndpoints"] = new[] { "192.168.1.32", "192.168.1.33" },
        });

        result.ExitCode.Should().Be(0, result.Text);
        dotnet.Lines.Should().Contain("DEEPTHOUGHT_TALOS_ENDPOINTS=192.168.1.32,192.168.1.33");
        var root = Path.GetDirectoryName(RunPs1Host.Script)!;
        dotnet.Lines.Should().Contain($"ARGS test {Path.Combine(root, "tests", "Deepthought.Conformance", "Deepthought.Conformance.csproj")} --filter Phase=Talos|Phase=Storage");
        dotnet.Lines.Should().Contain("DEEPTHOUGHT_TARGET=attach").And.Contain("DEEPTHOUGHT_MODE=audit").And.Contain("DEEPTHOUGHT_SCENARIO=node-missing");
        dotnet.Lines.Should().Contain($"DEEPTHOUGHT_PROFILE={Path.Combine(Directory.GetCurrentDirectory(), "profiles", "x.yaml")}");
        dotnet.Lines.Should().Contain($"DEEPTHOUGHT_REPORTS={_folder.Path}");
        Environment.GetEnvironmentVariable("DEEPTHOUGHT_TARGET").Should().Be(targetBefore, "run.ps1 restores the caller's environment");
    }

    [SkippableFact]
    public void RunPs1_PhaseAndCheck_FilterIsTheirIntersection()
    {
        var dotnet = UseFake(exitCode: 0);

        RunPs1(new() { ["Phase"] = "Talos", ["Check"] = new[] { "talos.nodes-ready", "talos.node-os-image" }, ["Reports"] = _folder.Path }).ExitCode.Should().Be(0);

        dotnet.Lines.Should().Contain(l => l.EndsWith("--filter (Phase=Talos)&(Check=talos.nodes-ready|Check=talos.node-os-image)", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void RunPs1_SuiteFailsAfterWritingReport_Exits1()
    {
        UseFake(exitCode: 1, leaves: "report");

        RunPs1(new() { ["Phase"] = "Talos", ["Reports"] = _folder.Path }).ExitCode.Should().Be(1);
    }

    [SkippableFact]
    public void RunPs1_SuiteLeavesConfigurationMarker_Exits2WithTheMessage()
    {
        UseFake(exitCode: 1, leaves: "config");

        var result = RunPs1(new() { ["Phase"] = "Talos", ["Profile"] = "broken.yaml", ["Reports"] = _folder.Path });

        result.ExitCode.Should().Be(2);
        result.Output.Should().Contain(l => l.StartsWith("configuration error: ", StringComparison.Ordinal) && l.Contains("broken.yaml:2:1: unknown key 'nodez'", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void RunPs1_StaleMarkerFromEarlierRun_IsNotMistakenForThisRun()
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "latest"));
        File.WriteAllText(Path.Combine(_folder.Path, "latest", "CONFIGURATION-ERROR"), "old");
        UseFake(exitCode: 0);

        RunPs1(new() { ["Reports"] = _folder.Path }).ExitCode.Should().Be(0);
    }

    [SkippableTheory]
    [InlineData("Phase", "Networking", "run.ps1 -Phase Networking: allowed: Talos, Etcd, Storage, Mesh, Gateway, Policy")]
    [InlineData("Target", "cloud", "run.ps1 -Target cloud: allowed: twin, attach")]
    [InlineData("Mode", "yolo", "run.ps1 -Mode yolo: allowed: audit, acceptance")]
    public void RunPs1_WrongParameter_Exits2WithoutRunningDotnet(string name, string value, string expected)
    {
        var dotnet = UseFake(exitCode: 0);

        var result = RunPs1(new() { [name] = value, ["Reports"] = _folder.Path });

        result.ExitCode.Should().Be(2);
        result.Output.Should().Contain($"configuration error: {expected}");
        dotnet.Lines.Should().BeEmpty();
    }

    [SkippableFact]
    public void RunPs1_DryRun_ShowsEnvironmentAndCommandAndAsksTheCliForTheList()
    {
        var dotnet = UseFake(exitCode: 0);

        var result = RunPs1(new() { ["Phase"] = "Mesh", ["Check"] = "mesh.linkerd-privileged", ["DryRun"] = true, ["Reports"] = _folder.Path });

        result.ExitCode.Should().Be(0, result.Text);
        result.Output.Should().Contain($"  DEEPTHOUGHT_REPORTS={_folder.Path}").And.Contain("  DEEPTHOUGHT_TARGET=(default)");
        result.Output.Should().Contain(l => l.StartsWith("command: ", StringComparison.Ordinal) && l.EndsWith("--filter (Phase=Mesh)&(Check=mesh.linkerd-privileged)", StringComparison.Ordinal));
        var root = Path.GetDirectoryName(RunPs1Host.Script)!;
        dotnet.Lines.Should().Contain($"ARGS run --project {Path.Combine(root, "src", "Cli", "Deepthought.Cli.csproj")} -- run --dry-run --phase Mesh --check mesh.linkerd-privileged");
    }

    [SkippableFact]
    public void RunPs1_Cleanup_AsksTheCliToRemoveTheLabelledLeftoversAndRunsNothingElse()
    {
        var dotnet = UseFake(exitCode: 0);

        var result = RunPs1(new() { ["Cleanup"] = true, ["Reports"] = _folder.Path });

        result.ExitCode.Should().Be(0, result.Text);
        var root = Path.GetDirectoryName(RunPs1Host.Script)!;
        dotnet.Lines.Where(l => l.StartsWith("ARGS ", StringComparison.Ordinal)).Should().Equal($"ARGS run --project {Path.Combine(root, "src", "Cli", "Deepthought.Cli.csproj")} -- cleanup");
    }

    private RunPs1Result RunPs1(Dictionary<string, object> parameters) => RunPs1Host.Run(parameters, Timeout);

    private FakeDotnet UseFake(int exitCode, string leaves = "")
    {
        Skip.If(OperatingSystem.IsWindows(), "the fake dotnet is a POSIX shell script");
        var fake = new FakeDotnet(_folder.Path, exitCode, leaves);
        Environment.SetEnvironmentVariable("DEEPTHOUGHT_DOTNET", fake.Path);
        return fake;
    }
}
