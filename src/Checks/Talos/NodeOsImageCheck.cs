using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;

namespace Deepthought.Checks.Talos;

/// <summary>kubelet reports /etc/os-release's PRETTY_NAME, which Talos writes as "Talos (vX.Y.Z)".</summary>
public sealed class NodeOsImageCheck : CheckBase
{
    public override string Id => TalosCheckIds.NodeOsImage;

    public override Phase Phase => Phase.Talos;

    public override string Title => "every node's osImage reports the profiled Talos version";

    public override string Hint => "kubectl get nodes -o wide; talosctl -n <ip> version";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public override IReadOnlyList<string> FailingScenarios => ["node-talos-version-drift"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var expected = $"Talos ({context.Profile.Talos.Version})";
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        foreach (var (p, node) in await NodeFacts.ProfiledAsync(context, cancellationToken))
        {
            var image = node.Status?.NodeInfo?.OsImage ?? "no osImage";
            observed.Add(new Evidence($"node {p.Name}", expected, image));
            if (image != expected)
            {
                findings.Add(new Evidence($"node {p.Name}", $"osImage \"{expected}\"", $"\"{image}\""));
            }
        }

        return Verdict.FromFindings(findings, $"every node runs {expected}", observed);
    }
}
