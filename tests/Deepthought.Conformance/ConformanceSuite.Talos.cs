namespace Deepthought.Conformance;

public sealed partial class ConformanceSuite
{
    [SkippableFact, Trait("Phase", "Talos"), Trait("Check", "talos.kubernetes-api")]
    public Task KubernetesApiAnswers() => Verify("talos.kubernetes-api");

    [SkippableFact, Trait("Phase", "Talos"), Trait("Check", "talos.nodes-registered")]
    public Task NodesRegistered() => Verify("talos.nodes-registered");

    [SkippableFact, Trait("Phase", "Talos"), Trait("Check", "talos.nodes-ready")]
    public Task NodesReady() => Verify("talos.nodes-ready");

    [SkippableFact, Trait("Phase", "Talos"), Trait("Check", "talos.controlplane-schedulable")]
    public Task ControlPlaneSchedulable() => Verify("talos.controlplane-schedulable");

    [SkippableFact, Trait("Phase", "Talos"), Trait("Check", "talos.node-os-image")]
    public Task NodeOsImage() => Verify("talos.node-os-image");

    [SkippableFact, Trait("Phase", "Talos"), Trait("Check", "talos.api-reachable")]
    public Task TalosApiReachable() => Verify("talos.api-reachable");

    [SkippableFact, Trait("Phase", "Talos"), Trait("Check", "talos.version")]
    public Task TalosVersion() => Verify("talos.version");

    [SkippableFact, Trait("Phase", "Talos"), Trait("Check", "talos.services-healthy")]
    public Task TalosServicesHealthy() => Verify("talos.services-healthy");

    [SkippableFact, Trait("Phase", "Talos"), Trait("Check", "talos.talosconfig-certificates")]
    public Task TalosconfigCertificates() => Verify("talos.talosconfig-certificates");

    [SkippableFact, Trait("Phase", "Talos"), Trait("Check", "talos.kubeconfig-context")]
    public Task KubeconfigContext() => Verify("talos.kubeconfig-context");
}
