using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Gateway;

/// <summary>Contour and its Gateway provisioner (which watches Gateways and provisions Envoy) must be running.</summary>
public sealed class ContourRunningCheck : GatewayCheck
{
    public override string Id => GatewayCheckIds.Running;

    public override string Title => "Contour and its Gateway provisioner are running in projectcontour";

    public override string Hint => "kubectl -n projectcontour get deployments (release contour of bitnami/contour names its Contour contour-contour; the quickstart names the provisioner contour-gateway-provisioner); helm -n projectcontour status contour; kubectl apply -f https://projectcontour.io/quickstart/contour-gateway-provisioner.yaml";

    public override IReadOnlyList<string> FailingScenarios => ["contour-provisioner-down"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, GatewayProfile gateway, CancellationToken cancellationToken)
    {
        var deployments = await context.ObserveAsync<DeploymentsObservation>(cancellationToken);
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        foreach (var name in gateway.Deployments)
        {
            var subject = $"deployment {gateway.ContourNamespace}/{name}";
            var d = deployments.Find(gateway.ContourNamespace, name);
            if (d is null)
            {
                findings.Add(new Evidence(subject, "available", "not found"));
                continue;
            }

            var wanted = d.Spec?.Replicas ?? 1;
            var available = d.Status?.AvailableReplicas ?? 0;
            var e = new Evidence(subject, $"{wanted}/{wanted} replicas available", $"{available}/{wanted} available");
            observed.Add(e);
            if (available < Math.Max(1, wanted))
            {
                var condition = d.Status?.Conditions?.FirstOrDefault(c => c.Type == "Available");
                findings.Add(condition is null ? e : e with { Observed = $"{e.Observed} (Available={condition.Status}: {condition.Message})" });
            }
        }

        return Verdict.FromFindings(findings, $"{string.Join(" and ", gateway.Deployments)} are available", observed);
    }
}
