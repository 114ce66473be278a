using System.Globalization;
using System.Xml.Linq;

namespace Deepthought.Fixtures.Reports;

/// <summary>
/// JUnit XML: one testsuite per phase (seed order), one testcase per check (classname = phase); a failure says expected
/// vs observed and the hint; skipped and blocked checks are &lt;skipped&gt; with their reason.
/// </summary>
public static class JunitReport
{
    public static XDocument Build(RunReport report) => Build(ResultsDocumentBuilder.Build(report));

    public static XDocument Build(ResultsDocument doc)
    {
        var run = doc.Run;
        var suites = new XElement("testsuites",
            new XAttribute("name", $"deepthought-conformance {run.Target} {run.Mode}"),
            new XAttribute("tests", doc.Checks.Count),
            new XAttribute("failures", doc.Summary.Fail),
            new XAttribute("skipped", doc.Summary.Skip + doc.Summary.Blocked),
            new XAttribute("time", Seconds(run.DurationSeconds)));
        foreach (var phase in doc.Checks.GroupBy(c => c.Phase).OrderBy(g => HtmlReport.PhaseRank(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var suite = new XElement("testsuite",
                new XAttribute("name", phase.Key),
                new XAttribute("tests", phase.Count()),
                new XAttribute("failures", phase.Count(c => c.Verdict == "fail")),
                new XAttribute("errors", 0),
                new XAttribute("skipped", phase.Count(c => c.Verdict is "skip" or "blocked")),
                new XAttribute("timestamp", run.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
                new XAttribute("time", Seconds(phase.Sum(c => c.DurationSeconds))),
                new XElement("properties",
                    Property("target", run.Target),
                    Property("mode", run.Mode),
                    Property("profile", run.Profile.Name),
                    Property("scenario", run.Scenario),
                    Property("harnessVersion", run.HarnessVersion)));
            foreach (var c in phase)
            {
                suite.Add(Case(c));
            }

            suites.Add(suite);
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), suites);
    }

    private static XElement Property(string name, string value) =>
        new("property", new XAttribute("name", name), new XAttribute("value", value));

    private static XElement Case(CheckRecord c)
    {
        var element = new XElement("testcase",
            new XAttribute("classname", c.Phase),
            new XAttribute("name", $"{c.Id}: {c.Title}"),
            new XAttribute("time", Seconds(c.DurationSeconds)));
        var details = string.Join("\n", c.Evidence.Select(e => $"{e.Subject}: expected {e.Expected}, observed {e.Observed}"));
        switch (c.Verdict)
        {
            case "fail":
                element.Add(new XElement("failure",
                    new XAttribute("message", $"{c.Message} — hint: {c.Hint}"),
                    new XAttribute("type", "CheckFailed"),
                    $"{c.Message}\n{details}\nhint: {c.Hint}".Replace("\n\n", "\n", StringComparison.Ordinal)));
                break;
            case "skip" or "blocked":
                element.Add(new XElement("skipped", new XAttribute("message", c.Message)));
                break;
            case "warn":
                element.Add(new XElement("system-out", $"WARNING: {c.Message}\n{details}\nhint: {c.Hint}"));
                break;
            default:
                element.Add(new XElement("system-out", c.Message + (details.Length > 0 ? "\n" + details : "")));
                break;
        }

        return element;
    }

    private static string Seconds(double s) => s.ToString("0.000", CultureInfo.InvariantCulture);
}
