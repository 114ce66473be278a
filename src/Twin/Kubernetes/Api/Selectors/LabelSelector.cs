using System.Text.Json.Nodes;

namespace Deepthought.Twin.Kubernetes.Api.Selectors;

/// <summary>
/// A label selector in the API's query syntax: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>,
/// <c>a notin (x)</c>, <c>a</c> (exists), <c>!a</c> (does not exist), joined by commas (all must hold).
/// </summary>
public sealed class LabelSelector
{
    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements)
    {
        _requirements = requirements;
    }

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => _requirements.Count == 0;

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        foreach (var term in SplitTerms(text))
        {
            requirements.Add(ParseTerm(term.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(JsonObject obj)
    {
        var labels = obj["metadata"]?["labels"] as JsonObject;
        foreach (var r in _requirements)
        {
            var has = labels is not null && labels.ContainsKey(r.Key);
            var value = has ? labels![r.Key]?.ToString() ?? "" : null;
            var ok = r.Op switch
            {
                Op.Exists => has,
                Op.NotExists => !has,
                Op.In => has && r.Values.Contains(value!),
                Op.NotIn => !has || !r.Values.Contains(value!),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    // Commas separate terms except inside the parentheses of in/notin.
    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static Requirement ParseTerm(string term, string whole)
    {
        if (term.Length == 0)
        {
            throw Bad(whole, "empty requirement");
        }

        if (term.StartsWith('!'))
        {
            return new Requirement(Key(term[1..].Trim(), whole), Op.NotExists, NoValues);
        }

        var words = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2 && (words[1].StartsWith("in", StringComparison.Ordinal) || words[1].StartsWith("notin", StringComparison.Ordinal)))
        {
            var notIn = words[1].StartsWith("notin", StringComparison.Ordinal);
            var list = words[1][(notIn ? 5 : 2)..].Trim();
            if (!list.StartsWith('(') || !list.EndsWith(')'))
            {
                throw Bad(whole, $"expected a parenthesised value list after '{(notIn ? "notin" : "in")}'");
            }

            var values = list[1..^1].Split(',', StringSplitOptions.TrimEntries).Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);
            return new Requirement(Key(words[0], whole), notIn ? Op.NotIn : Op.In, values);
        }

        foreach (var (token, op) in new[] { ("!=", Op.NotIn), ("==", Op.In), ("=", Op.In) })
        {
            var at = term.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                var value = term[(at + token.Length)..].Trim();
                return new Requirement(Key(term[..at].Trim(), whole), op, new HashSet<string>(StringComparer.Ordinal) { value });
            }
        }

        return new Requirement(Key(term, whole), Op.Exists, NoValues);
    }

    private static string Key(string key, string whole) =>
        key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '=' or '!' or ',')
            ? throw Bad(whole, $"invalid label key \"{key}\"")
            : key;

    private static KubeApiException Bad(string whole, string why) =>
        KubeApiException.BadRequest($"unable to parse requirement: {why} in label selector \"{whole}\"");

    private static readonly IReadOnlySet<string> NoValues = new HashSet<string>();

    private enum Op
    {
        In,
        NotIn,
        Exists,
        NotExists,
    }

    private sealed record Requirement(string Key, Op Op, IReadOnlySet<string> Values);
}
