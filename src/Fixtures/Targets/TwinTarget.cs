using Deepthought.Checks.Model;
using Deepthought.Checks.Profile;
using Deepthought.Fixtures.Runs;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Fixtures.Targets;

/// <summary>
/// Starts the embedded twin and attaches to it through the kubeconfig and talosconfig it writes: the same code path
/// as the real cluster. Audit mode uses the twin's read-only identities, so a green audit proves the shipped role suffices.
/// </summary>
public static class TwinTarget
{
    public static async Task<TargetSession> StartAsync(RunSettings settings, ClusterProfile profile, TimeProvider time, CancellationToken cancellationToken)
    {
        var scenarios = ScenarioCatalog.Parse(settings.Scenario);
        var twin = await DeepthoughtTwin.StartAsync(profile, scenarios, new TwinOptions { Time = time, RequireRealBackends = settings.RequireRealBackends, AuditorPolicy = settings.TwinAuditorPolicy, Exclude = settings.TwinExclude }, cancellationToken);
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
                session.Connections.Extras[typeof(Deepthought.Checks.Gateway.NodeAddressMap)] =
                    Deepthought.Checks.Gateway.NodeAddressMap.Parse(nodeAddresses, "the twin's node address");
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
}
