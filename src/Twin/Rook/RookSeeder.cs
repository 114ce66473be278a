using System.Text.Json.Nodes;
using Deepthought.Protocols.Profile;
using Deepthought.Twin.Ceph;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Rook;

/// <summary>
/// What the seed's two Helm installs leave in the rook-ceph namespace: the release Secrets, the operator, the CSI
/// drivers (ceph-csi-operator names), the CephCluster and CephBlockPool, and the operator's pods for mons, mgr, OSDs
/// and the OSD prepare jobs. The daemons' readiness is then kept in step with Ceph by <see cref="RookStatusController"/>.
/// </summary>
[TwinScenario("cephcluster-uses-all-devices", "the CephCluster keeps the chart defaults useAllNodes/useAllDevices: true, so OS disks could be claimed")]
[TwinScenario("cephcluster-no-osds", "the CephCluster is Ready but every disk was skipped: zero OSDs, HEALTH_WARN, no OSD pods (Ceph answers scripted)")]
[TwinScenario("csi-plugin-not-ready", "the RBD CSI node plugin is not ready on one node")]
[TwinScenario("rook-helm-release-failed", "the rook-ceph-cluster Helm release's last upgrade failed")]
[TwinScenario("rook-operator-unavailable", "the rook-ceph-operator Deployment has no available replica")]
public sealed class RookSeeder : ITwinComponent
{
    public int Order => 50;

    public Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        var p = context.Profile;
        if (!p.Storage.Enabled)
        {
            return Task.CompletedTask;
        }

        var ns = p.Storage.Namespace;
        var s = context.Scenarios;
        var store = context.Store;
        var time = context.Time;
        var layout = CephLayout.For(p);

        SeedReleases(store, ns, s.Has("rook-helm-release-failed"), time);

        var operatorLabels = new Dictionary<string, string> { ["app"] = RookNames.OperatorDeployment };
        var operatorUp = !s.Has("rook-operator-unavailable");
        store.Put(RookWorkloads.Deployment(RookNames.OperatorDeployment, ns, operatorLabels, RookNames.RookImage, 1, operatorUp ? 1 : 0, time));
        var first = p.Nodes[0];
        store.Put(RookWorkloads.Pod(RookNames.PodName(RookNames.OperatorDeployment, ns), ns, operatorLabels, first.Name, first.Ip, RookDaemonPods.PodIp(p, first.Name, "operator"), "rook-ceph-operator", RookNames.RookImage, operatorUp ? PodState.Ready : PodState.NotReady, time));

        SeedCsi(context, ns, s.Has("csi-plugin-not-ready"));

        store.Put(CephClusterManifest.Build(p, layout, s.Has("cephcluster-uses-all-devices")));
        var noOsds = s.Has("cephcluster-no-osds");
        store.Put(CephClusterManifest.BlockPool(ns, noOsds ? 0 : layout.Osds.Count));

        foreach (var mon in layout.Mons)
        {
            store.Put(RookDaemonPods.Mon(p, mon, PodState.Ready, time));
        }

        store.Put(RookDaemonPods.Mgr(p, layout.MgrNode, PodState.Ready, time));
        foreach (var node in p.Nodes.Where(n => n.Disks.Data.Count > 0))
        {
            store.Put(RookDaemonPods.Prepare(p, node, time));
        }

        if (!noOsds)
        {
            foreach (var osd in layout.Osds)
            {
                store.Put(RookDaemonPods.Osd(p, osd, PodState.Ready, time));
            }
        }

        var mgrSelector = new Dictionary<string, string> { ["app"] = RookNames.MgrApp, ["mgr_role"] = "active", ["rook_cluster"] = ns };
        store.Put(RookWorkloads.Service(RookNames.MgrService, ns, mgrSelector, "10.96.112.83", (RookNames.MetricsPortName, RookNames.MetricsPort)));
        store.Put(MgrEndpoints(p, layout));
        return Task.CompletedTask;
    }

    private static void SeedReleases(KubeStore store, string ns, bool clusterFailed, TimeProvider time)
    {
        store.Put(HelmReleaseSecrets.Secret(RookNames.OperatorRelease, ns, 1, "deployed", "rook-ceph", RookNames.ChartVersion, RookNames.ChartVersion, time));
        if (!clusterFailed)
        {
            store.Put(HelmReleaseSecrets.Secret(RookNames.ClusterRelease, ns, 1, "deployed", RookNames.ClusterRelease, RookNames.ChartVersion, RookNames.ChartVersion, time));
            return;
        }

        // An upgrade that failed: revision 1 superseded, revision 2 failed (what `helm list` then shows).
        store.Put(HelmReleaseSecrets.Secret(RookNames.ClusterRelease, ns, 1, "superseded", RookNames.ClusterRelease, RookNames.ChartVersion, RookNames.ChartVersion, time));
        store.Put(HelmReleaseSecrets.Secret(RookNames.ClusterRelease, ns, 2, "failed", RookNames.ClusterRelease, RookNames.ChartVersion, RookNames.ChartVersion, time));
    }

    private static void SeedCsi(TwinContext context, string ns, bool rbdNotReady)
    {
        var p = context.Profile;
        var nodes = p.Nodes.Where(n => n.Schedulable).ToList();
        const string csiImage = "quay.io/cephcsi/cephcsi:v3.15.0";
        // The node plugin DaemonSets the profile names (the ceph-csi-operator's by default); CephFS only when enabled.
        var csi = p.Storage.Csi;
        var plugins = new List<(string Name, bool NotReady)> { (csi.RbdDaemonSet(ns), rbdNotReady) };
        if (csi.CephFs)
        {
            plugins.Add((csi.CephFsDaemonSet(ns), false));
        }

        foreach (var (ds, notReady) in plugins)
        {
            var labels = new Dictionary<string, string> { ["app"] = ds };
            var ready = notReady ? nodes.Count - 1 : nodes.Count;
            context.Store.Put(RookWorkloads.DaemonSet(ds, ns, labels, csiImage, nodes.Count, ready));
            for (var i = 0; i < nodes.Count; i++)
            {
                var node = nodes[i];
                var state = notReady && i == nodes.Count - 1 ? PodState.NotReady : PodState.Ready;
                context.Store.Put(RookWorkloads.Pod(RookNames.PodName(ds, node.Name), ns, labels, node.Name, node.Ip, node.Ip, "csi-plugin", csiImage, state, context.Time));
            }
        }

        var controllers = new List<string> { "ceph-csi-controller-manager", $"{ns}.rbd.csi.ceph.com-ctrlplugin" };
        if (csi.CephFs)
        {
            controllers.Add($"{ns}.cephfs.csi.ceph.com-ctrlplugin");
        }

        foreach (var name in controllers)
        {
            context.Store.Put(RookWorkloads.Deployment(name, ns, new Dictionary<string, string> { ["app"] = name }, csiImage, 1, 1, context.Time));
        }
    }

    private static JsonObject MgrEndpoints(ClusterProfile p, CephLayout layout)
    {
        var ep = Manifest.Object("v1", "Endpoints", RookNames.MgrService, p.Storage.Namespace);
        var ip = RookDaemonPods.PodIp(p, layout.MgrNode, RookDaemonPods.MgrPodName(p.Storage.Namespace));
        ep["subsets"] = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray(new JsonObject { ["ip"] = ip, ["nodeName"] = layout.MgrNode }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = RookNames.MetricsPortName, ["port"] = RookNames.MetricsPort, ["protocol"] = "TCP" }),
        });
        return ep;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
