using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Fixtures.Runs;
using Deepthought.Fixtures.Targets;
using Deepthought.Protocols.Profile;

namespace Deepthought.Tests.Kubernetes;

/// <summary>Runs every check against a fresh twin through the same path as a real run (kubeconfig, probes, engine).</summary>
public static class AuditRun
{
    public static async Task<(IReadOnlyList<CheckResult> Results, TargetSession Session)> RunAsync(ClusterProfile profile, RunMode mode, string scenario, CancellationToken cancellationToken, string? auditorPolicy = null)
    {
        var settings = new RunSettings { Mode = mode, Scenario = scenario, TwinAuditorPolicy = auditorPolicy ?? Deepthought.Twin.Kubernetes.Api.Rbac.RbacPolicy.AuditorFile };
        var session = await TwinTargets.Factory.StartAsync(settings, profile, TimeProvider.System, cancellationToken);
        try
        {
            var cache = ProbeModules.RegisterAll(new ObservationCache { RunToken = cancellationToken }, session.Connections);
            var engine = new CheckEngine(CheckCatalog.All, new CheckContext(profile, mode, TimeProvider.System, cache), TimeSpan.FromSeconds(60));
            var results = await engine.RunAsync(Enum.GetValues<Phase>(), cancellationToken);
            return (results, session);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }
}
