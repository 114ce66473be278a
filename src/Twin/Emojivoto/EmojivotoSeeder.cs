using System.Text.Json.Nodes;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Mesh;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Emojivoto;

/// <summary>
/// Seeds emojivoto as the seed leaves it: the manifest's service accounts, services and deployments, meshed with
/// <c>linkerd.io/inject: enabled</c> on the pod templates, one running injected pod per deployment spread over the
/// schedulable nodes (plus their ReplicaSets and Endpoints).
/// </summary>
[TwinScenario(UnmeshedScenario, "the voting pod runs without the linkerd-proxy sidecar (no inject annotation): its traffic is plaintext")]
[TwinScenario(ProxyInitNotRootScenario, "linkerd-init runs as uid 2102 with runAsNonRoot (the seed installs with proxyInit.runAsRoot=true)")]
public sealed class EmojivotoSeeder : ITwinComponent
{
    public const string UnmeshedScenario = "emojivoto-pod-unmeshed";

    public const string ProxyInitNotRootScenario = "proxy-init-not-root";

    /// <summary>The deployment the unmeshed scenario leaves without a proxy.</summary>
    public const string UnmeshedDeployment = "voting";

    public int Order => 60;

    public Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        var store = context.Store;
        var linkerd = context.Profile.Mesh.Linkerd;
        var anchors = (string?)store.Get("v1", "ConfigMap", linkerd.Namespace, "linkerd-identity-trust-roots")?["data"]?["ca-bundle.crt"];
        var runAsRoot = linkerd.ProxyInitRunAsRoot && !context.Scenarios.Has(ProxyInitNotRootScenario);
        var nodes = SchedulableNodes(context);

        foreach (var sa in EmojivotoApp.ServiceAccounts)
        {
            store.Put(EmojivotoObjects.ServiceAccount(sa));
        }

        var placed = new Dictionary<string, (string Pod, string Ip, string Node)>(StringComparer.Ordinal);
        for (var i = 0; i < EmojivotoApp.Deployments.Count; i++)
        {
            var d = EmojivotoApp.Deployments[i];
            var meshed = !(context.Scenarios.Has(UnmeshedScenario) && d.Name == UnmeshedDeployment);
            var deployment = store.Put(EmojivotoObjects.Deployment(d, meshed));
            var rs = store.Put(EmojivotoObjects.ReplicaSet(d, Uid(deployment), meshed));
            var node = nodes[i % nodes.Count];
            var at = new PodPlacement(node.Name, node.Ip, $"10.244.{(i % nodes.Count) + 1}.{11 + i}");
            var settings = new MeshSettings(meshed, new ProxyInitUser(runAsRoot), linkerd.Namespace, linkerd.TrustDomain, anchors);
            store.Put(EmojivotoPods.Pod(d, Uid(rs), at, settings, context.Time.GetUtcNow()));
            placed[d.App] = (EmojivotoObjects.PodName(d), at.PodIp, at.Node);
        }

        for (var i = 0; i < EmojivotoApp.Services.Count; i++)
        {
            var svc = EmojivotoApp.Services[i];
            store.Put(EmojivotoObjects.Service(svc, i));
            store.Put(EmojivotoObjects.Endpoints(svc, placed.TryGetValue(svc.App, out var p) ? [p] : []));
        }

        return Task.CompletedTask;
    }

    /// <summary>Nodes a pod may land on (no NoSchedule taint), in profile order; all nodes if every one is tainted.</summary>
    private static List<(string Name, string Ip)> SchedulableNodes(TwinContext context)
    {
        var nodes = context.Store.List("v1", "Node")
            .Select(n => (
                Name: (string)n["metadata"]!["name"]!,
                Ip: (n["status"]?["addresses"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(a => (string?)a["type"] == "InternalIP")?["address"]?.GetValue<string>() ?? "10.0.0.1",
                Tainted: (n["spec"]?["taints"] as JsonArray)?.OfType<JsonObject>().Any(t => (string?)t["effect"] == "NoSchedule") ?? false))
            .ToList();
        var order = context.Profile.Nodes.Select(n => n.Name).ToList();
        nodes.Sort((a, b) => Rank(order, a.Name).CompareTo(Rank(order, b.Name)));
        var free = nodes.Where(n => !n.Tainted).Select(n => (n.Name, n.Ip)).ToList();
        if (free.Count > 0)
        {
            return free;
        }

        return nodes.Count > 0 ? nodes.Select(n => (n.Name, n.Ip)).ToList() : [("node", "10.0.0.1")];
    }

    private static int Rank(List<string> order, string name)
    {
        var i = order.IndexOf(name);
        return i < 0 ? int.MaxValue : i;
    }

    private static string Uid(JsonObject obj) => (string)obj["metadata"]!["uid"]!;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
