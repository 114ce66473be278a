using System.Diagnostics;
using Deepthought.Checks.Model;
using Deepthought.Cli;
using Deepthought.Protocols;
using Deepthought.Tests.Support;
using FluentAssertions;
using Xunit;
using k8s;

namespace Deepthought.Tests.Kubernetes;

/// <summary>The <c>deepthought</c> console app, run as a separate process like a user runs it.</summary>
public sealed class TwinCommandTests
{
    private static Process Start(params string[] args) => CliProcess.Start(args);

    [Fact]
    public async Task Twin_PrintsAKubeconfigThatWorks_AndStopsWhenStdinCloses()
    {
        using var process = Start("twin");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var lines = new List<string>();
        string? kubeconfig = null;
        while (kubeconfig is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
            if (line.TrimStart().StartsWith("kubeconfig:", StringComparison.Ordinal))
            {
                kubeconfig = line.Split(':', 2)[1].Trim();
            }
        }

        if (kubeconfig is null)
        {
            process.StandardInput.Close();
            throw new InvalidOperationException($"no kubeconfig line: {string.Join('\n', lines)} {await process.StandardError.ReadToEndAsync(timeout.Token)}");
        }

        lines[0].Should().StartWith("Deepthought twin is up in");
        using (var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, currentContext: "auditor@deepthought")))
        {
            (await client.CoreV1.ListNodeAsync(cancellationToken: timeout.Token)).Items.Should().HaveCount(KubeTwinFixture.Profile().Nodes.Count);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);
        var rest = await process.StandardOutput.ReadToEndAsync(timeout.Token);

        process.ExitCode.Should().Be(0);
        rest.Should().Contain("kubectl get nodes -o wide").And.Contain("stopping the twin");
        File.Exists(kubeconfig).Should().BeFalse("the twin removes its work folder when it stops");
    }

    [Theory]
    [InlineData("twin --scenario no-such-scenario", "deepthought: --scenario: unknown twin scenario 'no-such-scenario'; known: ")]
    [InlineData("twin --profile /nonexistent/profile.yaml", "deepthought: /nonexistent/profile.yaml: profile not found")]
    [InlineData("twin --bogus", "deepthought: Unrecognized command or argument '--bogus' (see deepthought twin --help)")]
    [InlineData("explode", "deepthought: Unrecognized command or argument 'explode' (see deepthought --help)")]
    [InlineData("", "deepthought: Required command was not provided (see deepthought --help)")]
    [InlineData("run --target", "deepthought: Required argument missing for option: '--target' (see deepthought run --help)")]
    [InlineData("run --mode nonsense", "configuration error: DEEPTHOUGHT_MODE=nonsense: not allowed")]
    public async Task Cli_ConfigurationError_PrintsOneLineAndExits2(string args, string expectedStart)
    {
        using var process = Start(args.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var error = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.Should().Be(2);
        error.Trim().Should().StartWith(expectedStart).And.NotContain("\n").And.NotContain("   at ");
    }

    [Theory]
    [InlineData("--help", "deepthought [command] [options]", "catalog")]
    [InlineData("run --help", "deepthought run [options]", "--talos-endpoints <ips>")]
    [InlineData("twin -h", "deepthought twin [options]", "--scenario <a,b>")]
    [InlineData("catalog --help", "deepthought catalog [options]", "--json")]
    public async Task Cli_Help_IsWrittenByTheParserAndExits0(string args, string usage, string option)
    {
        using var process = Start(args.Split(' '));
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.Should().Be(0);
        output.Should().Contain("Usage:").And.Contain(usage).And.Contain(option);
    }

    [Fact]
    public void TwinOptions_DefaultProfile_IsTheRepositorysDeepthoughtYaml()
    {
        var options = TwinCommandOptions.Parse([], Path.GetTempPath(), AppContext.BaseDirectory);

        options.ProfilePath.Should().Be(Path.Combine(KubeTwinFixture.RepoRoot, "profiles", "deepthought.yaml"));
        TwinCommandOptions.Parse(["--scenario=kube-api-down"], "/", AppContext.BaseDirectory).Scenario.Should().Be("kube-api-down");
        var act = () => TwinCommandOptions.Parse(["--profile"], "/", AppContext.BaseDirectory);
        act.Should().Throw<ConfigurationException>().WithMessage("twin: Required argument missing for option: '--profile' (see deepthought twin --help)");
    }
}
