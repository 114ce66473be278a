using Deepthought.Twin.Kubernetes;

namespace Deepthought.Twin.Linkerd;

/// <summary>The Nodes the cluster seeder registered, as the Linkerd seeders place pods on them.</summary>
public static class TwinNodes
{
    public static IReadOnlyList<TwinNode> From(KubeStore store) =>
        store.List("v1", "Node")
            .Select(n => new TwinNode(
                (string)n["metadata"]!["name"]!,
                (n["status"]?["addresses"]?.AsArray() ?? []).FirstOrDefault(a => (string?)a?["type"] == "InternalIP")?["address"]?.GetValue<string>() ?? "",
                (n["spec"]?["taints"]?.AsArray() ?? []).Any(t => (string?)t?["key"] == "node-role.kubernetes.io/control-plane" && (string?)t?["effect"] == "NoSchedule")))
            .ToList();
}
