using System.Globalization;
using System.Text;

namespace Deepthought.Checks.Probes;

/// <summary>One sample of the Prometheus text exposition format.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var v) ? v : "";

    /// <summary>True when every given label has the given value (label order never matters).</summary>
    public bool Matches(params (string Name, string Value)[] labels) => labels.All(l => Label(l.Name) == l.Value);

    public override string ToString() =>
        $"{Name}{{{string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\""))}}} {Value.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>Parses Prometheus text (version 0.0.4) into samples by label set: never match metrics by substring.</summary>
public static class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (TryParseLine(line, out var sample))
            {
                samples.Add(sample!);
            }
        }

        return samples;
    }

    private static bool TryParseLine(string line, out PrometheusSample? sample)
    {
        sample = null;
        var i = 0;
        while (i < line.Length && line[i] != '{' && !char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        var name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (i < line.Length && line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                if (eq < 0)
                {
                    return false;
                }

                var key = line[i..eq].Trim().TrimStart(',').Trim();
                i = eq + 1;
                if (i >= line.Length || line[i] != '"')
                {
                    return false;
                }

                i++;
                var value = new StringBuilder();
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                        value.Append(line[i] switch { 'n' => '\n', '\\' => '\\', '"' => '"', var c => c });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                i++; // closing quote
                labels[key] = value.ToString();
                while (i < line.Length && (line[i] == ',' || char.IsWhiteSpace(line[i])))
                {
                    i++;
                }
            }

            i++; // closing brace
        }

        var rest = line[Math.Min(i, line.Length)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length == 0)
        {
            return false;
        }

        var number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (double?)null,
        };
        if (number is null || name.Length == 0)
        {
            return false;
        }

        sample = new PrometheusSample(name, labels, number.Value);
        return true;
    }
}
