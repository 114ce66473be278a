using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Profile;

namespace Deepthought.Checks.Gateway;

/// <summary>Shared shape of the Gateway phase's checks: skipped when the profile disables the phase.</summary>
public abstract class GatewayCheck : CheckBase
{
    public override Phase Phase => Phase.Gateway;

    public override IReadOnlyList<string> DependsOn => [KubernetesApiCheck.CheckId];

    public sealed override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken) =>
        context.Profile.Gateway.Enabled
            ? await JudgeAsync(context, context.Profile.Gateway, cancellationToken)
            : Verdict.Skip("the profile disables the Gateway phase (gateway.enabled: false)");

    protected abstract ValueTask<Verdict> JudgeAsync(CheckContext context, GatewayProfile gateway, CancellationToken cancellationToken);
}

/// <summary>The ids of the Gateway phase's checks (other checks depend on them).</summary>
public static class GatewayCheckIds
{
    public const string Release = "gateway.contour-release";
    public const string Running = "gateway.contour-running";
    public const string ClassAccepted = "gateway.gatewayclass-accepted";
    public const string Programmed = "gateway.gateway-programmed";
    public const string RouteAccepted = "gateway.httproute-accepted";
    public const string Traffic = "gateway.traffic";
    public const string ProvisionedObjects = "gateway.provisioned-contour";
}
