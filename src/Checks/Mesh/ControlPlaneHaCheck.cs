using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Talos;

namespace Deepthought.Checks.Mesh;

/// <summary>
/// The seed installs Linkerd with values-ha.yaml (controllerReplicas 3, required pod anti-affinity per hostname) and
/// adds a NoSchedule toleration for the control-plane node "since I have only three nodes and want a HA setup":
/// identity, destination and proxy-injector each run 3 available replicas on 3 distinct nodes. values-ha.yaml itself
/// sets no toleration (linkerd2 charts/linkerd-control-plane/values-ha.yaml), so the toleration is required only while the
/// profile's mesh.linkerd.controlPlaneToleration is true; false means a schedulable (untainted) control plane.
/// </summary>
public sealed class ControlPlaneHaCheck : CheckBase
{
    public static readonly IReadOnlyList<string> Components = ["linkerd-destination", "linkerd-identity", "linkerd-proxy-injector"];

    public override string Id => MeshCheckIds.LinkerdControlPlaneHa;

    public override Phase Phase => Phase.Mesh;

    public override string Title => "Linkerd's control plane is highly available: 3 replicas per component, on distinct nodes, tolerating the control-plane taint";

    public override string Hint => "kubectl -n linkerd get deploy,pods -o wide  (HA: helm upgrade linkerd-control-plane -n linkerd -f linkerd-control-plane/values-ha.yaml plus a node-role.kubernetes.io/control-plane:NoSchedule toleration)";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    // node-missing: with two nodes the required anti-affinity leaves a third replica Pending.
    public override IReadOnlyList<string> FailingScenarios => ["linkerd-control-plane-single-replica", "node-missing"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var linkerd = context.Profile.Mesh.Linkerd;
        var want = linkerd.ControlPlaneReplicas;
        var deployments = await context.ObserveAsync<DeploymentsObservation>(cancellationToken);
        var pods = await context.ObserveAsync<PodsObservation>(cancellationToken);
        var f = new Findings();
        foreach (var name in Components)
        {
            var subject = $"deployment {linkerd.Namespace}/{name}";
            var d = deployments.Find(linkerd.Namespace, name);
            if (d is null)
            {
                f.Fail(subject, $"{want} replicas available", "absent");
                continue;
            }

            var replicas = d.Spec?.Replicas ?? 1;
            var available = d.Status?.AvailableReplicas ?? 0;
            var ready = MeshFacts.PodsOf(d, pods.Items).Where(MeshFacts.IsReady).ToList();
            var nodes = ready.Select(p => p.Spec?.NodeName).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var tolerates = (d.Spec?.Template?.Spec?.Tolerations ?? []).Any(MeshFacts.ToleratesControlPlane);
            var observed = $"{replicas} replicas, {available} available, ready pods on {nodes.Count} node(s) [{string.Join(", ", nodes)}], {(tolerates ? "tolerates" : "does not tolerate")} {MeshFacts.ControlPlaneTaint}:NoSchedule";
            var problems = new List<string>();
            if (replicas < want)
            {
                problems.Add($"spec.replicas {replicas}");
            }

            if (available < want)
            {
                problems.Add($"{available} available");
            }

            if (nodes.Count < want)
            {
                problems.Add($"ready pods on {nodes.Count} distinct node(s)");
            }

            if (!tolerates && linkerd.ControlPlaneToleration)
            {
                problems.Add($"no toleration for {MeshFacts.ControlPlaneTaint}:NoSchedule");
            }

            var expected = linkerd.ControlPlaneToleration
                ? $"{want} replicas available on {want} distinct nodes, tolerating {MeshFacts.ControlPlaneTaint}:NoSchedule"
                : $"{want} replicas available on {want} distinct nodes (schedulable control plane: no toleration required)";
            if (problems.Count > 0)
            {
                f.Fail(subject, expected, $"{string.Join(", ", problems)} ({observed})");
            }
            else
            {
                f.Saw(subject, expected, observed);
            }
        }

        return f.ToVerdict($"{string.Join(", ", Components)} each run {want} available replicas on distinct nodes");
    }
}
