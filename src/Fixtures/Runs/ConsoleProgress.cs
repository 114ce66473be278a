using System.Globalization;
using System.Text;
using Deepthought.Checks.Model;

namespace Deepthought.Fixtures.Runs;

/// <summary>Console lines in the style of linkerd check: √ pass, ‼ warn, × fail, – skipped or blocked.</summary>
public static class ConsoleProgress
{
    public static string Symbol(Outcome outcome) => outcome switch
    {
        Outcome.Pass => "√",
        Outcome.Warn => "‼",
        Outcome.Fail => "×",
        _ => "–",
    };

    public static string Format(CheckResult r)
    {
        var sb = new StringBuilder();
        sb.Append(Symbol(r.Outcome)).Append(' ').Append(r.Id).Append("  ").Append(r.Check.Title);
        sb.Append(" (").Append(r.Duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)).Append(" ms)");
        if (r.Outcome is Outcome.Fail or Outcome.Warn)
        {
            sb.Append("\n    ").Append(r.Verdict.Message);
            sb.Append("\n    hint: ").Append(r.Check.Hint);
        }
        else if (r.Outcome is Outcome.Skip or Outcome.Blocked)
        {
            sb.Append("\n    ").Append(r.Verdict.Message);
        }

        return sb.ToString();
    }

    /// <summary>"Talos: × 5 checks — 3 passed, 0 warned, 1 failed, 1 blocked, 0 skipped".</summary>
    public static string FormatPhase(Phase phase, IReadOnlyCollection<CheckResult> results)
    {
        var worst = results.Any(r => r.Outcome is Outcome.Fail or Outcome.Blocked) ? Outcome.Fail
            : results.Any(r => r.Outcome == Outcome.Warn) ? Outcome.Warn
            : results.Any(r => r.Outcome == Outcome.Pass) ? Outcome.Pass
            : Outcome.Skip;
        return $"{phase}: {Symbol(worst)} {results.Count} checks — {Counts(results)}";
    }

    /// <summary>The closing line: the counts and where the reports are.</summary>
    public static string FormatSummary(IReadOnlyCollection<CheckResult> results, string? reportFolder)
    {
        var verdict = results.Any(r => r.Outcome is Outcome.Fail or Outcome.Blocked) ? "× FAIL" : "√ PASS";
        var where = reportFolder is null ? "" : $" — report: {Path.Combine(reportFolder, "report.html")}";
        return $"{verdict}: {results.Count} checks — {Counts(results)}{where}";
    }

    private static string Counts(IReadOnlyCollection<CheckResult> results) =>
        $"{results.Count(r => r.Outcome == Outcome.Pass)} passed, {results.Count(r => r.Outcome == Outcome.Warn)} warned, " +
        $"{results.Count(r => r.Outcome == Outcome.Fail)} failed, {results.Count(r => r.Outcome == Outcome.Blocked)} blocked, " +
        $"{results.Count(r => r.Outcome == Outcome.Skip)} skipped";
}
