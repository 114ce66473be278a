using System.Globalization;
using System.Xml.Linq;
using Deepthought.Checks.Model;

namespace Deepthought.Fixtures.Reports;

/// <summary>JUnit XML: one testsuite per phase, one testcase per check (classname = phase), failures with expected vs observed and the hint.</summary>
public static class JunitReport
{
    public static XDocument Build(RunReport report)
    {
        var suites = new XElement("testsuites",
            new XAttribute("name", $"deepthought-conformance {report.Metadata.Target} {report.Metadata.Mode}"),
            new XAttribute("tests", report.Results.Count),
            new XAttribute("failures", report.Count(Outcome.Fail)),
            new XAttribute("skipped", report.Count(Outcome.Skip) + report.Count(Outcome.Blocked)),
            new XAttribute("time", Seconds(report.Metadata.Finished - report.Metadata.Started)));
        foreach (var phase in report.Results.GroupBy(r => r.Phase).OrderBy(g => g.Key))
        {
            var suite = new XElement("testsuite",
                new XAttribute("name", phase.Key.ToString()),
                new XAttribute("tests", phase.Count()),
                new XAttribute("failures", phase.Count(r => r.Outcome == Outcome.Fail)),
                new XAttribute("skipped", phase.Count(r => r.Outcome is Outcome.Skip or Outcome.Blocked)),
                new XAttribute("timestamp", report.Metadata.Started.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
                new XAttribute("time", Seconds(TimeSpan.FromTicks(phase.Sum(r => r.Duration.Ticks)))),
                new XElement("properties",
                    new XElement("property", new XAttribute("name", "target"), new XAttribute("value", report.Metadata.Target)),
                    new XElement("property", new XAttribute("name", "mode"), new XAttribute("value", report.Metadata.Mode)),
                    new XElement("property", new XAttribute("name", "profile"), new XAttribute("value", report.Metadata.ProfileName)),
                    new XElement("property", new XAttribute("name", "scenario"), new XAttribute("value", report.Metadata.Scenario))));
            foreach (var r in phase)
            {
                suite.Add(Case(r));
            }

            suites.Add(suite);
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), suites);
    }

    private static XElement Case(CheckResult r)
    {
        var element = new XElement("testcase",
            new XAttribute("classname", r.Phase.ToString()),
            new XAttribute("name", $"{r.Id}: {r.Check.Title}"),
            new XAttribute("time", Seconds(r.Duration)));
        var details = string.Join("\n", r.Verdict.Evidence.Select(e => $"{e.Subject}: expected {e.Expected}, observed {e.Observed}"));
        switch (r.Outcome)
        {
            case Outcome.Fail:
                element.Add(new XElement("failure",
                    new XAttribute("message", $"{r.Verdict.Message} — hint: {r.Check.Hint}"),
                    new XAttribute("type", "CheckFailed"),
                    $"{details}\nhint: {r.Check.Hint}"));
                break;
            case Outcome.Skip:
                element.Add(new XElement("skipped", new XAttribute("message", r.Verdict.Message)));
                break;
            case Outcome.Blocked:
                element.Add(new XElement("skipped", new XAttribute("message", r.Verdict.Message)));
                break;
            case Outcome.Warn:
                element.Add(new XElement("system-out", $"WARNING: {r.Verdict.Message}\n{details}\nhint: {r.Check.Hint}"));
                break;
            default:
                element.Add(new XElement("system-out", r.Verdict.Message + (details.Length > 0 ? "\n" + details : "")));
                break;
        }

        return element;
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
