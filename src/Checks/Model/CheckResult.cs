namespace Deepthought.Checks.Model;

/// <summary>A check's verdict in a run, with when it started and how long it took.</summary>
public sealed record CheckResult(ICheck Check, Verdict Verdict, DateTimeOffset Started, TimeSpan Duration)
{
    public string Id => Check.Id;

    public Phase Phase => Check.Phase;

    public Outcome Outcome => Verdict.Outcome;
}
