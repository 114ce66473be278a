namespace Deepthought.Fixtures.Reports;

/// <summary>
/// results.json: the run as data (schema in docs/results-schema.md). Every report file is rendered from this
/// document, so JUnit, HTML and JSON say the same thing and pass through the same redaction.
/// </summary>
public sealed record ResultsDocument(
    int SchemaVersion,
    RunInfo Run,
    RunSummary Summary,
    IReadOnlyList<CheckRecord> Checks,
    IReadOnlyList<NamespaceRecord> Diagnostics)
{
    /// <summary>Bumped when a field changes meaning or disappears; adding fields keeps the version.</summary>
    public const int CurrentSchemaVersion = 1;
}

/// <summary>Run metadata: what was checked, how, with which harness, and when.</summary>
public sealed record RunInfo(
    string Target,
    string Mode,
    ProfileInfo Profile,
    string Scenario,
    string HarnessVersion,
    DateTimeOffset Started,
    DateTimeOffset Finished,
    double DurationSeconds,
    IReadOnlyList<string> Notices,
    IReadOnlyDictionary<string, string> Facts);

public sealed record ProfileInfo(string Name, string Path);

/// <summary>Counts per verdict and the overall verdict ("fail" when a check failed or was blocked, else "pass").</summary>
public sealed record RunSummary(string Verdict, int Total, int Pass, int Warn, int Fail, int Skip, int Blocked);

/// <summary>One check's verdict with its evidence, hint and timing.</summary>
public sealed record CheckRecord(
    string Id,
    string Phase,
    string Title,
    string Severity,
    bool Fatal,
    string Verdict,
    string Message,
    IReadOnlyList<EvidenceRecord> Evidence,
    string Hint,
    string? BlockedBy,
    DateTimeOffset Started,
    double DurationSeconds,
    int Attempts,
    IReadOnlyList<string> Namespaces);

public sealed record EvidenceRecord(string Subject, string Expected, string Observed);

/// <summary>Events and pods of one namespace involved in a failure.</summary>
public sealed record NamespaceRecord(
    string Namespace,
    string EventsCommand,
    string PodsCommand,
    IReadOnlyList<EventRecord> Events,
    IReadOnlyList<PodRecord> Pods,
    string? Error);

public sealed record EventRecord(string Type, string Reason, string Object, string Message, int Count, DateTimeOffset? LastSeen);

public sealed record PodRecord(string Name, string Phase, string Ready, int Restarts, string? Reason, string? Node, bool Named);
