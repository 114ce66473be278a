using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Talos;

namespace Deepthought.Checks.Mesh;

/// <summary>The linkerd-crds chart installed the policy CRDs the seed's authorization steps use (policy.linkerd.io).</summary>
public sealed class LinkerdCrdsCheck : CheckBase
{
    public const string Group = "policy.linkerd.io";

    public static readonly IReadOnlyList<string> PolicyCrds =
        ["servers", "serverauthorizations", "authorizationpolicies", "meshtlsauthentications", "networkauthentications", "httproutes"];

    public override string Id => MeshCheckIds.LinkerdCrds;

    public override Phase Phase => Phase.Mesh;

    public override string Title => "Linkerd's policy CRDs are installed and established";

    public override string Hint => "kubectl get crd | grep policy.linkerd.io  (fix: helm upgrade --install linkerd-crds linkerd-edge/linkerd-crds -n linkerd --set installGatewayAPI=false)";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public override IReadOnlyList<string> FailingScenarios => ["linkerd-crd-missing"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var crds = await context.ObserveAsync<CrdsObservation>(cancellationToken);
        var f = new Findings();
        foreach (var name in PolicyCrds.Select(n => $"{n}.{Group}"))
        {
            var crd = crds.Find(name);
            if (crd is null)
            {
                f.Fail($"crd {name}", "present (linkerd-crds chart)", "absent");
            }
            else if (CrdFacts.NotEstablished(crd) is { } problem)
            {
                f.Fail($"crd {name}", "Established", problem);
            }
            else
            {
                f.Saw($"crd {name}", "present", $"versions {CrdFacts.ServedVersions(crd)} (* = storage)");
            }
        }

        return f.ToVerdict($"the {PolicyCrds.Count} Linkerd policy CRDs are installed");
    }
}
