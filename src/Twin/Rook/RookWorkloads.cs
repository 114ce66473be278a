using System.Globalization;
using System.Text.Json.Nodes;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.Rook;

/// <summary>How a pod is doing, as kubelet would report it.</summary>
public enum PodState
{
    Ready,
    NotReady,
    Succeeded,
}

/// <summary>Builders for the Deployments, DaemonSets, pods and Services the Rook charts and operator create.</summary>
public static class RookWorkloads
{
    public static JsonObject Deployment(string name, string ns, IReadOnlyDictionary<string, string> podLabels, string image, int replicas, int available, TimeProvider time)
    {
        var d = Manifest.Object("apps/v1", "Deployment", name, ns, labels: podLabels);
        d["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = Manifest.Map(podLabels) },
            ["template"] = Template(podLabels, name, image),
        };
        var ok = available >= replicas;
        var reason = ok ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable";
        d["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["replicas"] = replicas,
            ["updatedReplicas"] = replicas,
            ["readyReplicas"] = available,
            ["availableReplicas"] = available,
            ["unavailableReplicas"] = replicas - available,
            ["conditions"] = new JsonArray(
                Condition("Available", ok, reason, ok ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", time),
                Condition("Progressing", true, "NewReplicaSetAvailable", $"ReplicaSet \"{name}-7d9f8c6b5\" has successfully progressed.", time)),
        };
        return d;
    }

    public static JsonObject DaemonSet(string name, string ns, IReadOnlyDictionary<string, string> podLabels, string image, int desired, int ready)
    {
        var d = Manifest.Object("apps/v1", "DaemonSet", name, ns, labels: podLabels);
        d["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = Manifest.Map(podLabels) },
            ["template"] = Template(podLabels, "csi-plugin", image),
            ["updateStrategy"] = new JsonObject { ["type"] = "RollingUpdate" },
        };
        d["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["desiredNumberScheduled"] = desired,
            ["currentNumberScheduled"] = desired,
            ["updatedNumberScheduled"] = desired,
            ["numberReady"] = ready,
            ["numberAvailable"] = ready,
            ["numberUnavailable"] = desired - ready,
            ["numberMisscheduled"] = 0,
        };
        return d;
    }

    public static JsonObject Pod(string name, string ns, IReadOnlyDictionary<string, string> labels, string node, string hostIp, string podIp, string container, string image, PodState state, TimeProvider time, IReadOnlyDictionary<string, string>? annotations = null, JsonArray? ports = null)
    {
        var p = Manifest.Object("v1", "Pod", name, ns, labels: labels, annotations: annotations);
        Replaceable(p);
        var c = new JsonObject { ["name"] = container, ["image"] = image };
        if (ports is not null)
        {
            c["ports"] = ports;
        }

        p["spec"] = new JsonObject { ["nodeName"] = node, ["containers"] = new JsonArray(c), ["restartPolicy"] = state == PodState.Succeeded ? "OnFailure" : "Always" };
        p["status"] = PodStatus(container, image, hostIp, podIp, state, time);
        return p;
    }

    /// <summary>The status part of a pod: Running and Ready, Running but crash-looping (not ready), or Succeeded.</summary>
    public static JsonObject PodStatus(string container, string image, string hostIp, string podIp, PodState state, TimeProvider time)
    {
        var ready = state == PodState.Ready;
        var containerState = state switch
        {
            PodState.Ready => new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Stamp(time) } },
            PodState.Succeeded => new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed" } },
            _ => new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = $"back-off 40s restarting failed container={container}" } },
        };
        return new JsonObject
        {
            ["phase"] = state == PodState.Succeeded ? "Succeeded" : "Running",
            ["hostIP"] = hostIp,
            ["podIP"] = podIp,
            ["startTime"] = Stamp(time),
            ["conditions"] = new JsonArray(
                Condition("PodScheduled", true, null, null, time),
                Condition("Initialized", true, null, null, time),
                Condition("ContainersReady", ready, ready ? null : "ContainersNotReady", ready ? null : $"containers with unready status: [{container}]", time),
                Condition("Ready", ready, ready ? null : "ContainersNotReady", ready ? null : $"containers with unready status: [{container}]", time)),
            ["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = container,
                ["image"] = image,
                ["ready"] = ready,
                ["restartCount"] = state == PodState.NotReady ? 3 : 0,
                ["started"] = state != PodState.Succeeded && ready,
                ["state"] = containerState,
            }),
        };
    }

    public static JsonObject Service(string name, string ns, IReadOnlyDictionary<string, string> selector, string clusterIp, params (string Name, int Port)[] ports)
    {
        var s = Manifest.Object("v1", "Service", name, ns, labels: selector);
        s["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["clusterIP"] = clusterIp,
            ["clusterIPs"] = new JsonArray(clusterIp),
            ["selector"] = Manifest.Map(selector),
            ["ports"] = new JsonArray(ports.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["port"] = p.Port, ["protocol"] = "TCP", ["targetPort"] = p.Port }).ToArray()),
        };
        s["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        return s;
    }

    /// <summary>Objects the status loop replaces later start with generation as a 64-bit number, the type the store
    /// reads it back as when an object is replaced.</summary>
    public static JsonObject Replaceable(JsonObject obj)
    {
        obj["metadata"]!["generation"] = 1L;
        return obj;
    }

    public static string Stamp(TimeProvider time) => Stamp(time.GetUtcNow());

    public static string Stamp(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static JsonObject Template(IReadOnlyDictionary<string, string> labels, string container, string image) => new()
    {
        ["metadata"] = new JsonObject { ["labels"] = Manifest.Map(labels) },
        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = container, ["image"] = image }) },
    };

    private static JsonObject Condition(string type, bool status, string? reason, string? message, TimeProvider time)
    {
        var c = new JsonObject { ["type"] = type, ["status"] = status ? "True" : "False", ["lastTransitionTime"] = Stamp(time) };
        if (reason is not null)
        {
            c["reason"] = reason;
        }

        if (message is not null)
        {
            c["message"] = message;
        }

        return c;
    }
}
