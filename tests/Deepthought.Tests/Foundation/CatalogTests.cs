using System.Reflection;
using Deepthought.Checks.Model;
using Deepthought.Conformance;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Tests.Foundation;

public sealed class CatalogTests
{
    [Fact]
    public void Catalog_Ids_AreUniqueAndPrefixedByTheirPhase()
    {
        CheckCatalog.All.Select(c => c.Id).Should().OnlyHaveUniqueItems();
        foreach (var c in CheckCatalog.All)
        {
            c.Id.Should().StartWith(c.Phase.ToString().ToLowerInvariant() + ".", $"check {c.Id} is in phase {c.Phase}");
            c.Title.Should().NotBeNullOrWhiteSpace();
            c.Hint.Should().NotBeNullOrWhiteSpace($"check {c.Id} needs a hint");
        }
    }

    [Fact]
    public void Catalog_EveryCheck_NamesAtLeastOneKnownScenarioThatFailsIt()
    {
        var known = ScenarioCatalog.All.Select(s => s.Name).ToHashSet();
        var problems = CheckCatalog.All
            .SelectMany(c => c.FailingScenarios.Count == 0
                ? [$"{c.Id} names no failing scenario"]
                : c.FailingScenarios.Where(s => !known.Contains(s)).Select(s => $"{c.Id} names unknown scenario '{s}'"))
            .ToList();

        problems.Should().BeEmpty();
    }

    [Fact]
    public void Catalog_Dependencies_ReferToExistingChecks()
    {
        var ids = CheckCatalog.All.Select(c => c.Id).ToHashSet();
        CheckCatalog.All.SelectMany(c => c.DependsOn.Where(d => !ids.Contains(d)).Select(d => $"{c.Id} → {d}")).Should().BeEmpty();
    }

    [Fact]
    public void Suite_HasExactlyOneTestPerCheck_WithMatchingTraits()
    {
        var tests = typeof(ConformanceSuite).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => (Method: m.Name, Traits: Traits(m)))
            .Where(t => t.Traits.Count > 0)
            .Select(t => (t.Method, Phase: t.Traits.GetValueOrDefault("Phase", ""), Check: t.Traits.GetValueOrDefault("Check", "")))
            .ToList();

        var byCheck = tests.GroupBy(t => t.Check).ToDictionary(g => g.Key, g => g.ToList());
        var problems = new List<string>();
        foreach (var c in CheckCatalog.All)
        {
            if (!byCheck.TryGetValue(c.Id, out var found))
            {
                problems.Add($"no conformance test for check {c.Id} (add it to ConformanceSuite.{c.Phase}.cs)");
            }
            else if (found.Count > 1)
            {
                problems.Add($"{found.Count} tests for check {c.Id}");
            }
            else if (found[0].Phase != c.Phase.ToString())
            {
                problems.Add($"test {found[0].Method} has Phase={found[0].Phase}, check {c.Id} is in {c.Phase}");
            }
        }

        problems.AddRange(tests.Where(t => CheckCatalog.All.All(c => c.Id != t.Check)).Select(t => $"test {t.Method} names unknown check {t.Check}"));
        problems.Should().BeEmpty();
    }

    // TraitAttribute keeps its name and value only as constructor arguments.
    private static Dictionary<string, string> Traits(MethodInfo method) =>
        method.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(TraitAttribute))
            .ToDictionary(a => (string)a.ConstructorArguments[0].Value!, a => (string)a.ConstructorArguments[1].Value!);
}
