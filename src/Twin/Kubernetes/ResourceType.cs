namespace Deepthought.Twin.Kubernetes;

/// <summary>A REST resource the twin API serves: built-in, or registered by a CustomResourceDefinition.</summary>
public sealed record ResourceType(
    string Group,
    string Version,
    string Kind,
    string Plural,
    bool Namespaced,
    string Singular = "",
    IReadOnlyList<string>? ShortNames = null,
    IReadOnlyList<string>? Subresources = null)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string SingularName => Singular.Length > 0 ? Singular : Kind.ToLowerInvariant();

    public bool HasStatus => Subresources?.Contains("status") ?? false;

    /// <summary>The built-in kinds the harness reads and kubectl needs.</summary>
    public static readonly IReadOnlyList<ResourceType> BuiltIn =
    [
        new("", "v1", "Namespace", "namespaces", false, ShortNames: ["ns"], Subresources: ["status"]),
        new("", "v1", "Node", "nodes", false, ShortNames: ["no"], Subresources: ["status", "proxy"]),
        new("", "v1", "Pod", "pods", true, ShortNames: ["po"], Subresources: ["status", "proxy", "log"]),
        new("", "v1", "Service", "services", true, ShortNames: ["svc"], Subresources: ["status", "proxy"]),
        new("", "v1", "Endpoints", "endpoints", true, ShortNames: ["ep"]),
        new("", "v1", "ConfigMap", "configmaps", true, ShortNames: ["cm"]),
        new("", "v1", "Secret", "secrets", true),
        new("", "v1", "ServiceAccount", "serviceaccounts", true, ShortNames: ["sa"]),
        new("", "v1", "Event", "events", true, ShortNames: ["ev"]),
        new("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, ShortNames: ["pvc"], Subresources: ["status"]),
        new("apps", "v1", "Deployment", "deployments", true, ShortNames: ["deploy"], Subresources: ["status", "scale"]),
        new("apps", "v1", "DaemonSet", "daemonsets", true, ShortNames: ["ds"], Subresources: ["status"]),
        new("apps", "v1", "ReplicaSet", "replicasets", true, ShortNames: ["rs"], Subresources: ["status"]),
        new("apps", "v1", "StatefulSet", "statefulsets", true, ShortNames: ["sts"], Subresources: ["status"]),
        new("events.k8s.io", "v1", "Event", "events", true, ShortNames: ["ev"]),
        new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, ShortNames: ["crd", "crds"], Subresources: ["status"]),
        new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
        new("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
        new("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
        new("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
        new("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, ShortNames: ["sc"]),
        new("coordination.k8s.io", "v1", "Lease", "leases", true),
    ];
}
