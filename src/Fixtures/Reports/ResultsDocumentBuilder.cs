using Deepthought.Checks.Model;
using Deepthought.Fixtures.Evidence;

namespace Deepthought.Fixtures.Reports;

/// <summary>Turns a <see cref="RunReport"/> into the <see cref="ResultsDocument"/>, redacting every free-text field on the way.</summary>
public static class ResultsDocumentBuilder
{
    public static ResultsDocument Build(RunReport report)
    {
        static string R(string? s) => Redactor.Redact(s);
        var m = report.Metadata;
        var run = new RunInfo(
            R(m.Target),
            R(m.Mode),
            new ProfileInfo(R(m.ProfileName), R(m.ProfilePath)),
            R(m.Scenario),
            R(m.HarnessVersion),
            m.Started,
            m.Finished,
            Seconds(m.Finished - m.Started),
            m.Notices.Select(R).ToList(),
            m.Facts.ToDictionary(f => f.Key, f => R(f.Value), StringComparer.Ordinal));

        var provisioning = report.ProvisioningFailures.Count;
        var summary = new RunSummary(
            report.Failed ? "fail" : "pass",
            report.Results.Count + provisioning,
            report.Count(Outcome.Pass),
            report.Count(Outcome.Warn),
            report.Count(Outcome.Fail) + provisioning,
            report.Count(Outcome.Skip),
            report.Count(Outcome.Blocked));

        var namespacesByCheck = report.FailureEvidence.NamespacesByCheck;
        var checks = report.Results.Select(r => new CheckRecord(
            r.Id,
            r.Phase.ToString(),
            R(r.Check.Title),
            Lower(r.Check.Severity),
            r.Check.Fatal,
            Lower(r.Outcome),
            R(r.Verdict.Message),
            r.Verdict.Evidence.Select(e => new EvidenceRecord(R(e.Subject), R(e.Expected), R(e.Observed))).ToList(),
            R(r.Check.Hint),
            r.Verdict.BlockedBy,
            r.Started,
            Seconds(r.Duration),
            r.Verdict.Attempts,
            namespacesByCheck.TryGetValue(r.Id, out var ns) ? ns : [])).ToList();

        // A failed acceptance setup is a test case of its own (classname Infrastructure), so the reports never show only
        // skipped or blocked checks without saying why.
        checks.AddRange(report.ProvisioningFailures.Select((f, i) => new CheckRecord(
            i == 0 ? ProvisioningId : $"{ProvisioningId}-{i + 1}",
            ProvisioningPhase,
            "the acceptance setup (probe namespace, service account and pod, policy objects) was provisioned",
            "fail",
            true,
            "fail",
            R(f),
            [new EvidenceRecord("acceptance setup", "provisioned", R(f))],
            "kubectl apply -f profiles/rbac/auditor.yaml -f profiles/rbac/acceptance.yaml (the acceptance identity's rights); kubectl -n deepthought-conformance describe pods (image pull); policy.probeImage in the profile",
            null,
            m.Finished,
            0,
            1,
            ["deepthought-conformance"])));

        var diagnostics = report.FailureEvidence.Namespaces.Select(Namespace).ToList();
        return new ResultsDocument(ResultsDocument.CurrentSchemaVersion, run, summary, checks, diagnostics);
    }

    /// <summary>The JUnit classname and test name of a failed acceptance setup: Infrastructure/Provisioning.</summary>
    public const string ProvisioningPhase = "Infrastructure";

    public const string ProvisioningId = "Provisioning";

    private static NamespaceRecord Namespace(NamespaceDiagnostics d)
    {
        static string R(string? s) => Redactor.Redact(s);
        return new NamespaceRecord(
            d.Namespace,
            d.EventsCommand,
            d.PodsCommand,
            d.Events.Select(e => new EventRecord(R(e.Type), R(e.Reason), R(e.Object), R(e.Message), e.Count, e.LastSeen)).ToList(),
            d.Pods.Select(p => new PodRecord(R(p.Name), R(p.Phase), R(p.Ready), p.Restarts, p.Reason is null ? null : R(p.Reason), p.Node, p.Named)).ToList(),
            d.Error is null ? null : R(d.Error));
    }

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static double Seconds(TimeSpan t) => Math.Round(t.TotalSeconds, 3);
}
