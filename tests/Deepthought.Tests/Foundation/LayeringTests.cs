using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Deepthought.Fixtures.Targets;
using Deepthought.Tests.Support;
using Xunit.Abstractions;

namespace Deepthought.Tests.Foundation;

/// <summary>
/// The layers point one way (issue 12): the csproj references are the arrows drawn in docs/design.md; no source of
/// Protocols, Checks, Fixtures or the CLI names a twin type (or Protocols/Twin a check); and an attach run, a real
/// `deepthought run` child process, loads no twin assembly.
/// </summary>
public sealed partial class LayeringTests(ITestOutputHelper output)
{
    private static readonly string[] TwinAssemblies = ["Deepthought.Twin", "Deepthought.TwinTarget", "Deepthought.Twin.Kubectl", "Microsoft.AspNetCore", "Grpc.AspNetCore"];

    [Fact]
    public void ProjectReferences_AreTheArrowsOfDesignMd()
    {
        var drawn = DesignArrows();
        drawn.Should().NotBeEmpty("docs/design.md draws the layers as `A -> B` lines in a code block under ## Layers");
        CsprojArrows().Should().BeEquivalentTo(drawn, "every <ProjectReference> in src/ is an arrow in docs/design.md, and every arrow a reference");
    }

    [Theory]
    [InlineData("Protocols", @"\bDeepthought\.(Twin|Checks|Fixtures|Cli)\b")]
    [InlineData("Checks", @"\bDeepthought\.(Twin|Fixtures|Cli)\b")]
    [InlineData("Twin", @"\bDeepthought\.(Checks|Fixtures|Cli|TwinTarget)\b")]
    [InlineData("Fixtures", @"\bDeepthought\.(Twin|TwinTarget)\.")]
    [InlineData("Cli", @"\bDeepthought\.(Twin|TwinTarget)\b")]
    public void Sources_NameNoTypeOfALayerTheyDoNotReference(string project, string forbidden)
    {
        var pattern = new Regex(forbidden);
        var hits = Directory.EnumerateFiles(Path.Combine(Repo.Root, "src", project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => pattern.IsMatch(x.line) && !x.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && !x.line.TrimStart().StartsWith("///", StringComparison.Ordinal))
            .Select(x => $"{Path.GetRelativePath(Repo.Root, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        hits.Should().BeEmpty($"src/{project} must not name {forbidden} (the only door to the twin is ITwinTargetFactory)");
    }

    [Fact]
    public async Task AttachRun_LoadsNoTwinAssembly_WhileTheTwinTargetDoes()
    {
        await using var twin = await TwinTargets.Factory.ServeAsync(Repo.LoadProfile(), null, CancellationToken.None);
        var reports = Directory.CreateTempSubdirectory("deepthought-layering-").FullName;
        try
        {
            var attach = await RunCliAsync(
                "run", "--target", "attach", "--mode", "audit", "--kubeconfig", twin.KubeconfigPath, "--talosconfig", twin.TalosconfigPath!,
                "--talos-endpoints", string.Join(",", twin.TalosEndpoints), "--profile", Repo.Profile, "--reports", reports);
            attach.Loaded.Should().Contain(["Deepthought.Checks", "Deepthought.Fixtures", "Deepthought.Protocols", "KubernetesClient"], "the switch prints what the run loaded");
            attach.Loaded.Where(a => TwinAssemblies.Any(t => a == t || a.StartsWith(t + ".", StringComparison.Ordinal)))
                .Should().BeEmpty($"an attach run loads no twin code (exit {attach.Code}; stderr: {attach.Err})");
            attach.Code.Should().BeOneOf([0, 1], $"the run itself completes (stderr: {attach.Err})");

            // The same switch on a command that asks for the twin shows it loaded: the print is not blind.
            var catalog = await RunCliAsync("catalog", "--json");
            catalog.Loaded.Should().Contain(["Deepthought.TwinTarget", "Deepthought.Twin"]);
        }
        finally
        {
            Directory.Delete(reports, recursive: true);
        }
    }

    private async Task<CliResult> RunCliAsync(params string[] args)
    {
        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(5), true, args);
        output.WriteLine($"deepthought {args[0]}: exit {result.Code}, {result.Loaded.Count} assemblies: {string.Join(", ", result.Loaded)}");
        return result;
    }

    private static HashSet<string> CsprojArrows()
    {
        var arrows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var csproj in Directory.EnumerateFiles(Path.Combine(Repo.Root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var from = Path.GetFileName(Path.GetDirectoryName(csproj)!);
            foreach (var reference in XDocument.Load(csproj).Descendants("ProjectReference"))
            {
                var to = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(csproj)!, reference.Attribute("Include")!.Value)))!);
                arrows.Add($"{from} -> {to}");
            }
        }

        return arrows;
    }

    private static HashSet<string> DesignArrows()
    {
        var text = File.ReadAllText(Path.Combine(Repo.Root, "docs", "design.md"));
        var section = text[text.IndexOf("## Layers", StringComparison.Ordinal)..];
        var block = CodeBlock().Match(section).Groups[1].Value;
        return block.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("->", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex("```\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
