using System.Text.Json.Nodes;
using Deepthought.Protocols.Profile;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Cluster;

/// <summary>Seeds the profile's Nodes and the seed's namespaces (with their Pod Security labels), then bends them by scenario.</summary>
[TwinScenario("node-missing", "the last profiled worker never registered with the API server")]
[TwinScenario("node-wrong-ip", "a worker registered with another InternalIP than profiled")]
[TwinScenario("node-not-ready", "a worker's kubelet stopped posting status (Ready=Unknown)")]
[TwinScenario("controlplane-tainted", "the control plane still carries node-role.kubernetes.io/control-plane:NoSchedule")]
[TwinScenario("node-talos-version-drift", "a worker runs Talos v1.10.2 (upgrade missed)")]
[TwinScenario("rook-ceph-not-privileged", "the rook-ceph namespace has no enforce=privileged label")]
[TwinScenario("linkerd-not-privileged", "the linkerd namespace enforces baseline")]
[TwinScenario("emojivoto-not-privileged", "the emojivoto namespace has no enforce=privileged label")]
public sealed class ClusterSeeder : ITwinComponent
{
    /// <summary>The Talos version a drifted node runs.</summary>
    public const string DriftVersion = "v1.10.2";

    public int Order => 0;

    /// <summary>The namespaces of the Deepthought world, as the seed creates them.</summary>
    public static readonly IReadOnlyList<string> Namespaces =
        ["default", "kube-system", "kube-public", "kube-node-lease", "rook-ceph", "linkerd", "linkerd-viz", "emojivoto", "projectcontour"];

    public Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        var p = context.Profile;
        var s = context.Scenarios;
        var lastWorker = p.Nodes.LastOrDefault(n => n.Role == NodeRole.Worker);
        foreach (var node in p.Nodes)
        {
            if (s.Has("node-missing") && node == lastWorker)
            {
                continue;
            }

            var version = s.Has("node-talos-version-drift") && node == lastWorker ? DriftVersion : p.Talos.Version;
            var ip = s.Has("node-wrong-ip") && node == lastWorker ? "192.168.1.250" : node.Ip;
            var ready = !(s.Has("node-not-ready") && node == lastWorker);
            var tainted = node.Role == NodeRole.ControlPlane && (!node.Schedulable || s.Has("controlplane-tainted"));
            context.Store.Put(NodeObject(node, version, ip, ready, tainted, context.Time));
        }

        foreach (var ns in Namespaces.Concat(p.PodSecurity.PrivilegedNamespaces).Distinct())
        {
            var labels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = ns };
            var privileged = p.PodSecurity.PrivilegedNamespaces.Contains(ns)
                && !(ns == "rook-ceph" && s.Has("rook-ceph-not-privileged"))
                && !(ns == "emojivoto" && s.Has("emojivoto-not-privileged"))
                && !(ns == "linkerd" && s.Has("linkerd-not-privileged"));
            if (privileged)
            {
                labels["pod-security.kubernetes.io/enforce"] = "privileged";
            }
            else if (ns == "linkerd" && s.Has("linkerd-not-privileged"))
            {
                labels["pod-security.kubernetes.io/enforce"] = "baseline";
            }

            var obj = Manifest.Object("v1", "Namespace", ns, labels: labels);
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
            context.Store.Put(obj);
        }

        return Task.CompletedTask;
    }

    public static JsonObject NodeObject(NodeProfile node, string talosVersion, string ip, bool ready, bool tainted, TimeProvider time)
    {
        var labels = new Dictionary<string, string>
        {
            ["kubernetes.io/hostname"] = node.Name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = "amd64",
        };
        if (node.Role == NodeRole.ControlPlane)
        {
            labels["node-role.kubernetes.io/control-plane"] = "";
        }

        var obj = Manifest.Object("v1", "Node", node.Name, labels: labels);
        var spec = new JsonObject { ["podCIDR"] = "10.244.0.0/24" };
        if (tainted)
        {
            spec["taints"] = new JsonArray(new JsonObject { ["key"] = "node-role.kubernetes.io/control-plane", ["effect"] = "NoSchedule" });
        }

        obj["spec"] = spec;
        var now = time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        obj["status"] = new JsonObject
        {
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = ip },
                new JsonObject { ["type"] = "Hostname", ["address"] = node.Name }),
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Ready",
                ["status"] = ready ? "True" : "Unknown",
                ["reason"] = ready ? "KubeletReady" : "NodeStatusUnknown",
                ["message"] = ready ? "kubelet is posting ready status" : "Kubelet stopped posting node status.",
                ["lastHeartbeatTime"] = now,
                ["lastTransitionTime"] = now,
            }),
            ["nodeInfo"] = new JsonObject
            {
                ["osImage"] = $"Talos ({talosVersion})",
                ["kernelVersion"] = "6.12.28-talos",
                ["kubeletVersion"] = Talos.TalosDefaults.KubernetesVersion(talosVersion),
                ["kubeProxyVersion"] = Talos.TalosDefaults.KubernetesVersion(talosVersion),
                ["containerRuntimeVersion"] = "containerd://2.0.5",
                ["operatingSystem"] = "linux",
                ["architecture"] = "amd64",
                ["machineID"] = Guid.NewGuid().ToString("N"),
                ["systemUUID"] = Guid.NewGuid().ToString(),
                ["bootID"] = Guid.NewGuid().ToString(),
            },
            ["capacity"] = new JsonObject { ["cpu"] = "4", ["memory"] = "16318412Ki", ["pods"] = "110" },
            ["allocatable"] = new JsonObject { ["cpu"] = "4", ["memory"] = "16216012Ki", ["pods"] = "110" },
        };
        return obj;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
