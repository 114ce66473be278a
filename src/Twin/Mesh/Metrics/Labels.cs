using System.Text;

namespace Deepthought.Twin.Mesh.Metrics;

/// <summary>An ordered label set (the proxy prints labels in a fixed order; parsers must not rely on it).</summary>
public sealed class Labels
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    public Labels()
    {
    }

    private Labels(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        _pairs.AddRange(pairs);
    }

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    public Labels Add(string name, string value)
    {
        _pairs.Add(new(name, value));
        return this;
    }

    public Labels AddRange(Labels other)
    {
        _pairs.AddRange(other._pairs);
        return this;
    }

    /// <summary>A copy with more labels after these.</summary>
    public Labels With(params (string Name, string Value)[] more) => new Labels(_pairs).AddPairs(more);

    /// <summary>A copy with one label inserted after the first one (e.g. <c>peer</c> after <c>direction</c>).</summary>
    public Labels WithSecond(string name, string value)
    {
        var copy = new Labels(_pairs);
        copy._pairs.Insert(Math.Min(1, copy._pairs.Count), new(name, value));
        return copy;
    }

    public string Get(string name) => _pairs.FirstOrDefault(p => p.Key == name).Value ?? "";

    /// <summary>The exposition form, <c>{a="1",b="2"}</c> (empty for no labels).</summary>
    public string Render()
    {
        if (_pairs.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder("{");
        for (var i = 0; i < _pairs.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(_pairs[i].Key).Append("=\"");
            foreach (var ch in _pairs[i].Value)
            {
                sb.Append(ch switch { '\\' => "\\\\", '"' => "\\\"", '\n' => "\\n", _ => ch.ToString() });
            }

            sb.Append('"');
        }

        return sb.Append('}').ToString();
    }

    public override string ToString() => Render();

    private Labels AddPairs((string Name, string Value)[] more)
    {
        foreach (var (n, v) in more)
        {
            _pairs.Add(new(n, v));
        }

        return this;
    }
}
