using System.Reflection;

namespace Deepthought.Checks.Model;

/// <summary>Every check the harness knows, found by reflection (a check is a sealed class with a parameterless constructor).</summary>
public static class CheckCatalog
{
    private static readonly Lazy<IReadOnlyList<ICheck>> AllChecks = new(Discover);

    /// <summary>All checks in seed order: by phase, then by id.</summary>
    public static IReadOnlyList<ICheck> All => AllChecks.Value;

    public static ICheck Get(string id) =>
        All.FirstOrDefault(c => c.Id == id) ?? throw new KeyNotFoundException($"no check with id '{id}'");

    public static IEnumerable<ICheck> ForPhase(Phase phase) => All.Where(c => c.Phase == phase);

    private static IReadOnlyList<ICheck> Discover() =>
        typeof(CheckCatalog).Assembly.GetTypes()
            .Where(t => typeof(ICheck).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Where(t => t.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is not null)
            .Select(t => (ICheck)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Phase)
            .ThenBy(c => Order(c))
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToArray();

    // Checks may declare an explicit order within their phase (acceptance steps are strictly ordered).
    private static int Order(ICheck check) => check is IOrderedCheck o ? o.Order : 0;
}

/// <summary>A check whose position within its phase matters (acceptance sequences).</summary>
public interface IOrderedCheck
{
    int Order { get; }
}
