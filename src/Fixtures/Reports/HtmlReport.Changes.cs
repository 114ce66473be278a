using System.Globalization;
using System.Text;
using static Deepthought.Fixtures.Reports.Html;

namespace Deepthought.Fixtures.Reports;

public static partial class HtmlReport
{
    private static void Changes(StringBuilder sb, ResultsDocument doc, RunChanges? changes)
    {
        sb.Append("<section id=\"changes\" aria-labelledby=\"changes-h\"><h2 id=\"changes-h\">Changes since the previous run</h2>\n");
        if (changes is null)
        {
            sb.Append("<p>").Append(E($"No previous run of target {doc.Run.Target} with profile {doc.Run.Profile.Name} in this reports folder: nothing to compare.")).Append("</p>\n</section>\n");
            return;
        }

        var when = changes.PreviousStarted.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        sb.Append("<p>Compared with run <code>").Append(E(changes.PreviousRun)).Append("</code> (started ").Append(E(when)).Append(").</p>\n");
        if (!changes.Any)
        {
            sb.Append("<p>Nothing changed: same verdicts and same observed values.</p>\n</section>\n");
            return;
        }

        VerdictList(sb, "new-failures", "New failures", changes.NewFailures);
        VerdictList(sb, "fixed", "Fixed", changes.Fixed);
        VerdictList(sb, "other-changes", "Other verdict changes", changes.OtherVerdictChanges);
        if (changes.Observations.Count > 0)
        {
            sb.Append("<h3 id=\"changed-observations\">").Append(E($"Changed observed values ({changes.Observations.Count})")).Append("</h3>\n")
              .Append("<div class=\"scroll\"><table class=\"observations\"><caption>Observed values by check and subject</caption>\n<thead><tr><th scope=\"col\">Check</th><th scope=\"col\">Subject</th><th scope=\"col\">Before</th><th scope=\"col\">Now</th></tr></thead>\n<tbody>\n");
            foreach (var o in changes.Observations)
            {
                sb.Append("<tr><td><a href=\"#").Append(CheckAnchor(o.Id)).Append("\">").Append(E(o.Id)).Append("</a></td><th scope=\"row\">").Append(E(o.Subject))
                  .Append("</th><td>").Append(E(o.Before)).Append("</td><td>").Append(E(o.After)).Append("</td></tr>\n");
            }

            sb.Append("</tbody></table></div>\n");
        }

        sb.Append("</section>\n");
    }

    private static void VerdictList(StringBuilder sb, string id, string heading, IReadOnlyList<VerdictChange> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        sb.Append("<h3 id=\"").Append(id).Append("\">").Append(E($"{heading} ({items.Count})")).Append("</h3>\n<ul class=\"changes ").Append(id).Append("\">\n");
        foreach (var c in items)
        {
            sb.Append("<li data-check=\"").Append(E(c.Id)).Append("\"><a href=\"#").Append(CheckAnchor(c.Id)).Append("\"><code>").Append(E(c.Id)).Append("</code></a> ")
              .Append(E(c.Title)).Append(": ").Append(Badge(c.Before)).Append(" → ").Append(Badge(c.After)).Append(" <span class=\"message\">").Append(E(c.Message)).Append("</span></li>\n");
        }

        sb.Append("</ul>\n");
    }
}
