using System.Reflection;
using Deepthought.Checks.Model;

namespace Deepthought.Tests.Foundation;

/// <summary>Folders are phases: a check lives in Checks/&lt;Phase&gt;/ and its id is spelled once, in &lt;Phase&gt;CheckIds.</summary>
public sealed class CheckLayoutTests
{
    [Fact]
    public void EveryCheck_LivesInTheNamespaceOfItsPhase()
    {
        var misplaced = CheckCatalog.All
            .Where(c => c.GetType().Namespace != $"Deepthought.Checks.{c.Phase}")
            .Select(c => $"{c.Id}: {c.GetType().FullName} is not in Deepthought.Checks.{c.Phase} (src/Checks/{c.Phase}/)")
            .ToList();

        misplaced.Should().BeEmpty();
    }

    [Fact]
    public void EveryCheckId_IsDeclaredInItsPhasesCheckIds()
    {
        var assembly = typeof(ICheck).Assembly;
        var missing = new List<string>();
        foreach (var check in CheckCatalog.All)
        {
            var ids = assembly.GetType($"Deepthought.Checks.{check.Phase}.{check.Phase}CheckIds");
            var declared = ids?.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet() ?? [];
            if (!declared.Contains(check.Id))
            {
                missing.Add($"{check.Id} is not a constant of Deepthought.Checks.{check.Phase}.{check.Phase}CheckIds");
            }
        }

        missing.Should().BeEmpty();
    }
}
