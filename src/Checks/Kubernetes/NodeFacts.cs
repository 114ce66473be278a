using k8s.Models;

namespace Deepthought.Checks.Kubernetes;

/// <summary>Small readings of a Node that several checks share.</summary>
public static class NodeFacts
{
    public const string ControlPlaneLabel = "node-role.kubernetes.io/control-plane";

    public static string? InternalIp(V1Node node) =>
        node.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address;

    public static bool IsControlPlane(V1Node node) => node.Metadata.Labels?.ContainsKey(ControlPlaneLabel) ?? false;

    public static string Role(V1Node node) => IsControlPlane(node) ? "controlPlane" : "worker";

    public static V1NodeCondition? Ready(V1Node node) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");

    public static V1Node? Find(IEnumerable<V1Node> nodes, string name) => nodes.FirstOrDefault(n => n.Metadata.Name == name);
}
