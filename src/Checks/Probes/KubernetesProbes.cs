using Deepthought.Checks.Model;
using k8s;
using k8s.Models;

namespace Deepthought.Checks.Probes;

/// <summary>All Nodes (one LIST).</summary>
public sealed record NodesObservation(IReadOnlyList<V1Node> Items);

/// <summary>All Namespaces (one LIST).</summary>
public sealed record NamespacesObservation(IReadOnlyList<V1Namespace> Items);

/// <summary>All Pods in all namespaces (one LIST).</summary>
public sealed record PodsObservation(IReadOnlyList<V1Pod> Items)
{
    public IEnumerable<V1Pod> In(string ns) => Items.Where(p => p.Metadata.NamespaceProperty == ns);

    public IEnumerable<V1Pod> WithLabel(string ns, string key, string value) =>
        In(ns).Where(p => p.Metadata.Labels?.TryGetValue(key, out var v) == true && v == value);
}

/// <summary>All Deployments (one LIST).</summary>
public sealed record DeploymentsObservation(IReadOnlyList<V1Deployment> Items)
{
    public V1Deployment? Find(string ns, string name) => Items.FirstOrDefault(d => d.Metadata.NamespaceProperty == ns && d.Metadata.Name == name);
}

/// <summary>All DaemonSets (one LIST).</summary>
public sealed record DaemonSetsObservation(IReadOnlyList<V1DaemonSet> Items)
{
    public V1DaemonSet? Find(string ns, string name) => Items.FirstOrDefault(d => d.Metadata.NamespaceProperty == ns && d.Metadata.Name == name);
}

/// <summary>All Services (one LIST).</summary>
public sealed record ServicesObservation(IReadOnlyList<V1Service> Items)
{
    public V1Service? Find(string ns, string name) => Items.FirstOrDefault(d => d.Metadata.NamespaceProperty == ns && d.Metadata.Name == name);
}

/// <summary>All CustomResourceDefinitions (one LIST).</summary>
public sealed record CrdsObservation(IReadOnlyList<V1CustomResourceDefinition> Items)
{
    public V1CustomResourceDefinition? Find(string name) => Items.FirstOrDefault(c => c.Metadata.Name == name);
}

/// <summary>The Kubernetes objects several phases read; each is one LIST across all namespaces, gathered on first use.</summary>
public sealed class KubernetesProbes : IProbeModule
{
    public void Register(ObservationCache cache, ClusterConnections connections)
    {
        var k = connections.Kubernetes;
        cache.Register(async ct => new NodesObservation(
            (await KubeCall.RunAsync(connections, "list nodes", t => k.CoreV1.ListNodeAsync(cancellationToken: t), ct)).Items.ToList()));
        cache.Register(async ct => new NamespacesObservation(
            (await KubeCall.RunAsync(connections, "list namespaces", t => k.CoreV1.ListNamespaceAsync(cancellationToken: t), ct)).Items.ToList()));
        cache.Register(async ct => new PodsObservation(
            (await KubeCall.RunAsync(connections, "list pods", t => k.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: t), ct)).Items.ToList()));
        cache.Register(async ct => new DeploymentsObservation(
            (await KubeCall.RunAsync(connections, "list deployments", t => k.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: t), ct)).Items.ToList()));
        cache.Register(async ct => new DaemonSetsObservation(
            (await KubeCall.RunAsync(connections, "list daemonsets", t => k.AppsV1.ListDaemonSetForAllNamespacesAsync(cancellationToken: t), ct)).Items.ToList()));
        cache.Register(async ct => new ServicesObservation(
            (await KubeCall.RunAsync(connections, "list services", t => k.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: t), ct)).Items.ToList()));
        cache.Register(async ct => new CrdsObservation(
            (await KubeCall.RunAsync(connections, "list customresourcedefinitions", t => k.ApiextensionsV1.ListCustomResourceDefinitionAsync(cancellationToken: t), ct)).Items.ToList()));
    }
}
