using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Talos;

/// <summary>Every profiled node is registered with its name, InternalIP and role; no unexpected node.</summary>
public sealed class NodesRegisteredCheck : CheckBase
{
    public override string Id => TalosCheckIds.NodesRegistered;

    public override Phase Phase => Phase.Talos;

    public override string Title => "the profiled nodes are registered with their names, InternalIPs and roles";

    public override string Hint => "kubectl get nodes -o wide";

    public override bool Fatal => true;

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public override IReadOnlyList<string> FailingScenarios => ["node-missing", "node-wrong-ip"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var nodes = (await context.ObserveAsync<NodesObservation>(cancellationToken)).Items;
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        foreach (var p in context.Profile.Nodes)
        {
            var role = p.Role == NodeRole.ControlPlane ? "controlPlane" : "worker";
            var node = NodeFacts.Find(nodes, p.Name);
            if (node is null)
            {
                findings.Add(new Evidence($"node {p.Name}", $"registered ({p.Ip}, {role})", "absent from kubectl get nodes"));
                continue;
            }

            var ip = NodeFacts.InternalIp(node) ?? "no InternalIP";
            var actualRole = NodeFacts.Role(node);
            if (ip != p.Ip)
            {
                findings.Add(new Evidence($"node {p.Name}", $"InternalIP {p.Ip}", ip));
            }

            if (actualRole != role)
            {
                findings.Add(new Evidence($"node {p.Name}", $"role {role}", actualRole));
            }

            observed.Add(new Evidence($"node {p.Name}", $"{p.Ip}, {role}", $"{ip}, {actualRole}"));
        }

        foreach (var extra in nodes.Where(n => context.Profile.Nodes.All(p => p.Name != n.Metadata.Name)))
        {
            findings.Add(new Evidence($"node {extra.Metadata.Name}", "not in the cluster (not profiled)", $"registered ({NodeFacts.InternalIp(extra)}) — add it to the profile"));
        }

        return Verdict.FromFindings(findings, $"{context.Profile.Nodes.Count} nodes registered as profiled", observed);
    }
}
