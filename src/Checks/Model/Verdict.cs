namespace Deepthought.Checks.Model;

/// <summary>
/// A check's judgement: the outcome, one line that says expected vs observed (or why it was skipped or blocked),
/// and the evidence behind it. Passing verdicts carry evidence too: it is what the drift report compares.
/// </summary>
public sealed record Verdict(Outcome Outcome, string Message, IReadOnlyList<Evidence> Evidence)
{
    /// <summary>For <see cref="Outcome.Blocked"/>: the id of the failed check that blocked this one.</summary>
    public string? BlockedBy { get; init; }

    /// <summary>Attempts made before this verdict (polled checks), 1 otherwise.</summary>
    public int Attempts { get; init; } = 1;

    public static Verdict Pass(string message, params Evidence[] evidence) => new(Outcome.Pass, message, evidence);

    public static Verdict Pass(string message, IEnumerable<Evidence> evidence) => new(Outcome.Pass, message, evidence.ToArray());

    public static Verdict Fail(string message, params Evidence[] evidence) => new(Outcome.Fail, message, evidence);

    public static Verdict Fail(string message, IEnumerable<Evidence> evidence) => new(Outcome.Fail, message, evidence.ToArray());

    public static Verdict Warn(string message, params Evidence[] evidence) => new(Outcome.Warn, message, evidence);

    public static Verdict Skip(string reason) => new(Outcome.Skip, reason, []);

    public static Verdict Blocked(string byCheckId, string reason) =>
        new(Outcome.Blocked, $"blocked by {byCheckId}: {reason}", []) { BlockedBy = byCheckId };

    /// <summary>
    /// Builds a verdict from a list of findings: pass when there are none, else fail (or warn) with the findings
    /// joined into one expected-vs-observed message.
    /// </summary>
    public static Verdict FromFindings(
        IReadOnlyCollection<Evidence> findings,
        string passMessage,
        IEnumerable<Evidence>? observedWhenPassing = null,
        Severity severity = Severity.Fail)
    {
        if (findings.Count == 0)
        {
            return Pass(passMessage, observedWhenPassing ?? []);
        }

        var message = string.Join("; ", findings.Select(f => f.ToString()));
        return severity == Severity.Warn ? new(Outcome.Warn, message, findings.ToArray()) : Fail(message, findings.ToArray());
    }

    public bool IsFailure => Outcome == Outcome.Fail;
}
