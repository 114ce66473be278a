using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.Linkerd;

/// <summary>What one Linkerd-injected Deployment looks like (control plane or viz).</summary>
public sealed record MeshedWorkload(
    string Namespace,
    string Name,
    int Replicas,
    IReadOnlyDictionary<string, string> PodLabels,
    IReadOnlyList<(string Name, int Port)> Containers,
    string ServiceAccount,
    bool ToleratesControlPlane);

/// <summary>A schedulable node as the seeders see it.</summary>
public sealed record TwinNode(string Name, string Ip, bool ControlPlaneTainted);

/// <summary>
/// Builds a Deployment and its running Pods as the API server would hold them after the scheduler and kubelets did
/// their work: injected linkerd-init (uid 0 with proxyInit.runAsRoot) and linkerd-proxy, one pod per node (the HA
/// anti-affinity), the control-plane toleration when asked; replicas that fit no node stay Pending.
/// </summary>
public static class MeshedDeployment
{
    public const string ProxyVersion = "edge-25.6.4";

    public static (JsonObject Deployment, IReadOnlyList<JsonObject> Pods) Build(MeshedWorkload w, IReadOnlyList<TwinNode> nodes, bool proxyInitAsRoot, TimeProvider time)
    {
        var hash = Hash($"{w.Namespace}/{w.Name}", 10);
        var eligible = nodes.Where(n => w.ToleratesControlPlane || !n.ControlPlaneTainted).ToList();
        var offset = eligible.Count == 0 ? 0 : (int)(uint.Parse(Hash(w.Name, 6, hex: true), NumberStyles.HexNumber, CultureInfo.InvariantCulture) % (uint)eligible.Count);
        var pods = new List<JsonObject>();
        var running = 0;
        for (var i = 0; i < w.Replicas; i++)
        {
            var node = i < eligible.Count ? eligible[(i + offset) % eligible.Count] : null;
            running += node is null ? 0 : 1;
            pods.Add(Pod(w, hash, i, node, node is null ? -1 : nodes.ToList().IndexOf(node), eligible.Count, proxyInitAsRoot, time));
        }

        var deployment = Manifest.Object("apps/v1", "Deployment", w.Name, w.Namespace, w.PodLabels);
        deployment["spec"] = new JsonObject
        {
            ["replicas"] = w.Replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = Manifest.Map(w.PodLabels) },
            ["strategy"] = Manifest.Parse("""{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}}"""),
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = Manifest.Map(w.PodLabels), ["annotations"] = Annotations() },
                ["spec"] = PodSpec(w, null, proxyInitAsRoot),
            },
        };
        var now = Now(time);
        deployment["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["replicas"] = w.Replicas,
            ["updatedReplicas"] = w.Replicas,
            ["readyReplicas"] = running,
            ["availableReplicas"] = running,
            ["unavailableReplicas"] = w.Replicas - running,
            ["conditions"] = new JsonArray(
                Condition("Available", running == w.Replicas ? "True" : "False", running == w.Replicas ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable", now),
                Condition("Progressing", "True", "NewReplicaSetAvailable", now)),
        };
        return (deployment, pods);
    }

    private static JsonObject Pod(MeshedWorkload w, string hash, int index, TwinNode? node, int nodeIndex, int eligibleNodes, bool proxyInitAsRoot, TimeProvider time)
    {
        var name = $"{w.Name}-{hash}-{Hash($"{w.Namespace}/{w.Name}/{index}", 5)}";
        var labels = new Dictionary<string, string>(w.PodLabels) { ["pod-template-hash"] = hash };
        var pod = Manifest.Object("v1", "Pod", name, w.Namespace, labels);
        var meta = (JsonObject)pod["metadata"]!;
        meta["annotations"] = Annotations();
        meta["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = $"{w.Name}-{hash}", ["uid"] = Guid.NewGuid().ToString(), ["controller"] = true, ["blockOwnerDeletion"] = true,
        });
        pod["spec"] = PodSpec(w, node?.Name, proxyInitAsRoot);
        var now = Now(time);
        if (node is null)
        {
            pod["status"] = new JsonObject
            {
                ["phase"] = "Pending",
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "PodScheduled", ["status"] = "False", ["reason"] = "Unschedulable", ["lastTransitionTime"] = now,
                    ["message"] = $"0/{eligibleNodes} nodes are available: {eligibleNodes} node(s) didn't match pod anti-affinity rules.",
                }),
            };
            return pod;
        }

        var ready = new[] { "PodReadyToStartContainers", "PodScheduled", "Initialized", "ContainersReady", "Ready" }
            .Select(t => (JsonNode)new JsonObject { ["type"] = t, ["status"] = "True", ["lastTransitionTime"] = now }).ToArray();
        var statuses = new[] { ("linkerd-proxy", "cr.l5d.io/linkerd/proxy:" + ProxyVersion) }
            .Concat(w.Containers.Select(c => (c.Name, $"cr.l5d.io/linkerd/{c.Name}:{ProxyVersion}")))
            .Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Item1, ["image"] = c.Item2, ["ready"] = true, ["started"] = true, ["restartCount"] = 0,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
            }).ToArray();
        pod["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["hostIP"] = node.Ip,
            ["podIP"] = $"10.244.{Math.Max(nodeIndex, 0)}.{10 + (SHA256.HashData(Encoding.UTF8.GetBytes(name))[0] % 200)}",
            ["startTime"] = now,
            ["conditions"] = new JsonArray(ready),
            ["initContainerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = "linkerd-init", ["image"] = "cr.l5d.io/linkerd/proxy-init:v2.4.2", ["ready"] = true, ["restartCount"] = 0,
                ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed", ["finishedAt"] = now } },
            }),
            ["containerStatuses"] = new JsonArray(statuses),
        };
        return pod;
    }

    private static JsonObject PodSpec(MeshedWorkload w, string? nodeName, bool proxyInitAsRoot)
    {
        var spec = new JsonObject
        {
            ["serviceAccountName"] = w.ServiceAccount,
            ["automountServiceAccountToken"] = false,
            ["initContainers"] = new JsonArray(ProxyInit(proxyInitAsRoot)),
            ["containers"] = new JsonArray([Proxy(), .. w.Containers.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["image"] = $"cr.l5d.io/linkerd/{c.Name}:{ProxyVersion}",
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = c.Port, ["protocol"] = "TCP" }),
            })]),
        };
        if (w.ToleratesControlPlane)
        {
            spec["tolerations"] = new JsonArray(new JsonObject { ["key"] = "node-role.kubernetes.io/control-plane", ["operator"] = "Exists", ["effect"] = "NoSchedule" });
        }

        if (nodeName is not null)
        {
            spec["nodeName"] = nodeName;
        }

        return spec;
    }

    // proxyInit.runAsRoot=true renders runAsUser 0 / runAsNonRoot false; the default is uid 65534, non-root.
    private static JsonObject ProxyInit(bool asRoot) => new()
    {
        ["name"] = "linkerd-init",
        ["image"] = "cr.l5d.io/linkerd/proxy-init:v2.4.2",
        ["args"] = new JsonArray("--incoming-proxy-port", "4143", "--outgoing-proxy-port", "4140", "--proxy-uid", "2102", "--inbound-ports-to-ignore", "4190,4191,4567,4568"),
        ["securityContext"] = new JsonObject
        {
            ["allowPrivilegeEscalation"] = false,
            ["privileged"] = false,
            ["readOnlyRootFilesystem"] = true,
            ["runAsNonRoot"] = !asRoot,
            ["runAsUser"] = asRoot ? 0 : 65534,
            ["runAsGroup"] = asRoot ? 0 : 65534,
            ["capabilities"] = new JsonObject { ["add"] = new JsonArray("NET_ADMIN", "NET_RAW") },
        },
    };

    private static JsonObject Proxy() => new()
    {
        ["name"] = "linkerd-proxy",
        ["image"] = "cr.l5d.io/linkerd/proxy:" + ProxyVersion,
        ["ports"] = new JsonArray(
            new JsonObject { ["name"] = "linkerd-proxy", ["containerPort"] = 4143, ["protocol"] = "TCP" },
            new JsonObject { ["name"] = "linkerd-admin", ["containerPort"] = 4191, ["protocol"] = "TCP" }),
        ["securityContext"] = new JsonObject { ["runAsUser"] = 2102, ["runAsNonRoot"] = true, ["allowPrivilegeEscalation"] = false },
    };

    private static JsonObject Annotations() => Manifest.Map(new Dictionary<string, string>
    {
        ["linkerd.io/created-by"] = "linkerd/helm " + ProxyVersion,
        ["linkerd.io/proxy-version"] = ProxyVersion,
        ["linkerd.io/identity-mode"] = "default",
    });

    private static JsonObject Condition(string type, string status, string reason, string now) =>
        new() { ["type"] = type, ["status"] = status, ["reason"] = reason, ["lastUpdateTime"] = now, ["lastTransitionTime"] = now };

    private static string Now(TimeProvider time) => time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    // Kubernetes-looking random parts (consonants and digits), deterministic per input.
    private static string Hash(string input, int length, bool hex = false)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(input));
        if (hex)
        {
            return Convert.ToHexString(bytes)[..length];
        }

        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return new string(bytes.Take(length).Select(b => Alphabet[b % Alphabet.Length]).ToArray());
    }
}
