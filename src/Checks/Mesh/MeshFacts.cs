using k8s.Models;

namespace Deepthought.Checks.Mesh;

/// <summary>Small readings of Kubernetes objects the Mesh checks share.</summary>
public static class MeshFacts
{
    public const string ProxyContainer = "linkerd-proxy";
    public const string InitContainer = "linkerd-init";
    public const string InjectAnnotation = "linkerd.io/inject";
    public const string ControlPlaneTaint = "node-role.kubernetes.io/control-plane";

    /// <summary>The pods a Deployment selects (matchLabels; matchExpressions In/Exists), not being deleted.</summary>
    public static IEnumerable<V1Pod> PodsOf(V1Deployment d, IEnumerable<V1Pod> pods)
    {
        var ns = d.Metadata.NamespaceProperty;
        var selector = d.Spec?.Selector;
        return pods.Where(p => p.Metadata.NamespaceProperty == ns && p.Metadata.DeletionTimestamp is null && Selects(selector, p.Metadata.Labels));
    }

    public static bool Selects(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null || ((selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0))
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        var byLabels = (selector.MatchLabels ?? new Dictionary<string, string>()).All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
        var byExpressions = (selector.MatchExpressions ?? []).All(e => e.OperatorProperty switch
        {
            "In" => labels.TryGetValue(e.Key, out var v) && (e.Values?.Contains(v) ?? false),
            "NotIn" => !labels.TryGetValue(e.Key, out var v) || !(e.Values?.Contains(v) ?? false),
            "Exists" => labels.ContainsKey(e.Key),
            "DoesNotExist" => !labels.ContainsKey(e.Key),
            _ => false,
        });
        return byLabels && byExpressions;
    }

    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Phase == "Running" && (pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false);

    /// <summary>The proxy container: a regular container, or a native sidecar (init container with restartPolicy Always).</summary>
    public static V1Container? Proxy(V1Pod pod) =>
        pod.Spec?.Containers?.FirstOrDefault(c => c.Name == ProxyContainer)
        ?? pod.Spec?.InitContainers?.FirstOrDefault(c => c.Name == ProxyContainer && c.RestartPolicy == "Always");

    public static bool ProxyReady(V1Pod pod) =>
        (pod.Status?.ContainerStatuses ?? []).Concat(pod.Status?.InitContainerStatuses ?? []).Any(s => s.Name == ProxyContainer && s.Ready);

    public static string? Annotation(V1ObjectMeta? meta, string key) =>
        meta?.Annotations?.TryGetValue(key, out var v) == true ? v : null;

    public static string? Label(V1ObjectMeta? meta, string key) =>
        meta?.Labels?.TryGetValue(key, out var v) == true ? v : null;

    /// <summary>True when the toleration lets a pod onto a node tainted node-role.kubernetes.io/control-plane:NoSchedule.</summary>
    public static bool ToleratesControlPlane(V1Toleration t)
    {
        var effectOk = string.IsNullOrEmpty(t.Effect) || t.Effect == "NoSchedule";
        if (string.IsNullOrEmpty(t.Key))
        {
            return t.OperatorProperty == "Exists" && effectOk;
        }

        var valueOk = t.OperatorProperty == "Exists" || string.IsNullOrEmpty(t.Value);
        return t.Key == ControlPlaneTaint && valueOk && effectOk;
    }

    /// <summary>The Linkerd identity of a service account: &lt;sa&gt;.&lt;ns&gt;.serviceaccount.identity.&lt;controlNs&gt;.&lt;trustDomain&gt;.</summary>
    public static string Identity(string serviceAccount, string ns, string controlNamespace, string trustDomain) =>
        $"{serviceAccount}.{ns}.serviceaccount.identity.{controlNamespace}.{trustDomain}";
}
