using System.Globalization;
using System.Text.Json.Nodes;
using Deepthought.Protocols.Profile;
using Deepthought.Twin.Ceph;

namespace Deepthought.Twin.Rook;

/// <summary>The pods Rook runs for Ceph's daemons, placed as <see cref="CephLayout"/> says, with Rook's labels.</summary>
public static class RookDaemonPods
{
    public static JsonObject Osd(ClusterProfile profile, OsdPlacement osd, PodState state, TimeProvider time)
    {
        var ns = profile.Storage.Namespace;
        var id = osd.Id.ToString(CultureInfo.InvariantCulture);
        var labels = Common(ns, "osd", id, RookNames.OsdApp);
        labels[RookNames.OsdIdLabel] = id;
        labels["osd"] = id;
        labels["failure-domain"] = osd.Node;
        labels["topology-location-host"] = osd.Node;
        labels["topology-location-root"] = "default";
        labels["device-class"] = "hdd";
        labels["portable"] = "false";
        var pod = Build(profile, RookNames.PodName($"rook-ceph-osd-{id}", ns), labels, osd.Node, "osd", state, time);

        // Raw-mode OSDs carry their device in the environment; the check maps pods to disks by node.
        ((JsonObject)pod["spec"]!["containers"]![0]!)["env"] = new JsonArray(
            new JsonObject { ["name"] = "ROOK_OSD_ID", ["value"] = id },
            new JsonObject { ["name"] = "ROOK_BLOCK_PATH", ["value"] = $"/dev/{osd.Device}" },
            new JsonObject { ["name"] = "ROOK_NODE_NAME", ["value"] = osd.Node });
        return pod;
    }

    public static JsonObject Mon(ClusterProfile profile, MonPlacement mon, PodState state, TimeProvider time)
    {
        var ns = profile.Storage.Namespace;
        var labels = Common(ns, "mon", mon.Name, RookNames.MonApp);
        labels["mon"] = mon.Name;
        labels["mon_cluster"] = ns;
        return Build(profile, RookNames.PodName($"rook-ceph-mon-{mon.Name}", ns), labels, mon.Node, "mon", state, time);
    }

    public static JsonObject Mgr(ClusterProfile profile, string node, PodState state, TimeProvider time)
    {
        var ns = profile.Storage.Namespace;
        var labels = Common(ns, "mgr", "a", RookNames.MgrApp);
        labels["mgr"] = "a";
        labels["mgr_role"] = "active";
        var annotations = new Dictionary<string, string> { ["prometheus.io/scrape"] = "true", ["prometheus.io/port"] = RookNames.MetricsPort.ToString(CultureInfo.InvariantCulture) };
        var ports = new JsonArray(
            new JsonObject { ["name"] = RookNames.MetricsPortName, ["containerPort"] = RookNames.MetricsPort, ["protocol"] = "TCP" },
            new JsonObject { ["name"] = "dashboard", ["containerPort"] = 8443, ["protocol"] = "TCP" });
        return Build(profile, MgrPodName(ns), labels, node, "mgr", state, time, annotations, ports);
    }

    public static JsonObject Prepare(ClusterProfile profile, NodeProfile node, TimeProvider time)
    {
        var ns = profile.Storage.Namespace;
        var labels = new Dictionary<string, string> { ["app"] = RookNames.PrepareApp, ["ceph.rook.io/pvc"] = "", ["rook_cluster"] = ns };
        return Build(profile, RookNames.PodName($"rook-ceph-osd-prepare-{node.Name}", ns), labels, node.Name, "provision", PodState.Succeeded, time);
    }

    public static string MgrPodName(string ns) => RookNames.PodName("rook-ceph-mgr-a", ns);

    /// <summary>A pod IP per node and daemon: 10.244.&lt;node index&gt;.&lt;n&gt;.</summary>
    public static string PodIp(ClusterProfile profile, string node, string seed)
    {
        var index = Math.Max(0, profile.Nodes.FindIndex(n => n.Name == node));
        var host = 10 + (int)((uint)seed.Aggregate(17, (h, c) => unchecked((h * 31) + c)) % 240);
        return $"10.244.{index % 256}.{host}";
    }

    private static Dictionary<string, string> Common(string ns, string type, string id, string app) => new()
    {
        ["app"] = app,
        ["app.kubernetes.io/name"] = $"ceph-{type}",
        ["app.kubernetes.io/instance"] = id,
        ["app.kubernetes.io/component"] = $"cephclusters.{RookNames.Group}",
        ["app.kubernetes.io/part-of"] = ns,
        ["app.kubernetes.io/managed-by"] = "rook-ceph-operator",
        ["ceph_daemon_type"] = type,
        ["ceph_daemon_id"] = id,
        ["rook_cluster"] = ns,
        ["rook.io/operator-namespace"] = ns,
    };

    private static JsonObject Build(ClusterProfile profile, string name, IReadOnlyDictionary<string, string> labels, string node, string container, PodState state, TimeProvider time, IReadOnlyDictionary<string, string>? annotations = null, JsonArray? ports = null)
    {
        var hostIp = profile.Nodes.FirstOrDefault(n => n.Name == node)?.Ip ?? "";
        return RookWorkloads.Pod(name, profile.Storage.Namespace, labels, node, hostIp, PodIp(profile, node, name), container, RookNames.CephImage, state, time, annotations, ports);
    }
}
