using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Gateway;

/// <summary>Shared shape of the Gateway phase's checks: skipped when the profile disables the phase.</summary>
public abstract class GatewayCheck : CheckBase
{
    public override Phase Phase => Phase.Gateway;

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public sealed override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken) =>
        context.Profile.Gateway.Enabled
            ? await JudgeAsync(context, context.Profile.Gateway, cancellationToken)
            : Verdict.Skip("the profile disables the Gateway phase (gateway.enabled: false)");

    protected abstract ValueTask<Verdict> JudgeAsync(CheckContext context, GatewayProfile gateway, CancellationToken cancellationToken);
}
