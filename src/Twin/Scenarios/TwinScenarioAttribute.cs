namespace Deepthought.Twin.Scenarios;

/// <summary>Declares a fault scenario a twin component can inject (DEEPTHOUGHT_SCENARIO=name).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class TwinScenarioAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    /// <summary>Needs a real backend (etcd or Ceph) to be produced.</summary>
    public bool NeedsRealBackend { get; init; }

    /// <summary>The profile (file name under profiles/) the scenario needs, e.g. a three-control-plane variant; empty: the default.</summary>
    public string Profile { get; init; } = "";
}
