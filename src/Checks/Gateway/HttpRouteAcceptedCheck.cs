using Deepthought.Checks.Model;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Gateway;

/// <summary>The emojivoto HTTPRoute is attached to the profiled Gateway, serves the profiled hostname, and its parent accepted it with resolved refs.</summary>
public sealed class HttpRouteAcceptedCheck : GatewayCheck
{
    public override string Id => GatewayCheckIds.RouteAccepted;

    public override string Title => "HTTPRoute emojivoto/emojivoto is accepted by its Gateway with resolved backend refs";

    public override string Hint => "kubectl -n emojivoto get httproute emojivoto -o yaml (status.parents[].conditions); kubectl -n emojivoto get svc web-svc";

    public override bool Fatal => true;

    public override IReadOnlyList<string> DependsOn => [GatewayCheckIds.ClassAccepted];

    public override IReadOnlyList<string> FailingScenarios => ["httproute-backend-missing"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, GatewayProfile gateway, CancellationToken cancellationToken)
    {
        var api = await context.ObserveAsync<GatewayApiObservation>(cancellationToken);
        var subject = $"HTTPRoute {gateway.RouteNamespace}/{gateway.RouteName}";
        var route = api.FindRoute(gateway.RouteNamespace, gateway.RouteName);
        if (route is null)
        {
            return Verdict.Fail($"{subject}: expected to exist, got no such HTTPRoute — apply http-route.yaml",
                new Evidence(subject, "exists", "not found"));
        }

        var gatewayRef = $"Gateway {gateway.GatewayNamespace}/{gateway.GatewayName}";
        var findings = new List<Evidence>();
        var observed = new List<Evidence>();
        void Expect(Evidence e, bool ok)
        {
            observed.Add(e);
            if (!ok)
            {
                findings.Add(e);
            }
        }

        Expect(new Evidence($"{subject} spec.parentRefs", gatewayRef, route.ParentRefs.Count == 0 ? "none" : string.Join(", ", route.ParentRefs)),
            route.ParentRefs.Any(p => p.IsGateway(gateway.GatewayNamespace, gateway.GatewayName)));
        Expect(new Evidence($"{subject} spec.hostnames", gateway.Hostname, route.Hostnames.Count == 0 ? "none (any host)" : string.Join(", ", route.Hostnames)),
            route.Hostnames.Count == 0 || route.Hostnames.Contains(gateway.Hostname));

        var parent = route.StatusFor(gateway.GatewayNamespace, gateway.GatewayName);
        if (parent is null)
        {
            var others = route.Parents.Count == 0 ? "no status.parents at all (no controller has processed the route)" : $"status only for {string.Join(", ", route.Parents.Select(p => p.ParentRef))}";
            Expect(new Evidence($"{subject} status for {gatewayRef}", "Accepted=True, ResolvedRefs=True", others), false);
        }
        else
        {
            var by = parent.ControllerName.Length > 0 ? $" (by {parent.ControllerName})" : "";
            Expect(new Evidence($"{subject} status for {gatewayRef}{by}", "Accepted=True", Condition.Describe(parent.Conditions, "Accepted")),
                Condition.Find(parent.Conditions, "Accepted")?.IsTrue == true);
            var backends = string.Join(", ", route.Rules.SelectMany(r => r.Backends).Select(b => b.ToString()));
            Expect(new Evidence($"{subject} status for {gatewayRef}{by}", "ResolvedRefs=True", $"{Condition.Describe(parent.Conditions, "ResolvedRefs")}; backends: {backends}"),
                Condition.Find(parent.Conditions, "ResolvedRefs")?.IsTrue == true);
        }

        return Verdict.FromFindings(findings, $"{subject} is accepted by {gatewayRef} with resolved refs", observed);
    }
}
