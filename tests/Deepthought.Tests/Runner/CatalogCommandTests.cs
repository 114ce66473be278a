using System.Text.Json;
using Deepthought.Checks.Model;
using Deepthought.Cli;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Tests.Runner;

public sealed class CatalogCommandTests
{
    [Fact]
    public void Run_Table_ListsEveryCheckWithPhaseSeverityAndHint()
    {
        using var output = new StringWriter();

        CatalogCommand.Run([], output, TextWriter.Null).Should().Be(0);

        var lines = output.ToString().Split('\n');
        lines[0].Should().StartWith("ID").And.Contain("PHASE").And.Contain("SEVERITY").And.Contain("FAILING SCENARIOS").And.Contain("HINT");
        foreach (var check in CheckCatalog.All)
        {
            lines.Should().Contain(l => l.StartsWith(check.Id + " ", StringComparison.Ordinal) && l.Contains(check.Hint, StringComparison.Ordinal), check.Id);
        }
    }

    [Fact]
    public void Run_Json_HasEveryCheckAndItsScenarios()
    {
        using var output = new StringWriter();

        CatalogCommand.Run(["catalog", "--json"], output, TextWriter.Null).Should().Be(0);

        using var doc = JsonDocument.Parse(output.ToString());
        var checks = doc.RootElement.GetProperty("checks").EnumerateArray().ToList();
        checks.Select(c => c.GetProperty("id").GetString()).Should().Equal(CheckCatalog.All.Select(c => c.Id));
        var first = checks[0];
        first.GetProperty("failingScenarios").EnumerateArray().Select(s => s.GetProperty("name").GetString())
            .Should().Equal(CheckCatalog.All[0].FailingScenarios);
        doc.RootElement.GetProperty("scenarios").GetArrayLength().Should().Be(ScenarioCatalog.All.Count);
    }

    [Fact]
    public void Catalog_EveryCheck_NamesAtLeastOneFailingScenarioTheTwinDeclares()
    {
        var known = ScenarioCatalog.All.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var check in CheckCatalog.All)
        {
            if (check.FailingScenarios.Count == 0)
            {
                problems.Add($"{check.Id} ({check.GetType().Name}): FailingScenarios is empty — name the twin scenario that makes it fail");
            }

            problems.AddRange(check.FailingScenarios.Where(s => !known.Contains(s)).Select(s =>
                $"{check.Id} ({check.GetType().Name}): scenario '{s}' is not in ScenarioCatalog.All — declare [TwinScenario(\"{s}\", ...)] on the twin component that produces it"));
        }

        problems.Should().BeEmpty($"every check must be provably failable by a declared twin scenario; known scenarios: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
    }

    [Fact]
    public void Run_UnknownOption_Exits2()
    {
        using var error = new StringWriter();

        CatalogCommand.Run(["--yaml"], TextWriter.Null, error).Should().Be(2);
        error.ToString().Should().StartWith("configuration error: deepthought catalog: Unrecognized command or argument '--yaml'");
    }
}
