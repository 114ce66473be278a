using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;

namespace Deepthought.Checks.Talos;

public sealed class NodesReadyCheck : CheckBase
{
    public override string Id => TalosCheckIds.NodesReady;

    public override Phase Phase => Phase.Talos;

    public override string Title => "every profiled node reports Ready";

    public override string Hint => "kubectl get nodes; kubectl describe node <name>";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public override IReadOnlyList<string> FailingScenarios => ["node-not-ready"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        foreach (var (p, node) in await NodeFacts.ProfiledAsync(context, cancellationToken))
        {
            var ready = NodeFacts.Ready(node);
            var state = ready is null ? "no Ready condition" : $"Ready={ready.Status}" + (string.IsNullOrEmpty(ready.Reason) ? "" : $" ({ready.Reason}: {ready.Message})");
            observed.Add(new Evidence($"node {p.Name}", "Ready=True", state));
            if (ready?.Status != "True")
            {
                findings.Add(new Evidence($"node {p.Name}", "Ready=True", state));
            }
        }

        return Verdict.FromFindings(findings, "all profiled nodes are Ready", observed);
    }
}
