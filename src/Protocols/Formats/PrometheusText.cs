using System.Globalization;
using System.Text;

namespace Deepthought.Protocols.Formats;

/// <summary>One sample of the Prometheus text exposition format: metric name, label set, value (and optional timestamp).</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, long? TimestampMs = null)
{
    /// <summary>The label's value, or "" when the sample has no such label (as PromQL treats a missing label).</summary>
    public string Label(string name) => Labels.TryGetValue(name, out var v) ? v : "";

    /// <summary>True when every given label has the given value (label order never matters).</summary>
    public bool Matches(params (string Name, string Value)[] labels) => labels.All(l => Label(l.Name) == l.Value);

    public override string ToString() =>
        Labels.Count == 0 ? $"{Name} {Value.ToString(CultureInfo.InvariantCulture)}"
            : $"{Name}{{{string.Join(",", Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} {Value.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>A parsed scrape: the samples in order, and the HELP and TYPE lines by metric family.</summary>
public sealed class PrometheusScrape : IReadOnlyList<PrometheusSample>
{
    public PrometheusScrape(IReadOnlyList<PrometheusSample> samples, IReadOnlyDictionary<string, string> help, IReadOnlyDictionary<string, string> types)
    {
        Samples = samples;
        Help = help;
        Types = types;
    }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    public IReadOnlyDictionary<string, string> Help { get; }

    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>Every sample of one metric name.</summary>
    public int Count => Samples.Count;

    public PrometheusSample this[int index] => Samples[index];

    public IEnumerator<PrometheusSample> GetEnumerator() => Samples.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public IEnumerable<PrometheusSample> Named(string name) => Samples.Where(s => s.Name == name);

    /// <summary>The sample of a metric whose labels include all the given pairs (null when none).</summary>
    public PrometheusSample? Find(string name, params (string Key, string Value)[] labels) =>
        Named(name).FirstOrDefault(s => labels.All(l => s.Label(l.Key) == l.Value));
}

/// <summary>
/// A small parser of the Prometheus text format (version 0.0.4): comments, HELP and TYPE lines, label values with
/// <c>\\</c>, <c>\"</c> and <c>\n</c> escapes, NaN/±Inf values and optional timestamps. A malformed line is a
/// <see cref="FormatException"/> naming the line, so a probe can say what the endpoint served.
/// </summary>
public static class PrometheusText
{
    public static PrometheusScrape Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r').Trim(' ', '\t');
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                if (line[0] == '#')
                {
                    ParseComment(line, help, types);
                    continue;
                }

                samples.Add(ParseSample(line));
            }
            catch (FormatException e)
            {
                throw new FormatException($"line {lineNumber}: {e.Message}: {Shorten(line)}", e);
            }
        }

        return new PrometheusScrape(samples, help, types);
    }

    private static void ParseComment(string line, Dictionary<string, string> help, Dictionary<string, string> types)
    {
        // "# HELP name text" and "# TYPE name type"; any other comment is ignored.
        var parts = line[1..].TrimStart(' ', '\t').Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || (parts[0] != "HELP" && parts[0] != "TYPE"))
        {
            return;
        }

        var rest = parts.Length == 3 ? parts[2] : "";
        if (parts[0] == "HELP")
        {
            help[parts[1]] = UnescapeHelp(rest);
        }
        else
        {
            types[parts[1]] = rest.Trim();
        }
    }

    private static PrometheusSample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && IsNameChar(line[i], i == 0))
        {
            i++;
        }

        if (i == 0)
        {
            throw new FormatException("expected a metric name");
        }

        var name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        SkipBlanks(line, ref i);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            ParseLabels(line, ref i, labels);
        }

        var fields = line[i..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is 0 or > 2)
        {
            throw new FormatException("expected a value and an optional timestamp after the labels");
        }

        var value = ParseValue(fields[0]);
        long? timestamp = fields.Length == 2
            ? long.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ts) ? ts : throw new FormatException($"'{fields[1]}' is not a timestamp")
            : null;
        return new PrometheusSample(name, labels, value, timestamp);
    }

    private static void ParseLabels(string line, ref int i, Dictionary<string, string> labels)
    {
        while (true)
        {
            SkipBlanks(line, ref i);
            if (i < line.Length && line[i] == '}')
            {
                i++;
                return;
            }

            var start = i;
            while (i < line.Length && IsNameChar(line[i], i == start))
            {
                i++;
            }

            if (i == start)
            {
                throw new FormatException("expected a label name");
            }

            var key = line[start..i];
            SkipBlanks(line, ref i);
            if (i >= line.Length || line[i] != '=')
            {
                throw new FormatException($"expected '=' after label {key}");
            }

            i++;
            SkipBlanks(line, ref i);
            if (i >= line.Length || line[i] != '"')
            {
                throw new FormatException($"expected a quoted value for label {key}");
            }

            i++;
            labels[key] = ReadQuoted(line, ref i, key);
            SkipBlanks(line, ref i);
            if (i < line.Length && line[i] == ',')
            {
                i++;
            }
            else if (i >= line.Length || line[i] != '}')
            {
                throw new FormatException($"expected ',' or '}}' after label {key}");
            }
        }
    }

    private static string ReadQuoted(string line, ref int i, string key)
    {
        var value = new StringBuilder();
        while (i < line.Length)
        {
            var c = line[i++];
            if (c == '"')
            {
                return value.ToString();
            }

            if (c == '\\' && i < line.Length)
            {
                var e = line[i++];
                value.Append(e switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => throw new FormatException($"unknown escape \\{e} in label {key}") });
                continue;
            }

            value.Append(c);
        }

        throw new FormatException($"unterminated value of label {key}");
    }

    private static double ParseValue(string s) => s switch
    {
        "NaN" => double.NaN,
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"'{s}' is not a sample value"),
    };

    private static string UnescapeHelp(string s) => s.Contains('\\', StringComparison.Ordinal)
        ? s.Replace("\\\\", "\u0000", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal).Replace("\u0000", "\\", StringComparison.Ordinal)
        : s;

    private static bool IsNameChar(char c, bool first) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (!first && c is >= '0' and <= '9');

    private static void SkipBlanks(string line, ref int i)
    {
        while (i < line.Length && line[i] is ' ' or '\t')
        {
            i++;
        }
    }

    private static string Shorten(string line) => line.Length <= 120 ? line : line[..117] + "...";
}
