using Deepthought.Checks.Model;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Deepthought.Conformance;

/// <summary>
/// The conformance suite: one test per documented property, each carrying its Phase and Check traits
/// (`dotnet test --filter Phase=Storage`). A failed check fails its test with expected vs observed and the hint;
/// a blocked check is skipped naming the check that blocked it; a warning passes and is written to the output.
/// </summary>
[Collection(ClusterCollection.Name)]
[TestCaseOrderer(PhaseOrderer.TypeName, PhaseOrderer.AssemblyName)]
public sealed partial class ConformanceSuite
{
    private readonly ClusterFixture _cluster;
    private readonly ITestOutputHelper _output;

    public ConformanceSuite(ClusterFixture cluster, ITestOutputHelper output)
    {
        _cluster = cluster;
        _output = output;
    }

    private async Task Verify(string checkId)
    {
        var result = await _cluster.VerdictAsync(checkId);
        var v = result.Verdict;
        _output.WriteLine($"{ConsoleProgress(result.Outcome)} {checkId}: {result.Check.Title}");
        _output.WriteLine(v.Message);
        foreach (var e in v.Evidence)
        {
            _output.WriteLine($"  {e.Subject}: expected {e.Expected}, observed {e.Observed}");
        }

        switch (result.Outcome)
        {
            case Outcome.Fail:
                throw new XunitException($"{v.Message}\nhint: {result.Check.Hint}");
            case Outcome.Skip:
                Skip.If(true, v.Message);
                break;
            case Outcome.Blocked:
                Skip.If(true, v.Message);
                break;
            case Outcome.Warn:
                _output.WriteLine($"hint: {result.Check.Hint}");
                break;
        }
    }

    private static string ConsoleProgress(Outcome o) => Fixtures.Runs.ConsoleProgress.Symbol(o);
}
