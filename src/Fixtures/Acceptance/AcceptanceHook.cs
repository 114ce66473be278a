using Deepthought.Checks.Mesh;
using Deepthought.Checks.Model;
using Deepthought.Checks.Policy;
using Deepthought.Checks.Probes;
using Deepthought.Protocols.Profile;
using k8s;

namespace Deepthought.Fixtures.Acceptance;

/// <summary>
/// Offers checks the acceptance writes, in acceptance mode only: audit runs never get a write-capable service.
/// The actions own their own API client, so they can still clean up while the run's connections are being disposed.
/// </summary>
public static class AcceptanceHook
{
    public static void Attach(ClusterConnections connections, ClusterProfile profile, RunMode mode, TimeProvider time)
    {
        if (mode != RunMode.Acceptance)
        {
            return;
        }

        var kubernetes = new Kubernetes(connections.KubernetesConfiguration);
        connections.Extras[typeof(IAcceptanceActions)] =
            new AcceptanceActions(new KubernetesObjectClient(kubernetes, connections.RequestTimeout, (path, ct) => MeshProbes.ProxyGetAsync(connections, path, ct)), profile, time, kubernetes);
    }
}
