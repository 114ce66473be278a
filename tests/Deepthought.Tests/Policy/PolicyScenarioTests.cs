using Deepthought.Checks.Model;
using Deepthought.Checks.Policy;
using Deepthought.Tests.Gateway;
using Xunit.Abstractions;

namespace Deepthought.Tests.Policy;

/// <summary>The policy scenarios: audit checks judge the live objects; acceptance steps judge behaviour and report the last state.</summary>
[Collection(GatewayCollection.Name)]
public sealed class PolicyScenarioTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("server-missing", PolicyCheckIds.Server, "Server emojivoto/voting-grpc: expected to exist for port grpc (gRPC), got not found")]
    [InlineData("authorization-missing", PolicyCheckIds.Authorization, "ServerAuthorization emojivoto/voting-grpc: expected exists and targets Server voting-grpc, got not found; clients of Server emojivoto/voting-grpc: expected service account web.emojivoto admitted, got no authorization admits anyone (every call is refused)")]
    [InlineData("authorization-allows-everyone", PolicyCheckIds.Authorization, "clients of Server emojivoto/voting-grpc: expected only service account web.emojivoto, got ServerAuthorization emojivoto/voting-grpc-everyone admits every client, unauthenticated included (client.unauthenticated: true)")]
    public async Task PolicyScenario_AuditRun_FailsOnlyItsCheck(string scenario, string failingCheck, string message)
    {
        await using var world = await GatewayRun.StartAsync(scenario);
        var results = await world.RunPhasesAsync();
        Print(results);

        results[failingCheck].Outcome.Should().Be(Outcome.Fail);
        results[failingCheck].Verdict.Message.Should().Be(message);
        results.Values.Where(r => r.Id != failingCheck).Should().OnlyContain(r => r.Outcome == Outcome.Pass || r.Outcome == Outcome.Skip);
    }

    [Fact]
    public async Task AcceptanceDeny_AnotherAuthorizationAdmitsEveryone_FailsNamingIt()
    {
        await using var world = await GatewayRun.StartAsync("authorization-allows-everyone", RunMode.Acceptance, propagationBudgetSeconds: 3);
        var results = await world.RunPhasesAsync();
        Print(results);

        var deny = results[PolicyCheckIds.DenyWithoutAuthorization];
        deny.Outcome.Should().Be(Outcome.Fail);
        deny.Verdict.Message.Should().StartWith("Server emojivoto/voting-grpc applied with no authorization: expected votes through the gateway to be refused within 3 s, last observed after ")
            .And.MatchRegex("→ 200[^;]*: vote accepted")
            .And.EndWith("other authorizations on the Server still admit callers: ServerAuthorization emojivoto/voting-grpc-everyone admits every client, unauthenticated included (client.unauthenticated: true)");
        results[PolicyCheckIds.AllowWithAuthorization].Outcome.Should().Be(Outcome.Blocked);
        results[PolicyCheckIds.ForeignIdentityDenied].Outcome.Should().Be(Outcome.Blocked);
        results[PolicyCheckIds.NoLeftovers].Outcome.Should().Be(Outcome.Pass);
        world.Labelled().Should().BeEmpty();
    }

    [Fact]
    public async Task AcceptanceDeny_MeshPolicyPropagationSlowScenario_FailsWithinItsBudget()
    {
        // The twin's policy engine reaches the proxies only after 10 minutes: the deny step's 2 s budget runs out.
        await using var world = await GatewayRun.StartAsync("policy-propagation-slow", RunMode.Acceptance, propagationBudgetSeconds: 2);
        var results = await world.RunPhasesAsync(Phase.Policy);
        Print(results);

        results[PolicyCheckIds.DenyWithoutAuthorization].Outcome.Should().Be(Outcome.Fail);
        results[PolicyCheckIds.DenyWithoutAuthorization].Verdict.Message.Should().MatchRegex(
            @"^Server emojivoto/voting-grpc applied with no authorization: expected votes through the gateway to be refused within 2 s, last observed after \d+ attempts: GET http://127\.0\.0\.1:\d+/api/vote\?choice=%3Adog%3A \(Host emojivoto\.deepthought\.local\) → 200[^;]*: vote accepted$");
        results[PolicyCheckIds.NoLeftovers].Outcome.Should().Be(Outcome.Pass);
        world.Labelled().Should().BeEmpty();
    }

    [Fact]
    public async Task AcceptanceAllow_AuthorizationRefusedByAdmission_FailsWithTheApiServersAnswer()
    {
        await using var world = await GatewayRun.StartAsync("authorization-missing", RunMode.Acceptance, propagationBudgetSeconds: 3);
        var results = await world.RunPhasesAsync();
        Print(results);

        results[PolicyCheckIds.DenyWithoutAuthorization].Outcome.Should().Be(Outcome.Pass);
        var allow = results[PolicyCheckIds.AllowWithAuthorization];
        allow.Outcome.Should().Be(Outcome.Fail);
        allow.Verdict.Message.Should().Be(
            "ServerAuthorization emojivoto/voting-grpc could not be applied, so nothing authorizes web to call voting: create ServerAuthorization emojivoto/voting-grpc: " +
            "the API server answered 403 admission webhook \"validate.policy.twin.deepthought\" denied the request: ServerAuthorization emojivoto/voting-grpc is not allowed by cluster policy");
        results[PolicyCheckIds.ForeignIdentityDenied].Outcome.Should().Be(Outcome.Blocked);
        results[PolicyCheckIds.NoLeftovers].Outcome.Should().Be(Outcome.Pass);
        world.Labelled().Should().BeEmpty();
        world.Store.Get("policy.linkerd.io/v1beta3", "Server", "emojivoto", "voting-grpc").Should().NotBeNull("the Server existed before the run and is restored");
    }

    [Fact]
    public async Task AcceptanceForeign_ProbeImageCannotBePulled_FailsWithThePodsLastState()
    {
        await using var world = await GatewayRun.StartAsync("probe-image-pull-fails", RunMode.Acceptance, probePodBudgetSeconds: 3);
        var results = await world.RunPhasesAsync();
        Print(results);

        var foreign = results[PolicyCheckIds.ForeignIdentityDenied];
        foreign.Outcome.Should().Be(Outcome.Fail);
        foreign.Verdict.Message.Should().MatchRegex(
            @"^probe pod deepthought-conformance/conformance-probe-[0-9a-f]{6} \(conformance-probe\.deepthought-conformance, docker\.l5d\.io/buoyantio/emojivoto-web:v11\) GET /api/vote\?choice=%3Adog%3A → voting-svc\.emojivoto:8080: " +
            @"expected web in the probe pod to answer within 3 s with HTTP 500 rpc error: code = PermissionDenied, last observed: phase Pending; container linkerd-proxy running; container probe waiting: ImagePullBackOff \(Back-off pulling image ""docker\.l5d\.io/buoyantio/emojivoto-web:v11"": not found\) \(after [\d.]+ s, \d+ looks\)$");
        results[PolicyCheckIds.NoLeftovers].Outcome.Should().Be(Outcome.Pass);
        world.Labelled().Should().BeEmpty();
    }

    [Fact]
    public async Task NoLeftovers_OneDeleteRefusedOnce_ReportsItAndStillRemovesEverything()
    {
        await using var world = await GatewayRun.StartAsync("cleanup-step-fails", RunMode.Acceptance);
        var results = await world.RunPhasesAsync();
        Print(results);

        var cleanup = results[PolicyCheckIds.NoLeftovers];
        cleanup.Outcome.Should().Be(Outcome.Warn);
        cleanup.Verdict.Message.Should().MatchRegex(
            @"^1 of 7 cleanup steps failed and succeeded on retry \(delete Pod deepthought-conformance/(conformance-probe-[0-9a-f]{6}): the API server answered 403 admission webhook ""pod-guard\.twin\.deepthought"" denied the request: pod \1 is still being finalized, try again\); nothing labelled app\.kubernetes\.io/managed-by=deepthought-conformance is left$");
        cleanup.Verdict.Evidence.Where(e => e.Subject.StartsWith("cleanup:", StringComparison.Ordinal) && e.Observed == "done").Should().HaveCount(6, "the other steps ran although one failed");
        results.Values.Where(r => r.Id != PolicyCheckIds.NoLeftovers).Should().OnlyContain(r => r.Outcome == Outcome.Pass);
        world.Labelled().Should().BeEmpty();
    }

    private void Print(IReadOnlyDictionary<string, CheckResult> results)
    {
        foreach (var r in results.Values)
        {
            output.WriteLine($"{r.Outcome} {r.Id} ({r.Duration.TotalMilliseconds:0} ms): {r.Verdict.Message}");
        }
    }
}
