using Deepthought.Checks.Model;

namespace Deepthought.Fixtures.Reports;

/// <summary>What a run was: target, mode, profile, scenario, harness version, timing, and what the target said.</summary>
public sealed record RunMetadata(
    string Target,
    string Mode,
    string ProfileName,
    string ProfilePath,
    string Scenario,
    string HarnessVersion,
    DateTimeOffset Started,
    DateTimeOffset Finished,
    IReadOnlyList<string> Notices,
    IReadOnlyDictionary<string, string> Facts);

/// <summary>A finished run: its metadata and the verdicts of the checks it reported.</summary>
public sealed record RunReport(RunMetadata Metadata, IReadOnlyList<CheckResult> Results)
{
    public bool Failed => Results.Any(r => r.Outcome == Outcome.Fail);

    public int Count(Outcome outcome) => Results.Count(r => r.Outcome == outcome);
}
