using System.Text.Json.Nodes;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.Emojivoto;

/// <summary>
/// Builds the emojivoto objects as the API server holds them after the seed's apply (defaults filled in:
/// ClusterIP, protocol TCP, rollout strategy, status of a settled rollout).
/// </summary>
public static class EmojivotoObjects
{
    public const string InjectAnnotation = "linkerd.io/inject";

    public static JsonObject ServiceAccount(string name) => Manifest.Object("v1", "ServiceAccount", name, EmojivotoApp.Namespace);

    public static JsonObject Service(EmojivotoService svc, int index)
    {
        var obj = Manifest.Object("v1", "Service", svc.Name, EmojivotoApp.Namespace);
        var ip = $"10.96.{100 + index}.{10 + index}";
        obj["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["clusterIP"] = ip,
            ["clusterIPs"] = new JsonArray(ip),
            ["ipFamilies"] = new JsonArray("IPv4"),
            ["ipFamilyPolicy"] = "SingleStack",
            ["internalTrafficPolicy"] = "Cluster",
            ["sessionAffinity"] = "None",
            ["selector"] = new JsonObject { ["app"] = svc.App },
            ["ports"] = new JsonArray(svc.Ports.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name,
                ["port"] = p.Port,
                ["protocol"] = "TCP",
                ["targetPort"] = p.TargetPort,
            }).ToArray()),
        };
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        return obj;
    }

    /// <summary>The Deployment; <paramref name="meshed"/> adds the seed's <c>linkerd.io/inject: enabled</c> to the pod template.</summary>
    public static JsonObject Deployment(EmojivotoDeployment d, bool meshed)
    {
        var obj = Manifest.Object("apps/v1", "Deployment", d.Name, EmojivotoApp.Namespace, DeploymentLabels(d), new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = "1" });
        var templateMeta = new JsonObject { ["labels"] = PodSelector(d) };
        if (meshed)
        {
            templateMeta["annotations"] = new JsonObject { [InjectAnnotation] = "enabled" };
        }

        obj["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["revisionHistoryLimit"] = 10,
            ["progressDeadlineSeconds"] = 600,
            ["selector"] = new JsonObject { ["matchLabels"] = PodSelector(d) },
            ["strategy"] = new JsonObject
            {
                ["type"] = "RollingUpdate",
                ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "25%", ["maxUnavailable"] = "25%" },
            },
            ["template"] = new JsonObject { ["metadata"] = templateMeta, ["spec"] = PodSpec(d) },
        };
        obj["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["replicas"] = 1,
            ["updatedReplicas"] = 1,
            ["readyReplicas"] = 1,
            ["availableReplicas"] = 1,
            ["conditions"] = new JsonArray(
                Condition("Available", "MinimumReplicasAvailable", "Deployment has minimum availability."),
                Condition("Progressing", "NewReplicaSetAvailable", $"ReplicaSet \"{ReplicaSetName(d)}\" has successfully progressed.")),
        };
        return obj;
    }

    public static JsonObject ReplicaSet(EmojivotoDeployment d, string deploymentUid, bool meshed)
    {
        var labels = new Dictionary<string, string>(PodLabels(d));
        var obj = Manifest.Object("apps/v1", "ReplicaSet", ReplicaSetName(d), EmojivotoApp.Namespace, labels, new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = "1" });
        obj["metadata"]!["ownerReferences"] = Owner("apps/v1", "Deployment", d.Name, deploymentUid);
        var template = Deployment(d, meshed)["spec"]!["template"]!.DeepClone().AsObject();
        template["metadata"]!["labels"] = Manifest.Map(labels);
        obj["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = Manifest.Map(labels) },
            ["template"] = template,
        };
        obj["status"] = new JsonObject { ["observedGeneration"] = 1, ["replicas"] = 1, ["fullyLabeledReplicas"] = 1, ["readyReplicas"] = 1, ["availableReplicas"] = 1 };
        return obj;
    }

    /// <summary>The pod spec the manifest declares (before injection), with the API server's defaults.</summary>
    public static JsonObject PodSpec(EmojivotoDeployment d)
    {
        var container = new JsonObject
        {
            ["name"] = d.Container,
            ["image"] = d.Image,
            ["imagePullPolicy"] = "IfNotPresent",
            ["env"] = new JsonArray(d.Env.Select(e => (JsonNode)new JsonObject { ["name"] = e.Key, ["value"] = e.Value }).ToArray()),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = d.CpuRequest } },
            ["terminationMessagePath"] = "/dev/termination-log",
            ["terminationMessagePolicy"] = "File",
        };
        if (d.Command is not null)
        {
            container["command"] = new JsonArray(d.Command.Select(c => (JsonNode)JsonValue.Create(c)).ToArray());
        }

        if (d.Ports.Count > 0)
        {
            container["ports"] = new JsonArray(d.Ports.Select(p => (JsonNode)new JsonObject { ["containerPort"] = p.Number, ["name"] = p.Name, ["protocol"] = "TCP" }).ToArray());
        }

        var spec = new JsonObject
        {
            ["containers"] = new JsonArray(container),
            ["dnsPolicy"] = "ClusterFirst",
            ["restartPolicy"] = "Always",
            ["schedulerName"] = "default-scheduler",
            ["securityContext"] = new JsonObject(),
            ["terminationGracePeriodSeconds"] = 30,
        };
        if (d.ServiceAccount is not null)
        {
            spec["serviceAccountName"] = d.ServiceAccount;
            spec["serviceAccount"] = d.ServiceAccount;
        }

        return spec;
    }

    public static JsonObject Endpoints(EmojivotoService svc, IReadOnlyList<(string Pod, string Ip, string Node)> pods)
    {
        var obj = Manifest.Object("v1", "Endpoints", svc.Name, EmojivotoApp.Namespace);
        obj["subsets"] = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray(pods.Select(p => (JsonNode)new JsonObject
            {
                ["ip"] = p.Ip,
                ["nodeName"] = p.Node,
                ["targetRef"] = new JsonObject { ["kind"] = "Pod", ["name"] = p.Pod, ["namespace"] = EmojivotoApp.Namespace },
            }).ToArray()),
            ["ports"] = new JsonArray(svc.Ports.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["port"] = p.TargetPort, ["protocol"] = "TCP" }).ToArray()),
        });
        return obj;
    }

    public static Dictionary<string, string> DeploymentLabels(EmojivotoDeployment d) => new()
    {
        ["app.kubernetes.io/name"] = d.Name,
        ["app.kubernetes.io/part-of"] = "emojivoto",
        ["app.kubernetes.io/version"] = EmojivotoApp.Version,
    };

    public static JsonObject PodSelector(EmojivotoDeployment d) => new() { ["app"] = d.App, ["version"] = EmojivotoApp.Version };

    public static IReadOnlyDictionary<string, string> PodLabels(EmojivotoDeployment d) => new Dictionary<string, string>
    {
        ["app"] = d.App,
        ["version"] = EmojivotoApp.Version,
        ["pod-template-hash"] = TemplateHash(d),
    };

    /// <summary>A stable pod-template-hash (Kubernetes uses a hash of the template; stability is what matters here).</summary>
    public static string TemplateHash(EmojivotoDeployment d) => KubeNames.Suffix($"{d.Name}/template", 10);

    public static string ReplicaSetName(EmojivotoDeployment d) => $"{d.Name}-{TemplateHash(d)}";

    public static string PodName(EmojivotoDeployment d) => $"{ReplicaSetName(d)}-{KubeNames.Suffix($"{d.Name}/pod", 5)}";

    public static JsonArray Owner(string apiVersion, string kind, string name, string uid) => new(new JsonObject
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["name"] = name,
        ["uid"] = uid,
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    });

    private static JsonObject Condition(string type, string reason, string message) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["reason"] = reason,
        ["message"] = message,
    };
}
