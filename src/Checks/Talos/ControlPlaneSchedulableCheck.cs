using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;

namespace Deepthought.Checks.Talos;

/// <summary>The seed removes the control-plane NoSchedule taint so the control plane also runs workloads.</summary>
public sealed class ControlPlaneSchedulableCheck : CheckBase
{
    public override string Id => TalosCheckIds.ControlplaneSchedulable;

    public override Phase Phase => Phase.Talos;

    public override string Title => "nodes are schedulable as profiled (the control plane runs workloads)";

    public override string Hint => "kubectl taint node <node-name> node-role.kubernetes.io/control-plane:NoSchedule-";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public override IReadOnlyList<string> FailingScenarios => ["controlplane-tainted"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        foreach (var (p, node) in await NodeFacts.ProfiledAsync(context, cancellationToken))
        {
            var blocking = (node.Spec?.Taints ?? []).Where(t => t.Effect is "NoSchedule" or "NoExecute").Select(t => $"{t.Key}:{t.Effect}").ToList();
            var cordoned = node.Spec?.Unschedulable == true;
            var schedulable = blocking.Count == 0 && !cordoned;
            var state = schedulable ? "schedulable (no NoSchedule taint)" : string.Join(", ", blocking.Append(cordoned ? "cordoned" : "").Where(s => s.Length > 0));
            observed.Add(new Evidence($"node {p.Name}", p.Schedulable ? "schedulable" : "not schedulable", state));
            if (schedulable != p.Schedulable)
            {
                findings.Add(new Evidence($"node {p.Name}", p.Schedulable ? "schedulable (no NoSchedule taint)" : "NoSchedule", $"{(schedulable ? "schedulable" : "tainted " + state)}"));
            }
        }

        return Verdict.FromFindings(findings, "every node's schedulability is as profiled", observed);
    }
}
