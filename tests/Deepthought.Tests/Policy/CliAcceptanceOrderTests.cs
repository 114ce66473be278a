using System.Text.Json.Nodes;
using Deepthought.Cli;
using Deepthought.Tests.Support;
using Xunit.Abstractions;

namespace Deepthought.Tests.Policy;

/// <summary>
/// `deepthought run --mode acceptance --phase Policy` on the twin: the CLI runs a phase's selection with the acceptance
/// sequence in order, so policy.no-leftovers undoes the run's writes itself (its evidence lists them) instead of
/// passing before any write and leaving the CLI's last-resort cleanup to undo them afterwards.
/// </summary>
public sealed class CliAcceptanceOrderTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PolicyPhase_NoLeftoversRunsLast_AndUndoesTheWritesItself()
    {
        var reports = Directory.CreateTempSubdirectory("deepthought-cli-acceptance-").FullName;
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = await RunCommand.RunAsync(
                ["run", "--target", "twin", "--mode", "acceptance", "--phase", "Policy", "--profile", Repo.Profile, "--reports", reports],
                new RunConsole(stdout, stderr), _ => null, Path.GetTempPath(), AppContext.BaseDirectory, CancellationToken.None);
            output.WriteLine(stdout.ToString());
            output.WriteLine(stderr.ToString());

            code.Should().Be(0, stderr.ToString());
            stdout.ToString().Should().NotContain("cleanup: the run stopped before policy.no-leftovers", "no-leftovers ran after the writes and undid them");
            var results = JsonNode.Parse(File.ReadAllText(Directory.EnumerateFiles(reports, "results.json", SearchOption.AllDirectories).First()))!;
            var noLeftovers = results["checks"]!.AsArray().Single(c => (string?)c!["id"] == "policy.no-leftovers")!;
            var subjects = noLeftovers["evidence"]!.AsArray().Select(e => (string?)e!["subject"]).ToList();
            subjects.Should().Contain(s => s!.StartsWith("cleanup: delete Pod deepthought-conformance/conformance-probe-", StringComparison.Ordinal));
            subjects.Should().Contain("cleanup: restore Server emojivoto/voting-grpc as it was");
        }
        finally
        {
            Directory.Delete(reports, recursive: true);
        }
    }
}
