using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;

namespace Deepthought.Checks.Talos;

/// <summary>Gate for every Kubernetes-backed check: the API answers with the configured identity.</summary>
public sealed class KubernetesApiCheck : CheckBase
{
    public override string Id => TalosCheckIds.KubernetesApi;

    public override Phase Phase => Phase.Talos;

    public override string Title => "the Kubernetes API answers with the kubeconfig's identity";

    public override string Hint => "kubectl get nodes";

    public override bool Fatal => true;

    public override IReadOnlyList<string> FailingScenarios => ["kube-api-down"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var nodes = await context.ObserveAsync<NodesObservation>(cancellationToken);
        return Verdict.Pass($"the API lists {nodes.Items.Count} nodes", new Evidence("kubernetes API", "reachable", $"{nodes.Items.Count} nodes listed"));
    }
}
