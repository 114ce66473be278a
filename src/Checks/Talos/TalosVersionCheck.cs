using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;

namespace Deepthought.Checks.Talos;

/// <summary>Talos version per node = the profile's, and the Talos API agrees with the osImage kubelet reports.</summary>
public sealed class TalosVersionCheck : CheckBase
{
    public override string Id => TalosCheckIds.Version;

    public override Phase Phase => Phase.Talos;

    public override string Title => "every node runs the profiled Talos version, and the Talos API agrees with the node's osImage";

    public override string Hint => "talosctl --talosconfig=./talosconfig --nodes <ip> -e <ip> version; kubectl get nodes -o wide";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.ApiReachable, TalosCheckIds.KubernetesApi];

    public override IReadOnlyList<string> FailingScenarios => ["node-talos-version-drift"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var versions = await context.ObserveAsync<TalosVersionsObservation>(cancellationToken);
        var nodes = (await context.ObserveAsync<NodesObservation>(cancellationToken)).Items;
        var expected = context.Profile.Talos.Version;
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        foreach (var p in context.Profile.Nodes)
        {
            var subject = $"node {p.Name} ({p.Ip})";
            var answer = versions.Find(p.Ip);
            if (answer is not { Ok: true })
            {
                findings.Add(new Evidence(subject, $"Talos {expected}", answer?.Error ?? "no Talos API answer"));
                continue;
            }

            var tag = answer.Value!.Tag;
            if (tag != expected)
            {
                findings.Add(new Evidence(subject, $"Talos {expected}", $"{tag} (Talos API Version) — upgrade: talosctl -n {p.Ip} upgrade --image ghcr.io/siderolabs/installer:{expected}"));
            }

            // A node missing from Kubernetes is talos.nodes-registered's finding; here only present nodes are compared.
            var osImage = NodeFacts.Find(nodes, p.Name)?.Status?.NodeInfo?.OsImage;
            if (osImage is not null && osImage != $"Talos ({tag})")
            {
                findings.Add(new Evidence(subject, $"osImage \"Talos ({tag})\" as the Talos API says", $"\"{osImage}\""));
            }

            observed.Add(new Evidence(subject, $"Talos {expected}", $"Talos API {tag}, osImage {(osImage is null ? "n/a (not registered)" : $"\"{osImage}\"")}"));
        }

        return Verdict.FromFindings(findings, $"every node runs Talos {expected} (Talos API and osImage agree)", observed);
    }
}
