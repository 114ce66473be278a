using System.Globalization;
using System.Text;
using Deepthought.Checks.Model;
using static Deepthought.Fixtures.Reports.Html;

namespace Deepthought.Fixtures.Reports;

/// <summary>
/// report.html: one self-contained page (inline CSS, no script, no network) rendered from results.json. Header with
/// the overall verdict, per-phase summary in seed order, changes since the previous run, then every check with
/// failures first. Every value is HTML-encoded; the document has already been through the redactor.
/// </summary>
public static partial class HtmlReport
{
    /// <summary>Renders the page; <paramref name="changes"/> is null when there is no previous run to compare with.</summary>
    public static string Render(ResultsDocument doc, RunChanges? changes)
    {
        var run = doc.Run;
        var sb = new StringBuilder(32 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<meta name=\"color-scheme\" content=\"light dark\">\n")
          .Append("<title>").Append(E($"{doc.Summary.Verdict.ToUpperInvariant()} — Deepthought conformance, {run.Target} {run.Mode}, {run.Profile.Name}")).Append("</title>\n")
          .Append("<style>").Append(HtmlStyles.Css).Append("</style>\n</head>\n<body>\n");
        Header(sb, doc);
        sb.Append("<main>\n");
        Notices(sb, run);
        Phases(sb, doc);
        Changes(sb, doc, changes);
        Checks(sb, doc);
        sb.Append("</main>\n<footer><p>Deepthought conformance harness ").Append(E(run.HarnessVersion))
          .Append(" — the same data is in <code>results.json</code> (schema version ").Append(doc.SchemaVersion.ToString(CultureInfo.InvariantCulture))
          .Append(") and <code>junit.xml</code> beside this file.</p></footer>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static void Header(StringBuilder sb, ResultsDocument doc)
    {
        var run = doc.Run;
        var s = doc.Summary;
        sb.Append("<header>\n<h1>Deepthought conformance</h1>\n")
          .Append("<p class=\"overall v-").Append(E(s.Verdict)).Append("\" id=\"overall\"><strong>").Append(E(Label(s.Verdict))).Append("</strong> ")
          .Append(E($"{s.Total} checks: {s.Pass} passed, {s.Warn} warned, {s.Fail} failed, {s.Blocked} blocked, {s.Skip} skipped")).Append("</p>\n")
          .Append("<dl class=\"meta\">\n");
        Meta(sb, "Target", run.Target);
        Meta(sb, "Mode", run.Mode);
        Meta(sb, "Profile", $"{run.Profile.Name} ({run.Profile.Path})");
        Meta(sb, "Scenario", run.Scenario);
        Meta(sb, "Started", run.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Meta(sb, "Duration", Seconds(run.DurationSeconds));
        Meta(sb, "Harness", run.HarnessVersion);
        sb.Append("</dl>\n<nav aria-label=\"Sections\"><ul><li><a href=\"#phases\">Phases</a></li><li><a href=\"#changes\">Changes</a></li><li><a href=\"#checks\">Checks</a></li></ul></nav>\n</header>\n");
    }

    private static void Meta(StringBuilder sb, string term, string value) =>
        sb.Append("<div><dt>").Append(E(term)).Append("</dt><dd>").Append(E(value)).Append("</dd></div>\n");

    private static void Notices(StringBuilder sb, RunInfo run)
    {
        if (run.Notices.Count == 0)
        {
            return;
        }

        sb.Append("<section aria-labelledby=\"notices-h\"><h2 id=\"notices-h\">Notices</h2>\n<ul class=\"notices\">\n");
        foreach (var n in run.Notices)
        {
            sb.Append("<li>").Append(E(n)).Append("</li>\n");
        }

        sb.Append("</ul></section>\n");
    }

    private static void Phases(StringBuilder sb, ResultsDocument doc)
    {
        sb.Append("<section id=\"phases\" aria-labelledby=\"phases-h\"><h2 id=\"phases-h\">Phases</h2>\n<div class=\"scroll\"><table class=\"phases\">\n")
          .Append("<caption>Checks per phase, in the seed's order</caption>\n<thead><tr>")
          .Append("<th scope=\"col\">Phase</th><th scope=\"col\">Status</th><th scope=\"col\">Checks</th><th scope=\"col\">Passed</th>")
          .Append("<th scope=\"col\">Warned</th><th scope=\"col\">Failed</th><th scope=\"col\">Blocked</th><th scope=\"col\">Skipped</th><th scope=\"col\">Time</th></tr></thead>\n<tbody>\n");
        foreach (var phase in doc.Checks.GroupBy(c => c.Phase).OrderBy(g => PhaseRank(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var status = PhaseStatus(phase.Select(c => c.Verdict).ToList());
            sb.Append("<tr class=\"phase-row\" data-phase=\"").Append(E(phase.Key)).Append("\"><th scope=\"row\">").Append(E(phase.Key)).Append("</th><td>").Append(Badge(status)).Append("</td>")
              .Append(Cell(phase.Count())).Append(Cell(phase.Count(c => c.Verdict == "pass"))).Append(Cell(phase.Count(c => c.Verdict == "warn")))
              .Append(Cell(phase.Count(c => c.Verdict == "fail"))).Append(Cell(phase.Count(c => c.Verdict == "blocked"))).Append(Cell(phase.Count(c => c.Verdict == "skip")))
              .Append("<td>").Append(E(Seconds(phase.Sum(c => c.DurationSeconds)))).Append("</td></tr>\n");
        }

        sb.Append("</tbody></table></div></section>\n");
    }

    private static string Cell(int n) => $"<td>{n.ToString(CultureInfo.InvariantCulture)}</td>";

    /// <summary>Seed order (the Phase enum); a phase name this harness does not know sorts last.</summary>
    internal static int PhaseRank(string phase) => Enum.TryParse<Phase>(phase, out var p) ? (int)p : int.MaxValue;

    /// <summary>A phase fails when any check failed or was blocked, warns on a warning, passes when something passed, else skipped.</summary>
    internal static string PhaseStatus(IReadOnlyCollection<string> verdicts) =>
        verdicts.Any(RunComparison.IsFailing) ? "fail"
        : verdicts.Contains("warn") ? "warn"
        : verdicts.Contains("pass") ? "pass"
        : "skip";
}
