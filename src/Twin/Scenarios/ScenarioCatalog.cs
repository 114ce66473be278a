using System.Reflection;
using Deepthought.Protocols;

namespace Deepthought.Twin.Scenarios;

/// <summary>Every fault scenario the twin knows, collected from the components' <see cref="TwinScenarioAttribute"/>s.</summary>
public static class ScenarioCatalog
{
    private static readonly Lazy<IReadOnlyList<ScenarioInfo>> AllScenarios = new(() =>
        typeof(ScenarioCatalog).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<TwinScenarioAttribute>().Select(a => new ScenarioInfo(a.Name, a.Description, t.Name, a.NeedsRealBackend, a.Profile)))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToArray());

    public static IReadOnlyList<ScenarioInfo> All => AllScenarios.Value;

    /// <summary>Parses DEEPTHOUGHT_SCENARIO (comma-separated); an unknown name is a configuration error listing the known ones.</summary>
    public static ScenarioSet Parse(string? value)
    {
        var names = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var n in names)
        {
            if (All.All(s => s.Name != n))
            {
                throw new ConfigurationException(
                    $"DEEPTHOUGHT_SCENARIO: unknown twin scenario '{n}'; known: {string.Join(", ", All.Select(s => s.Name))} (or leave it empty for a healthy twin)");
            }
        }

        return new ScenarioSet(names);
    }
}

/// <summary>The scenarios active in one twin.</summary>
public sealed class ScenarioSet(IEnumerable<string> names)
{
    private readonly HashSet<string> _names = new(names, StringComparer.Ordinal);

    public static ScenarioSet None { get; } = new([]);

    public bool Has(string name) => _names.Contains(name);

    public IReadOnlyCollection<string> Names => _names;

    public override string ToString() => _names.Count == 0 ? "none" : string.Join(",", _names.Order(StringComparer.Ordinal));
}
