using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Protocols.Profile;

namespace Deepthought.Checks.Gateway;

/// <summary>
/// The Gateway is accepted and programmed. Contour programs a Gateway without spec.addresses whether or not its Envoy
/// Service got an external address (on bare metal without MetalLB it gets none, and gateway.traffic then goes by
/// NodePort); the addresses are reported, not required. Programmed=False/AddressNotAssigned means spec.addresses asks
/// for an address nothing assigned: the check says what the Envoy Service has.
/// </summary>
public sealed class GatewayProgrammedCheck : GatewayCheck
{
    public override string Id => GatewayCheckIds.Programmed;

    public override string Title => "the profiled Gateway is accepted and programmed";

    public override string Hint => "kubectl -n <gateway namespace> get gateway <gateway> -o yaml; kubectl -n <gateway namespace> get svc envoy-<gateway> (spec.addresses needs a load balancer such as MetalLB on bare metal; without spec.addresses the Gateway is reached by NodePort)";

    public override bool Fatal => true;

    public override IReadOnlyList<string> DependsOn => [GatewayCheckIds.ClassAccepted];

    public override IReadOnlyList<string> FailingScenarios => ["gateway-not-programmed"];

    protected override async ValueTask<Verdict> JudgeAsync(CheckContext context, GatewayProfile gateway, CancellationToken cancellationToken)
    {
        var api = await context.ObserveAsync<GatewayApiObservation>(cancellationToken);
        var subject = $"Gateway {gateway.GatewayNamespace}/{gateway.GatewayName}";
        var gw = api.FindGateway(gateway.GatewayNamespace, gateway.GatewayName);
        if (gw is null)
        {
            return Verdict.Fail($"{subject}: expected to exist, got no such Gateway — apply gateway.yaml",
                new Evidence(subject, "exists", "not found"));
        }

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

        Expect(new Evidence($"{subject} spec.gatewayClassName", gateway.GatewayClass, gw.ClassName), gw.ClassName == gateway.GatewayClass);
        Expect(new Evidence($"{subject} status", "Accepted=True", Condition.Describe(gw.Conditions, "Accepted")),
            Condition.Find(gw.Conditions, "Accepted")?.IsTrue == true);

        var programmed = Condition.Find(gw.Conditions, "Programmed");
        var addresses = gw.Addresses.Count == 0 ? "none" : string.Join(", ", gw.Addresses.Select(a => $"{a.Type} {a.Value}"));
        var needsWhy = programmed?.IsTrue != true || gw.Addresses.Count == 0;
        var why = "";
        if (needsWhy)
        {
            var services = await context.ObserveAsync<ServicesObservation>(cancellationToken);
            why = " — " + GatewayEndpoint.DescribeExternalAddress(services.Find(gateway.GatewayNamespace, gateway.EnvoyService));
        }

        Expect(new Evidence($"{subject} status", "Programmed=True", Condition.Describe(gw.Conditions, "Programmed") + (programmed?.IsTrue == true ? "" : why)),
            programmed?.IsTrue == true);
        observed.Add(new Evidence($"{subject} status.addresses", "reported (none on bare metal: traffic then goes by NodePort)", addresses + (gw.Addresses.Count == 0 ? why : "")));

        foreach (var listener in gw.Listeners)
        {
            var status = gw.ListenerStatuses.FirstOrDefault(s => s.Name == listener.Name);
            var state = status is null
                ? "no listener status"
                : $"{Condition.Describe(status.Conditions, "Programmed")}, {status.AttachedRoutes} attached route(s)";
            Expect(new Evidence($"{subject} listener {listener.Name} ({listener.Protocol}/{listener.Port})", "Programmed=True", state),
                status is not null && Condition.Find(status.Conditions, "Programmed")?.IsTrue == true);
        }

        return Verdict.FromFindings(findings, gw.Addresses.Count > 0 ? $"{subject} is programmed at {addresses}" : $"{subject} is programmed, without an external address (reached by NodePort)", observed);
    }
}
