namespace Deepthought.Checks.Model;

/// <summary>
/// Optional: a check that names the namespaces it is about, so a failure's report carries their recent warning events
/// and pod status. Without it, namespaces are read from the evidence subjects ("namespace X", "pod ns/name").
/// </summary>
public interface INamespacedCheck
{
    IReadOnlyList<string> Namespaces { get; }
}
