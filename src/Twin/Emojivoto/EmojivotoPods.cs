using System.Globalization;
using System.Text.Json.Nodes;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Mesh;

namespace Deepthought.Twin.Emojivoto;

/// <summary>Where a pod landed: node name, node IP, pod IP.</summary>
public sealed record PodPlacement(string Node, string HostIp, string PodIp);

/// <summary>Meshing facts for a pod: whether the injector ran, how proxy-init runs, the identity settings.</summary>
public sealed record MeshSettings(bool Meshed, ProxyInitUser Init, string ControlNamespace, string TrustDomain, string? TrustAnchorsPem);

/// <summary>Builds a running emojivoto pod (one replica of a Deployment), injected by Linkerd when meshed.</summary>
public static class EmojivotoPods
{
    public static JsonObject Pod(EmojivotoDeployment d, string replicaSetUid, PodPlacement at, MeshSettings mesh, DateTimeOffset started)
    {
        var annotations = mesh.Meshed ? new Dictionary<string, string> { [EmojivotoObjects.InjectAnnotation] = "enabled" } : null;
        var pod = Manifest.Object("v1", "Pod", EmojivotoObjects.PodName(d), EmojivotoApp.Namespace, EmojivotoObjects.PodLabels(d), annotations);
        pod["metadata"]!["generateName"] = $"{EmojivotoObjects.ReplicaSetName(d)}-";
        pod["metadata"]!["ownerReferences"] = EmojivotoObjects.Owner("apps/v1", "ReplicaSet", EmojivotoObjects.ReplicaSetName(d), replicaSetUid);
        var spec = EmojivotoObjects.PodSpec(d);
        spec["serviceAccountName"] = d.EffectiveServiceAccount;
        spec["serviceAccount"] = d.EffectiveServiceAccount;
        spec["nodeName"] = at.Node;
        spec["enableServiceLinks"] = true;
        spec["priority"] = 0;
        spec["preemptionPolicy"] = "PreemptLowerPriority";
        spec["tolerations"] = new JsonArray(
            Toleration("node.kubernetes.io/not-ready"),
            Toleration("node.kubernetes.io/unreachable"));
        pod["spec"] = spec;
        if (mesh.Meshed)
        {
            LinkerdInjector.Inject(pod, d.Name, mesh.ControlNamespace, mesh.TrustDomain, mesh.Init, mesh.TrustAnchorsPem);
        }

        pod["status"] = Status(pod, at, started);
        return pod;
    }

    private static JsonObject Status(JsonObject pod, PodPlacement at, DateTimeOffset started)
    {
        var t = started.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var name = (string)pod["metadata"]!["name"]!;
        var spec = (JsonObject)pod["spec"]!;
        var containers = ((JsonArray)spec["containers"]!).OfType<JsonObject>().Select(c => (JsonNode)ContainerStatus(name, c, t)).ToArray();
        var status = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(
                Condition("PodReadyToStartContainers", t), Condition("Initialized", t), Condition("Ready", t),
                Condition("ContainersReady", t), Condition("PodScheduled", t)),
            ["hostIP"] = at.HostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = at.HostIp }),
            ["podIP"] = at.PodIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = at.PodIp }),
            ["startTime"] = t,
            ["qosClass"] = "Burstable",
            ["containerStatuses"] = new JsonArray(containers),
        };
        if (spec["initContainers"] is JsonArray inits)
        {
            status["initContainerStatuses"] = new JsonArray(inits.OfType<JsonObject>().Select(c => (JsonNode)InitStatus(name, c, t)).ToArray());
        }

        return status;
    }

    private static JsonObject ContainerStatus(string pod, JsonObject container, string t)
    {
        var image = (string)container["image"]!;
        return new JsonObject
        {
            ["name"] = (string)container["name"]!,
            ["image"] = image,
            ["imageID"] = $"{image.Split(':')[0]}@sha256:{KubeNames.Hex(image)}",
            ["containerID"] = $"containerd://{KubeNames.Hex($"{pod}/{container["name"]}")}",
            ["ready"] = true,
            ["started"] = true,
            ["restartCount"] = 0,
            ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = t } },
            ["lastState"] = new JsonObject(),
        };
    }

    private static JsonObject InitStatus(string pod, JsonObject container, string t)
    {
        var status = ContainerStatus(pod, container, t);
        status["ready"] = true;
        status["started"] = false;
        status["state"] = new JsonObject
        {
            ["terminated"] = new JsonObject
            {
                ["exitCode"] = 0,
                ["reason"] = "Completed",
                ["startedAt"] = t,
                ["finishedAt"] = t,
                ["containerID"] = status["containerID"]!.DeepClone(),
            },
        };
        return status;
    }

    private static JsonObject Condition(string type, string t) => new() { ["type"] = type, ["status"] = "True", ["lastTransitionTime"] = t };

    private static JsonObject Toleration(string key) => new()
    {
        ["key"] = key,
        ["operator"] = "Exists",
        ["effect"] = "NoExecute",
        ["tolerationSeconds"] = 300,
    };
}
