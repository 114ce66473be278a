using Deepthought.Fixtures.Runs;
using Deepthought.Protocols;
using Deepthought.Protocols.Profile;

namespace Deepthought.Fixtures.Targets;

/// <summary>
/// The one door from the harness to the embedded twin. The harness (Fixtures, the CLI) never names a twin type: it
/// asks <see cref="TwinTargets.Factory"/>, which loads <c>Deepthought.TwinTarget</c> on first use, so an attach or
/// provisioned run loads no twin code (no ASP.NET Core, no gRPC server, no scenarios).
/// </summary>
public interface ITwinTargetFactory
{
    /// <summary>Every fault scenario the twin can inject.</summary>
    IReadOnlyList<ScenarioInfo> Scenarios { get; }

    /// <summary>The scenario set a DEEPTHOUGHT_SCENARIO value names, normalised ("none" or sorted names); an unknown
    /// name is a <see cref="ConfigurationException"/> that lists the known ones.</summary>
    string DescribeScenarios(string? scenarios);

    /// <summary>Starts a twin for a run and attaches to it through the kubeconfig and talosconfig it writes.</summary>
    Task<TargetSession> StartAsync(RunSettings settings, ClusterProfile profile, TimeProvider time, CancellationToken cancellationToken);

    /// <summary>Starts a twin to serve on its own (<c>deepthought twin</c>): with everything kubectl needs.</summary>
    Task<IServedTwin> ServeAsync(ClusterProfile profile, string? scenarios, CancellationToken cancellationToken);
}

/// <summary>A twin serving on its own (<c>deepthought twin</c>): where to reach it; disposing stops it.</summary>
public interface IServedTwin : IAsyncDisposable
{
    string Scenarios { get; }

    string KubeconfigPath { get; }

    string? TalosconfigPath { get; }

    IReadOnlyList<string> TalosEndpoints { get; }

    IReadOnlyList<string> Notices { get; }
}
