using System.Reflection;
using Deepthought.Protocols;

namespace Deepthought.Fixtures.Targets;

/// <summary>
/// Finds the twin's target factory by assembly name, on first use only: the harness has no compile-time reference to
/// the twin, so a run that never asks for it (attach, provisioned) never loads it.
/// </summary>
public static class TwinTargets
{
    /// <summary>The assembly that holds the factory (src/TwinTarget); the CLI and the test projects ship it.</summary>
    public const string AssemblyName = "Deepthought.TwinTarget";

    private static readonly Lazy<ITwinTargetFactory> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static ITwinTargetFactory Factory => Loaded.Value;

    private static ITwinTargetFactory Load()
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(AssemblyName);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new ConfigurationException(
                $"the embedded twin is not installed with this build ({AssemblyName}.dll not found in {AppContext.BaseDirectory}) — "
                + "attach to a cluster (DEEPTHOUGHT_TARGET=attach with KUBECONFIG) or use a build of src/Cli, which ships the twin");
        }

        var factory = assembly.GetCustomAttribute<TwinTargetFactoryAttribute>()?.FactoryType
            ?? throw new InvalidOperationException($"{AssemblyName} declares no [assembly: TwinTargetFactory(...)]");
        return (ITwinTargetFactory)Activator.CreateInstance(factory)!;
    }
}

/// <summary>Names the <see cref="ITwinTargetFactory"/> of an assembly (read by <see cref="TwinTargets"/>).</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class TwinTargetFactoryAttribute(Type factoryType) : Attribute
{
    public Type FactoryType { get; } = factoryType;
}
