using Deepthought.Checks.Model;
using Deepthought.Cli;
using Deepthought.Fixtures.Runs;
using Deepthought.Protocols;

namespace Deepthought.Tests.Runner;

public sealed class RunOptionsTests
{
    private static readonly string Cwd = Path.Combine(Path.GetTempPath(), "dt-cwd");

    [Fact]
    public void Parse_EveryOption_MapsOntoItsEnvironmentName()
    {
        var o = RunOptions.Parse(
            ["--target", "attach", "--mode=acceptance", "--profile", "p.yaml", "--scenario", "osd-down,node-missing", "--reports", "out",
             "--kubeconfig", "kc", "--talosconfig", "/abs/tc", "--talos-endpoints", "192.168.1.32,192.168.1.33", "--phase", "storage", "--phase", "Talos,Mesh", "--check", "a.b", "--dry-run",
             "--fail-on-new-failures", "--previous", "prev/results.json"],
            Cwd);

        o.Overrides.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            [RunSettingNames.Target] = "attach",
            [RunSettingNames.Mode] = "acceptance",
            [RunSettingNames.Profile] = Path.Combine(Cwd, "p.yaml"),
            [RunSettingNames.Scenario] = "osd-down,node-missing",
            [RunSettingNames.Reports] = Path.Combine(Cwd, "out"),
            [RunSettingNames.Kubeconfig] = Path.Combine(Cwd, "kc"),
            [RunSettingNames.Talosconfig] = "/abs/tc",
            [RunSettingNames.TalosEndpoints] = "192.168.1.32,192.168.1.33",
        });
        o.Phases.Should().Equal(Phase.Talos, Phase.Storage, Phase.Mesh);
        o.Checks.Should().Equal("a.b");
        o.DryRun.Should().BeTrue();
        o.FailOnNewFailures.Should().BeTrue();
        o.Previous.Should().Be(Path.Combine(Cwd, "prev", "results.json"));
    }

    [Fact]
    public void FromOverrides_TalosEndpointsOption_WinsOverTheEnvironmentVariable()
    {
        var env = new Dictionary<string, string?> { [RunSettingNames.TalosEndpoints] = "10.0.0.9" };

        RunSettings.FromEnvironment(n => env.GetValueOrDefault(n), Cwd).TalosEndpoints.Should().Equal("10.0.0.9");
        RunSettings.FromOverrides(new Dictionary<string, string> { [RunSettingNames.TalosEndpoints] = "192.168.1.32, 192.168.1.33" }, n => env.GetValueOrDefault(n), Cwd)
            .TalosEndpoints.Should().Equal("192.168.1.32", "192.168.1.33");
    }

    [Theory]
    [InlineData("--phase Networking", "--phase Networking: no such phase; allowed: Talos, Etcd, Storage, Mesh, Gateway, Policy")]
    [InlineData("--frobnicate", "Unrecognized command or argument '--frobnicate' (see deepthought run --help)")]
    [InlineData("--target", "Required argument missing for option: '--target' (see deepthought run --help)")]
    public void Parse_WrongOption_IsConfigurationErrorNamingIt(string args, string expected)
    {
        var act = () => RunOptions.Parse(args.Split(' '), Cwd);

        act.Should().Throw<ConfigurationException>().WithMessage($"*{expected}*");
    }

    [Fact]
    public void Select_PhaseAndCheck_IsTheirIntersectionInSeedOrder()
    {
        var catalog = CheckCatalog.All;
        var talos = RunOptions.Parse(["--phase", "Talos"], Cwd).Select(catalog);

        talos.Should().NotBeEmpty().And.OnlyContain(c => c.Phase == Phase.Talos);
        RunOptions.Parse(["--check", "talos.nodes-ready"], Cwd).Select(catalog).Select(c => c.Id).Should().Equal("talos.nodes-ready");
        var none = () => RunOptions.Parse(["--phase", "Mesh", "--check", "talos.nodes-ready"], Cwd).Select(catalog);
        none.Should().Throw<ConfigurationException>().WithMessage("*no check is in both*");
        var unknown = () => RunOptions.Parse(["--check", "talos.nope"], Cwd).Select(catalog);
        unknown.Should().Throw<ConfigurationException>().WithMessage("--check talos.nope: no such check*deepthought catalog*");
    }

    [Fact]
    public void FromOverrides_OptionAndEnvironment_OptionWinsAndTheRestComesFromEnvironment()
    {
        var env = new Dictionary<string, string?>
        {
            [RunSettingNames.Target] = "attach",
            [RunSettingNames.Scenario] = "node-missing",
            [RunSettingNames.Reports] = "/env/reports",
        };

        var s = RunSettings.FromOverrides(new Dictionary<string, string> { [RunSettingNames.Target] = "twin", [RunSettingNames.Mode] = "acceptance" }, env.GetValueOrDefault);

        s.Target.Should().Be(TargetKind.Twin);
        s.Mode.Should().Be(RunMode.Acceptance);
        s.Scenario.Should().Be("node-missing");
        s.ReportsDirectory.Should().Be("/env/reports");
        var bad = () => RunSettings.FromOverrides(new Dictionary<string, string> { [RunSettingNames.Mode] = "yolo" }, env.GetValueOrDefault);
        bad.Should().Throw<ConfigurationException>().WithMessage("DEEPTHOUGHT_MODE=yolo: not allowed; allowed: audit, acceptance");
    }
}
