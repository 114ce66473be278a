using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols.Profile;
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

    /// <summary>Each profiled node with its Node object, in profile order; a profiled node the cluster lacks is left
    /// out (talos.nodes-registered reports it).</summary>
    public static async Task<IReadOnlyList<(NodeProfile Profile, V1Node Node)>> ProfiledAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var nodes = (await context.ObserveAsync<NodesObservation>(cancellationToken)).Items;
        return context.Profile.Nodes.Select(p => (p, Find(nodes, p.Name))).Where(x => x.Item2 is not null).Select(x => (x.p, x.Item2!)).ToList();
    }
}
