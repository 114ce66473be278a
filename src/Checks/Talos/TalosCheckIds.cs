namespace Deepthought.Checks.Talos;

/// <summary>The ids of the Talos phase's checks: the one place they are spelled (checks, dependencies, tests).</summary>
public static class TalosCheckIds
{
    public const string ApiReachable = "talos.api-reachable";
    public const string ControlplaneSchedulable = "talos.controlplane-schedulable";
    public const string KubeconfigContext = "talos.kubeconfig-context";
    public const string KubernetesApi = "talos.kubernetes-api";
    public const string NodeOsImage = "talos.node-os-image";
    public const string NodesReady = "talos.nodes-ready";
    public const string NodesRegistered = "talos.nodes-registered";
    public const string ServicesHealthy = "talos.services-healthy";
    public const string TalosconfigCertificates = "talos.talosconfig-certificates";
    public const string Version = "talos.version";
}
