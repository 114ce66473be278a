using Deepthought.Protos.Machine;
using Deepthought.Twin.Scenarios;
using Google.Protobuf.WellKnownTypes;

namespace Deepthought.Twin.Talos;

/// <summary>
/// The machined services a twin node lists (Talos 1.10's set; trustd and etcd on control planes only), Running and
/// healthy, except: the etcd service follows the real etcd process, and scenario etcd-service-unhealthy makes the
/// first control plane's etcd Running but unhealthy.
/// </summary>
[TwinScenario("etcd-service-unhealthy", "the control plane's etcd service is Running but its health check fails")]
public static class TwinServices
{
    // Services without a health check report health.unknown, as in real Talos.
    private static readonly string[] Unchecked = ["auditd", "dashboard", "syslogd"];

    public static ServiceList For(TwinNode node, ApidCluster cluster)
    {
        var now = cluster.Time.GetUtcNow();
        var started = Timestamp.FromDateTimeOffset(now.AddMinutes(-30));
        var ids = new List<string> { "apid", "auditd", "containerd", "cri", "dashboard", "kubelet", "machined", "syslogd", "udevd" };
        if (node.IsControlPlane)
        {
            ids.AddRange(["etcd", "trustd"]);
        }

        var firstControlPlane = cluster.Nodes.FirstOrDefault(n => n.IsControlPlane);
        var list = new ServiceList();
        foreach (var id in ids.Order(StringComparer.Ordinal))
        {
            var state = "Running";
            var healthy = true;
            var message = "";
            if (id == "etcd" && !cluster.Etcd.IsRunning(node.Profile))
            {
                state = "Failed";
                healthy = false;
                message = "etcd process exited";
            }
            else if (id == "etcd" && node == firstControlPlane && cluster.Scenarios.Has("etcd-service-unhealthy"))
            {
                healthy = false;
                message = "context deadline exceeded";
            }

            var unknown = Unchecked.Contains(id);
            list.Services.Add(new ServiceInfo
            {
                Id = id,
                State = state,
                Events = new ServiceEvents
                {
                    Events =
                    {
                        new ServiceEvent { Msg = "Starting service", State = "Starting", Ts = started },
                        new ServiceEvent { Msg = state == "Running" ? "Service started" : message, State = state, Ts = started },
                    },
                },
                Health = new ServiceHealth { Unknown = unknown, Healthy = !unknown && healthy, LastMessage = message, LastChange = started },
            });
        }

        return list;
    }
}
