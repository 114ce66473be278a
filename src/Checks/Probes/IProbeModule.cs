using System.Reflection;
using Deepthought.Checks.Model;

namespace Deepthought.Checks.Probes;

/// <summary>A component's probes: registers one observation type per thing to gather (found by reflection).</summary>
public interface IProbeModule
{
    void Register(ObservationCache cache, ClusterConnections connections);
}

public static class ProbeModules
{
    /// <summary>Registers every probe module in this assembly.</summary>
    public static ObservationCache RegisterAll(ObservationCache cache, ClusterConnections connections)
    {
        var modules = typeof(ProbeModules).Assembly.GetTypes()
            .Where(t => typeof(IProbeModule).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IProbeModule)Activator.CreateInstance(t)!);
        foreach (var m in modules)
        {
            m.Register(cache, connections);
        }

        return cache;
    }
}
