namespace Deepthought.Fixtures.Reports;

/// <summary>A check whose verdict changed between two runs.</summary>
public sealed record VerdictChange(string Id, string Phase, string Title, string Before, string After, string Message);

/// <summary>An observed value that changed for the same check and subject (a Talos version, an OSD count...).</summary>
public sealed record ObservationChange(string Id, string Subject, string Before, string After);

/// <summary>What changed since the previous run of the same target and profile.</summary>
public sealed record RunChanges(
    string PreviousRun,
    DateTimeOffset PreviousStarted,
    IReadOnlyList<VerdictChange> NewFailures,
    IReadOnlyList<VerdictChange> Fixed,
    IReadOnlyList<VerdictChange> OtherVerdictChanges,
    IReadOnlyList<ObservationChange> Observations)
{
    public bool Any => NewFailures.Count + Fixed.Count + OtherVerdictChanges.Count + Observations.Count > 0;
}

/// <summary>
/// Compares two runs by check id, and evidence by check id + subject. A check absent from the previous run counts
/// as new when it fails now; a subject present on one side only shows as "(absent)" on the other.
/// </summary>
public static class RunComparison
{
    public const string Absent = "(absent)";

    public static RunChanges Compare(ResultsDocument previous, string previousRun, ResultsDocument current)
    {
        var before = previous.Checks.GroupBy(c => c.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var newFailures = new List<VerdictChange>();
        var fixedChecks = new List<VerdictChange>();
        var other = new List<VerdictChange>();
        var observations = new List<ObservationChange>();
        foreach (var now in current.Checks)
        {
            var was = before.GetValueOrDefault(now.Id);
            var wasVerdict = was?.Verdict ?? Absent;
            var change = new VerdictChange(now.Id, now.Phase, now.Title, wasVerdict, now.Verdict, now.Message);
            if (IsFailing(now.Verdict) && !IsFailing(wasVerdict))
            {
                newFailures.Add(change);
            }
            else if (!IsFailing(now.Verdict) && IsFailing(wasVerdict) && now.Verdict is "pass" or "warn")
            {
                fixedChecks.Add(change);
            }
            else if (was is not null && was.Verdict != now.Verdict)
            {
                other.Add(change);
            }

            if (was is not null)
            {
                observations.AddRange(CompareEvidence(now.Id, was.Evidence, now.Evidence));
            }
        }

        return new RunChanges(previousRun, previous.Run.Started, newFailures, fixedChecks, other, observations);
    }

    /// <summary>"fail" and "blocked" both mean the property is not verified because something is wrong.</summary>
    public static bool IsFailing(string verdict) => verdict is "fail" or "blocked";

    private static IEnumerable<ObservationChange> CompareEvidence(string id, IReadOnlyList<EvidenceRecord> before, IReadOnlyList<EvidenceRecord> after)
    {
        var was = before.GroupBy(e => e.Subject, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Observed, StringComparer.Ordinal);
        var now = after.GroupBy(e => e.Subject, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Observed, StringComparer.Ordinal);
        foreach (var (subject, observed) in now)
        {
            var previous = was.GetValueOrDefault(subject, Absent);
            if (previous != observed)
            {
                yield return new ObservationChange(id, subject, previous, observed);
            }
        }

        foreach (var (subject, observed) in was.Where(w => !now.ContainsKey(w.Key)))
        {
            yield return new ObservationChange(id, subject, observed, Absent);
        }
    }
}
