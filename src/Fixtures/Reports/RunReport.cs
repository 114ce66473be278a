using Deepthought.Checks.Model;
using Deepthought.Fixtures.Evidence;

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

/// <summary>A finished run: its metadata, the verdicts of the checks it reported, and what was collected about the failures.</summary>
public sealed record RunReport(RunMetadata Metadata, IReadOnlyList<CheckResult> Results)
{
    /// <summary>Events and pod status of the namespaces involved in failed checks (collected after the run).</summary>
    public FailureEvidence FailureEvidence { get; init; } = FailureEvidence.None;

    /// <summary>What the acceptance setup could not provide (namespace, RBAC, image pull): reported as Infrastructure/Provisioning.</summary>
    public IReadOnlyList<string> ProvisioningFailures { get; init; } = [];

    /// <summary>A check failed, could not be judged because a check it depends on failed, or the setup failed.</summary>
    public bool Failed => ProvisioningFailures.Count > 0 || Results.Any(r => r.Outcome is Outcome.Fail or Outcome.Blocked);

    public int Count(Outcome outcome) => Results.Count(r => r.Outcome == outcome);
}
