using Deepthought.Checks.Model;
using k8s;
using k8s.Models;

namespace Deepthought.Checks.Probes;

/// <summary>All Nodes (one LIST).</summary>
public sealed record NodesObservation(IReadOnlyList<V1Node> Items);

/// <summary>All Namespaces (one LIST).</summary>
public sealed record NamespacesObservation(IReadOnlyList<V1Namespace> Items);

/// <summary>The Kubernetes objects every phase reads.</summary>
public sealed class KubernetesProbes : IProbeModule
{
    public void Register(ObservationCache cache, ClusterConnections connections)
    {
        cache.Register(async ct => new NodesObservation(
            (await KubeCall.RunAsync(connections, "list nodes", t => connections.Kubernetes.CoreV1.ListNodeAsync(cancellationToken: t), ct)).Items.ToList()));
        cache.Register(async ct => new NamespacesObservation(
            (await KubeCall.RunAsync(connections, "list namespaces", t => connections.Kubernetes.CoreV1.ListNamespaceAsync(cancellationToken: t), ct)).Items.ToList()));
    }
}
