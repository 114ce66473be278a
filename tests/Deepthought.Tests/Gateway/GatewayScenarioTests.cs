using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Xunit.Abstractions;

namespace Deepthought.Tests.Gateway;

/// <summary>Each Gateway scenario fails its own check with expected vs observed, and leaves the phase's other checks passing or blocked.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayScenarioTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, string[]> Cases() => new()
    {
        { "contour-release-failed", GatewayCheckIds.Release, ["Helm release projectcontour/contour: expected status deployed, got failed (revision 1)"] },
        {
            "contour-provisioner-down", GatewayCheckIds.Running,
            ["deployment projectcontour/contour-gateway-provisioner: expected 1/1 replicas available, got 0/1 available (Available=False: back-off restarting failed container provisioner (CrashLoopBackOff))"]
        },
        {
            "gatewayclass-wrong-controller", GatewayCheckIds.ClassAccepted,
            ["GatewayClass contour spec.controllerName: expected projectcontour.io/gateway-controller, got example.net/gateway-controller", "expected Accepted=True, got Accepted=Unknown (Pending: Waiting for controller)"]
        },
        {
            "gateway-not-programmed", GatewayCheckIds.Programmed,
            [
                "status: expected Programmed=True, got Programmed=False (AddressNotAssigned: None of the addresses in Spec.Addresses have been assigned to the Gateway)",
                "(type LoadBalancer) has no external address (status.loadBalancer.ingress is empty: no load-balancer implementation such as MetalLB assigned one)",
            ]
        },
        {
            "httproute-backend-missing", GatewayCheckIds.RouteAccepted,
            ["expected ResolvedRefs=True, got ResolvedRefs=False (BackendNotFound: service \"web\" not found); backends: Service emojivoto/web:80"]
        },
        {
            "envoy-not-listening", GatewayCheckIds.Traffic,
            ["(Host emojivoto.deepthought.local) → 503", "which does not answer from here (TCP connection to 127.0.0.1:", "Connection refused)"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task GatewayScenario_AuditRun_FailsOnlyItsCheckWithExpectedVersusObserved(string scenario, string failingCheck, string[] fragments)
    {
        await using var world = await GatewayRun.StartAsync(scenario);
        var results = await world.RunPhasesAsync();
        foreach (var r in results.Values)
        {
            output.WriteLine($"{r.Outcome} {r.Id}: {r.Verdict.Message}");
        }

        var failed = results[failingCheck];
        failed.Outcome.Should().Be(Outcome.Fail);
        foreach (var fragment in fragments)
        {
            failed.Verdict.Message.Should().Contain(fragment);
        }

        results.Values.Where(r => r.Id != failingCheck).Should().OnlyContain(
            r => r.Outcome == Outcome.Pass || r.Outcome == Outcome.Skip || (r.Outcome == Outcome.Blocked && r.Verdict.BlockedBy == failingCheck),
            $"{scenario} must break only {failingCheck} (checks depending on it may be blocked by it)");
    }
}
