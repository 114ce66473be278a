using Deepthought.Checks.Model;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Gateway;

/// <summary>The seed's GatewayClass belongs to Contour's Gateway controller, which must have accepted it.</summary>
public sealed class GatewayClassAcceptedCheck : GatewayCheck
{
    public override string Id => GatewayCheckIds.ClassAccepted;

    public override string Title => "GatewayClass contour is accepted by projectcontour.io/gateway-controller";

    public override string Hint => "kubectl get gatewayclass contour -o yaml; kubectl apply -f profiles/deepthought/manifests/gateway.yaml";

    public override bool Fatal => true;

    public override IReadOnlyList<string> FailingScenarios => ["gatewayclass-wrong-controller"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, GatewayProfile gateway, CancellationToken cancellationToken)
    {
        var api = await context.ObserveAsync<GatewayApiObservation>(cancellationToken);
        var subject = $"GatewayClass {gateway.GatewayClass}";
        var cls = api.FindClass(gateway.GatewayClass);
        if (cls is null)
        {
            return Verdict.Fail($"{subject}: expected to exist (controllerName {GatewayApi.ContourController}), got no such GatewayClass",
                new Evidence(subject, "exists", "not found"));
        }

        var findings = new List<Evidence>();
        var controller = new Evidence($"{subject} spec.controllerName", GatewayApi.ContourController, cls.ControllerName);
        if (cls.ControllerName != GatewayApi.ContourController)
        {
            findings.Add(controller);
        }

        var accepted = Condition.Find(cls.Conditions, "Accepted");
        var acceptance = new Evidence($"{subject} status", "Accepted=True", Condition.Describe(cls.Conditions, "Accepted"));
        if (accepted?.IsTrue != true)
        {
            findings.Add(acceptance);
        }
        else if (accepted.ObservedGeneration < cls.Generation)
        {
            findings.Add(acceptance with { Observed = $"{accepted} for generation {accepted.ObservedGeneration}, but the class is at generation {cls.Generation} (the controller has not seen the latest spec)" });
        }

        return Verdict.FromFindings(findings, $"{subject} is accepted by {cls.ControllerName}", [controller, acceptance]);
    }
}
