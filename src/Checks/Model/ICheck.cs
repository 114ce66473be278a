namespace Deepthought.Checks.Model;

/// <summary>
/// One documented property of the cluster, as a claim that can be verified. Checks are pure: they read
/// observations through <see cref="CheckContext"/> (which calls the probes, once per observation type) and judge.
/// </summary>
public interface ICheck
{
    /// <summary>Stable id, e.g. <c>talos.nodes-present</c>; used in traits, reports and drift.</summary>
    string Id { get; }

    Phase Phase { get; }

    /// <summary>The property as a claim: "rook-ceph namespace enforces privileged pod security".</summary>
    string Title { get; }

    Severity Severity { get; }

    /// <summary>What to run to look for yourself or fix it, from the seed's runbook where it has one.</summary>
    string Hint { get; }

    /// <summary>A fatal check that fails blocks the checks that depend on it.</summary>
    bool Fatal { get; }

    /// <summary>
    /// Ids of the checks evaluated before this one. A dependency that fails and is <see cref="Fatal"/>, or that is itself
    /// blocked, blocks this check (Blocked, naming the root cause); a failed non-fatal dependency does not: this check
    /// still runs and judges on its own.
    /// </summary>
    IReadOnlyList<string> DependsOn { get; }

    /// <summary>The twin fault scenarios that make this check fail (or warn): its proof that it can fail.</summary>
    IReadOnlyList<string> FailingScenarios { get; }

    /// <summary>The modes the check runs in (audit-only or acceptance-only checks are skipped in the other).</summary>
    IReadOnlyList<RunMode> Modes { get; }

    ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken);
}
