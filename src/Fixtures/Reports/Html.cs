using System.Text;

namespace Deepthought.Fixtures.Reports;

/// <summary>HTML encoding for report text: every value goes through <see cref="E"/>, so no observed string can become markup.</summary>
internal static class Html
{
    /// <summary>Encodes text for element content and quoted attribute values; drops control characters HTML forbids.</summary>
    public static string E(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '\n' or '\t': sb.Append(ch); break;
                case '\r': break;
                default:
                    if (!char.IsControl(ch))
                    {
                        sb.Append(ch);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>A fragment id for a check ("check-talos.nodes-ready"); ids are [a-z0-9.-] but encode anyway.</summary>
    public static string CheckAnchor(string id) => "check-" + E(id);

    public static string Symbol(string verdict) => verdict switch
    {
        "pass" => "√",
        "warn" => "‼",
        "fail" => "×",
        _ => "–",
    };

    /// <summary>Symbol and word together, so colour is never the only signal.</summary>
    public static string Label(string verdict) => $"{Symbol(verdict)} {verdict.ToUpperInvariant()}";

    public static string Badge(string verdict) => verdict == RunComparison.Absent
        ? "<span class=\"badge v-absent\">○ NOT RUN</span>"
        : $"<span class=\"badge v-{E(verdict)}\">{E(Label(verdict))}</span>";

    public static string Seconds(double s) =>
        s < 1 ? $"{s * 1000:0} ms" : $"{s:0.0#} s";
}
