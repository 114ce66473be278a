using System.Runtime.CompilerServices;
using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Runs;
using Deepthought.Fixtures.Targets;
using Deepthought.Protocols;
using Deepthought.Protocols.Profile;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubectl;
using Deepthought.Twin.Scenarios;

[assembly: TwinTargetFactory(typeof(Deepthought.TwinTarget.TwinTargetFactory))]

namespace Deepthought.TwinTarget;

/// <summary>
/// Starts the embedded twin and attaches to it through the kubeconfig and talosconfig it writes: the same code path
/// as the real cluster. Audit mode uses the twin's read-only identities, so a green audit proves the shipped role
/// suffices. The only code that joins the harness (Fixtures) to the twin: loaded by <see cref="TwinTargets"/>.
/// </summary>
public sealed class TwinTargetFactory : ITwinTargetFactory
{
    public IReadOnlyList<ScenarioInfo> Scenarios => ScenarioCatalog.All;

    public string DescribeScenarios(string? scenarios) => ScenarioCatalog.Parse(scenarios).ToString();

    public async Task<TargetSession> StartAsync(RunSettings settings, ClusterProfile profile, TimeProvider time, CancellationToken cancellationToken)
    {
        var scenarios = ScenarioCatalog.Parse(settings.Scenario);
        var options = new TwinOptions { Time = time, RequireRealBackends = settings.RequireRealBackends, AuditorPolicy = settings.TwinAuditorPolicy, Exclude = settings.TwinExclude };
        var twin = await DeepthoughtTwin.StartAsync(profile, scenarios, settings.TwinKubectl ? WithKubectl(options) : options, cancellationToken);
        try
        {
            var identity = settings.Mode == RunMode.Audit ? "auditor" : "admin";
            var session = AttachTarget.Connect(
                twin.KubeconfigPath,
                $"{identity}@{profile.Name}",
                twin.TalosconfigPath,
                settings.Mode == RunMode.Audit ? $"{profile.Name}-reader" : profile.Name,
                "twin",
                twin.DisposeAsync,
                twin,
                new TalosEndpointChoice(twin.TalosEndpoints, "twin apid (as talosctl -e)", profile.ControlPlanes.Select(n => n.Ip).ToList()) { Nodes = profile.Nodes.Select(n => n.Ip).ToList() });
            if (twin.Context.Outputs.TryGetValue("nodeAddresses", out var nodeAddresses) && nodeAddresses.Length > 0)
            {
                // The twin's nodes are this machine's loopback: their InternalIPs are dialled there (NodePorts).
                session.Connections.Extras[typeof(NodeAddressMap)] = NodeAddressMap.Parse(nodeAddresses, "the twin's node address");
            }

            session.Notices.AddRange(twin.Context.Notices);
            session.Facts["scenario"] = scenarios.ToString();
            session.Facts["kubeconfig"] = twin.KubeconfigPath;
            return session;
        }
        catch
        {
            await twin.DisposeAsync();
            throw;
        }
    }

    public async Task<IServedTwin> ServeAsync(ClusterProfile profile, string? scenarios, CancellationToken cancellationToken)
    {
        var set = ScenarioCatalog.Parse(scenarios);
        // `deepthought twin` is for kubectl and other clients: its API server has kubectl support (a run's twin does not).
        var twin = await DeepthoughtTwin.StartAsync(profile, set, WithKubectl(new TwinOptions()), cancellationToken);
        return new ServedTwin(twin, set.ToString());
    }

    // Its own method, never inlined: a method that names KubectlSupport loads Deepthought.Twin.Kubectl when it is
    // compiled, taken or not, and runs must not load it (KubectlSupportTests reads a run's loaded assemblies).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TwinOptions WithKubectl(TwinOptions options) => KubectlSupport.With(options);

    private sealed class ServedTwin(DeepthoughtTwin twin, string scenarios) : IServedTwin
    {
        public string Scenarios => scenarios;

        public string KubeconfigPath => twin.KubeconfigPath;

        public string? TalosconfigPath => twin.TalosconfigPath;

        public IReadOnlyList<string> TalosEndpoints => twin.TalosEndpoints;

        public IReadOnlyList<string> Notices => twin.Context.Notices.ToList();

        public ValueTask DisposeAsync() => twin.DisposeAsync();
    }
}

/// <summary>The twin behind a session, for harness tests (request log, fault injection).</summary>
public static class TargetSessionTwin
{
    public static DeepthoughtTwin? Twin(this TargetSession session) => session.Embedded as DeepthoughtTwin;
}
