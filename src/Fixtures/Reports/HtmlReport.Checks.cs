using System.Globalization;
using System.Text;
using static Deepthought.Fixtures.Reports.Html;

namespace Deepthought.Fixtures.Reports;

public static partial class HtmlReport
{
    /// <summary>Failures first, then warnings, blocked, skipped and passed; seed order within each group.</summary>
    internal static readonly (string Verdict, string Heading)[] Groups =
    [
        ("fail", "Failed"),
        ("warn", "Warnings"),
        ("blocked", "Blocked"),
        ("skip", "Skipped"),
        ("pass", "Passed"),
    ];

    private static void Checks(StringBuilder sb, ResultsDocument doc)
    {
        var diagnostics = (doc.Diagnostics ?? []).ToDictionary(d => d.Namespace, StringComparer.Ordinal);
        sb.Append("<section id=\"checks\" aria-labelledby=\"checks-h\"><h2 id=\"checks-h\">Checks</h2>\n");
        foreach (var (verdict, heading) in Groups)
        {
            var group = doc.Checks.Where(c => c.Verdict == verdict).ToList();
            if (group.Count == 0)
            {
                continue;
            }

            sb.Append("<section class=\"group\" aria-labelledby=\"g-").Append(verdict).Append("\"><h3 id=\"g-").Append(verdict).Append("\">")
              .Append(E($"{Symbol(verdict)} {heading} ({group.Count})")).Append("</h3>\n");
            foreach (var c in group)
            {
                Check(sb, c, diagnostics);
            }

            sb.Append("</section>\n");
        }

        sb.Append("</section>\n");
    }

    private static void Check(StringBuilder sb, CheckRecord c, IReadOnlyDictionary<string, NamespaceRecord> diagnostics)
    {
        sb.Append("<article class=\"check v-").Append(E(c.Verdict)).Append("\" id=\"").Append(CheckAnchor(c.Id)).Append("\" data-verdict=\"").Append(E(c.Verdict)).Append("\">\n")
          .Append("<h4>").Append(Badge(c.Verdict)).Append(" <span class=\"claim\">").Append(E(c.Title)).Append("</span></h4>\n")
          .Append("<p class=\"facts\"><code>").Append(E(c.Id)).Append("</code> · ").Append(E(c.Phase)).Append(" · severity ").Append(E(c.Severity))
          .Append(c.Fatal ? " (fatal)" : "").Append(" · ").Append(E(Seconds(c.DurationSeconds)));
        if (c.Attempts > 1)
        {
            sb.Append(" · ").Append(c.Attempts.ToString(CultureInfo.InvariantCulture)).Append(" attempts");
        }

        sb.Append("</p>\n");
        switch (c.Verdict)
        {
            case "blocked":
                sb.Append("<p class=\"reason\"><strong>Blocked by <a href=\"#").Append(CheckAnchor(c.BlockedBy ?? "")).Append("\">").Append(E(c.BlockedBy)).Append("</a>:</strong> ")
                  .Append(E(c.Message)).Append("</p>\n");
                break;
            case "skip":
                sb.Append("<p class=\"reason\"><strong>Skipped:</strong> ").Append(E(c.Message)).Append("</p>\n");
                break;
            default:
                sb.Append("<p class=\"message\">").Append(E(c.Message)).Append("</p>\n");
                break;
        }

        Evidence(sb, c);
        if (c.Verdict is "fail" or "warn" or "blocked")
        {
            sb.Append("<p class=\"hint-label\">Hint — run:</p>\n<pre class=\"hint\"><code>").Append(E(c.Hint)).Append("</code></pre>\n");
        }
        else
        {
            sb.Append("<details><summary>Hint</summary><pre class=\"hint\"><code>").Append(E(c.Hint)).Append("</code></pre></details>\n");
        }

        foreach (var ns in c.Namespaces ?? [])
        {
            if (diagnostics.TryGetValue(ns, out var d))
            {
                Diagnostics(sb, d);
            }
        }

        sb.Append("</article>\n");
    }

    private static void Evidence(StringBuilder sb, CheckRecord c)
    {
        if (c.Evidence.Count == 0)
        {
            return;
        }

        sb.Append("<div class=\"scroll\"><table class=\"evidence\"><caption>Expected vs observed</caption>\n<thead><tr><th scope=\"col\">Subject</th><th scope=\"col\">Expected</th><th scope=\"col\">Observed</th></tr></thead>\n<tbody>\n");
        foreach (var e in c.Evidence)
        {
            sb.Append("<tr><th scope=\"row\">").Append(E(e.Subject)).Append("</th><td>").Append(E(e.Expected)).Append("</td><td>").Append(E(e.Observed)).Append("</td></tr>\n");
        }

        sb.Append("</tbody></table></div>\n");
    }

    private static void Diagnostics(StringBuilder sb, NamespaceRecord d)
    {
        sb.Append("<details class=\"diagnostics\" open><summary>").Append(E($"Namespace {d.Namespace}: {d.Events.Count} warning events, {d.Pods.Count} pods")).Append("</summary>\n");
        if (d.Error is not null)
        {
            sb.Append("<p class=\"reason\">Could not collect everything: ").Append(E(d.Error)).Append("</p>\n");
        }

        sb.Append("<pre class=\"hint\"><code>").Append(E(d.EventsCommand)).Append("</code></pre>\n");
        if (d.Events.Count > 0)
        {
            sb.Append("<div class=\"scroll\"><table><caption>").Append(E($"Recent non-Normal events in {d.Namespace}")).Append("</caption>\n<thead><tr><th scope=\"col\">Last seen</th><th scope=\"col\">Type</th><th scope=\"col\">Reason</th><th scope=\"col\">Object</th><th scope=\"col\">Message</th></tr></thead>\n<tbody>\n");
            foreach (var e in d.Events)
            {
                var when = e.LastSeen?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
                var count = e.Count > 1 ? $" (×{e.Count.ToString(CultureInfo.InvariantCulture)})" : "";
                sb.Append("<tr><td>").Append(E(when)).Append("</td><td>").Append(E(e.Type)).Append("</td><td>").Append(E(e.Reason + count))
                  .Append("</td><th scope=\"row\">").Append(E(e.Object)).Append("</th><td>").Append(E(e.Message)).Append("</td></tr>\n");
            }

            sb.Append("</tbody></table></div>\n");
        }

        sb.Append("<pre class=\"hint\"><code>").Append(E(d.PodsCommand)).Append("</code></pre>\n");
        if (d.Pods.Count > 0)
        {
            sb.Append("<div class=\"scroll\"><table><caption>").Append(E($"Pods in {d.Namespace}")).Append("</caption>\n<thead><tr><th scope=\"col\">Pod</th><th scope=\"col\">Phase</th><th scope=\"col\">Ready</th><th scope=\"col\">Restarts</th><th scope=\"col\">Reason</th><th scope=\"col\">Node</th></tr></thead>\n<tbody>\n");
            foreach (var p in d.Pods)
            {
                sb.Append("<tr><th scope=\"row\">").Append(E(p.Name)).Append("</th><td>").Append(E(p.Phase)).Append("</td><td>").Append(E(p.Ready)).Append("</td><td>")
                  .Append(p.Restarts.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(p.Reason ?? "")).Append("</td><td>").Append(E(p.Node ?? "")).Append("</td></tr>\n");
            }

            sb.Append("</tbody></table></div>\n");
        }

        sb.Append("</details>\n");
    }
}
