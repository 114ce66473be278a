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
        sb.Append(" (").Append(r.Duration.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)).Append(" ms)");
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
}
