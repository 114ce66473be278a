using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Policy;

/// <summary>Shared shape of the Policy phase's checks: skipped when the profile disables the phase.</summary>
public abstract class PolicyCheck : CheckBase
{
    public override Phase Phase => Phase.Policy;

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public sealed override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken) =>
        context.Profile.Policy.Enabled
            ? await JudgeAsync(context, context.Profile.Policy, cancellationToken)
            : Verdict.Skip("the profile disables the Policy phase (policy.enabled: false)");

    protected abstract ValueTask<Verdict> JudgeAsync(CheckContext context, PolicyProfile policy, CancellationToken cancellationToken);
}
