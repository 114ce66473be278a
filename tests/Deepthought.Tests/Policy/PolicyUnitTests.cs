using System.Text.Json.Nodes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Policy;
using Deepthought.Fixtures.Acceptance;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.Profile;
using Deepthought.Tests.Support;

namespace Deepthought.Tests.Policy;

/// <summary>The policy checks' judgement on crafted observations (what the twin's scenarios do not all cover).</summary>
public sealed class PolicyUnitTests
{
    private static readonly ClusterProfile Profile = Repo.LoadProfile();

    private static readonly JsonObject Server = Obj("""{"apiVersion":"policy.linkerd.io/v1beta3","kind":"Server","metadata":{"name":"voting-grpc","namespace":"emojivoto","labels":{"app":"voting-svc"}},"spec":{"podSelector":{"matchLabels":{"app":"voting-svc"}},"port":"grpc","proxyProtocol":"gRPC"}}""");

    [Theory]
    [InlineData("""{"meshTLS":{"identities":["*"]}}""", "ServerAuthorization emojivoto/voting-grpc admits every meshed identity (identities: [\"*\"])")]
    [InlineData("""{"meshTLS":{"identities":["*.emojivoto.serviceaccount.identity.linkerd.cluster.local"]}}""", "ServerAuthorization emojivoto/voting-grpc admits identities matching *.emojivoto.serviceaccount.identity.linkerd.cluster.local")]
    [InlineData("""{"meshTLS":{"unauthenticatedTLS":true}}""", "ServerAuthorization emojivoto/voting-grpc admits any TLS client without a mesh identity (meshTLS.unauthenticatedTLS: true)")]
    [InlineData("""{"meshTLS":{"serviceAccounts":[{"name":"web"},{"name":"default"}]}}""", "ServerAuthorization emojivoto/voting-grpc admits service account default.emojivoto")]
    public async Task AuthorizationCheck_AuthorizationBroaderThanWeb_FailsNamingWhatItAdmits(string client, string admits)
    {
        var saz = Obj($$$"""{"apiVersion":"policy.linkerd.io/v1beta1","kind":"ServerAuthorization","metadata":{"name":"voting-grpc","namespace":"emojivoto"},"spec":{"server":{"name":"voting-grpc"},"client":{{{client}}}}}""");
        var verdict = await Judge(new PolicyAuthorizationCheck(), LinkerdPolicyObservation.From([Server], [saz], [], [], []));
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain($"clients of Server emojivoto/voting-grpc: expected only service account web.emojivoto, got {admits}");
    }

    [Fact]
    public async Task AuthorizationCheck_WebIdentityByName_Passes()
    {
        var saz = Obj("""{"apiVersion":"policy.linkerd.io/v1beta1","kind":"ServerAuthorization","metadata":{"name":"voting-grpc","namespace":"emojivoto"},"spec":{"server":{"selector":{"matchLabels":{"app":"voting-svc"}}},"client":{"meshTLS":{"identities":["web.emojivoto.serviceaccount.identity.linkerd.cluster.local"]}}}}""");
        var verdict = await Judge(new PolicyAuthorizationCheck(), LinkerdPolicyObservation.From([Server], [saz], [], [], []));
        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
    }

    [Fact]
    public async Task AuthorizationCheck_PolicyCrdsNotServed_SaysSo()
    {
        var verdict = await Judge(new PolicyAuthorizationCheck(), LinkerdPolicyObservation.From([], [], [], [], [], ["serverauthorizations.policy.linkerd.io (v1beta1)"]));
        verdict.Message.Should().StartWith("ServerAuthorization emojivoto/voting-grpc: expected exists and targets Server voting-grpc, got not found (the cluster serves no serverauthorizations.policy.linkerd.io (v1beta1): linkerd-crds missing?)");
    }

    [Fact]
    public async Task AuthorizationCheck_NetworkOnlyAuthorizationPolicy_FailsAsUnauthenticated()
    {
        var ap = Obj("""{"apiVersion":"policy.linkerd.io/v1alpha1","kind":"AuthorizationPolicy","metadata":{"name":"voting-open","namespace":"emojivoto"},"spec":{"targetRef":{"group":"policy.linkerd.io","kind":"Server","name":"voting-grpc"},"requiredAuthenticationRefs":[{"group":"policy.linkerd.io","kind":"NetworkAuthentication","name":"all"}]}}""");
        var net = Obj("""{"apiVersion":"policy.linkerd.io/v1alpha1","kind":"NetworkAuthentication","metadata":{"name":"all","namespace":"emojivoto"},"spec":{"networks":[{"cidr":"0.0.0.0/0"}]}}""");
        var saz = Obj("""{"apiVersion":"policy.linkerd.io/v1beta1","kind":"ServerAuthorization","metadata":{"name":"voting-grpc","namespace":"emojivoto"},"spec":{"server":{"name":"voting-grpc"},"client":{"meshTLS":{"serviceAccounts":[{"name":"web"}]}}}}""");
        var verdict = await Judge(new PolicyAuthorizationCheck(), LinkerdPolicyObservation.From([Server], [saz], [ap], [], [net]));
        verdict.Message.Should().Be("clients of Server emojivoto/voting-grpc: expected only service account web.emojivoto, got AuthorizationPolicy emojivoto/voting-open via NetworkAuthentication all admits unauthenticated clients from 0.0.0.0/0");
    }

    [Theory]
    [InlineData(200, "", Outcome.Fail, "expected HTTP 500 rpc error: code = PermissionDenied, got HTTP 200 (the vote was counted) — the voting authorization admits callers other than web")]
    [InlineData(500, "{\"error\":\"rpc error: code = Unavailable desc = connection refused\"}\n", Outcome.Fail, "expected HTTP 500 rpc error: code = PermissionDenied, got HTTP 500 {\"error\":\"rpc error: code = Unavailable desc = connection refused\"}")]
    [InlineData(404, "404 page not found", Outcome.Fail, "expected HTTP 500 rpc error: code = PermissionDenied, got HTTP 404 404 page not found")]
    [InlineData(500, "{\"error\":\"rpc error: code = PermissionDenied desc = unauthorized request on route\"}\n", Outcome.Pass, "conformance-probe.deepthought-conformance is refused by voting: HTTP 500 {\"error\":\"rpc error: code = PermissionDenied desc = unauthorized request on route\"}")]
    public async Task ForeignIdentityCheck_WebAnswer_IsJudgedByStatusAndPermissionDenied(int status, string body, Outcome outcome, string expected)
    {
        var actions = new ScriptedActions(new ProbePodResult("conformance-probe-abc123", "Running", status, body, "", true));
        var verdict = await Judge(new ForeignIdentityDeniedCheck(), LinkerdPolicyObservation.From([], [], [], [], []), actions, RunMode.Acceptance);
        verdict.Outcome.Should().Be(outcome);
        verdict.Message.Should().EndWith(expected);
    }

    [Fact]
    public async Task ForeignIdentityCheck_WebNeverAnswered_FailsWithTheLastState()
    {
        var actions = new ScriptedActions(new ProbePodResult("conformance-probe-abc123", "Running", 0, "", "phase Running; container linkerd-proxy running; container probe terminated: exit 1, Error", false));
        var verdict = await Judge(new ForeignIdentityDeniedCheck(), LinkerdPolicyObservation.From([], [], [], [], []), actions, RunMode.Acceptance);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be("probe pod deepthought-conformance/conformance-probe-abc123 (conformance-probe.deepthought-conformance, docker.l5d.io/buoyantio/emojivoto-web:v11) GET /api/vote?choice=%3Adog%3A → voting-svc.emojivoto:8080: " +
            "expected web in the probe pod to answer within 90 s with HTTP 500 rpc error: code = PermissionDenied, last observed: phase Running; container linkerd-proxy running; container probe terminated: exit 1, Error");
    }

    [Fact]
    public void Ledger_Entries_AreUnwoundNewestFirstAndRecordedOnce()
    {
        var ledger = new CleanupLedger();
        var server = new ObjectRef("policy.linkerd.io/v1beta3", "Server", "emojivoto", "voting-grpc");
        var pod = new ObjectRef("v1", "Pod", "deepthought-conformance", "p");
        ledger.RecordSetAside(server, Server);
        ledger.RecordCreated(server);
        ledger.RecordCreated(server with { ApiVersion = "policy.linkerd.io/v1beta1" });
        ledger.RecordCreated(pod);
        ledger.TakeForUnwinding().Select(e => e.Description).Should().Equal(
            "delete Pod deepthought-conformance/p", "delete Server emojivoto/voting-grpc", "restore Server emojivoto/voting-grpc as it was");
        ledger.IsEmpty.Should().BeTrue("unwinding takes the record, so a second cleanup undoes nothing twice");
    }

    [Fact]
    public void Labelled_ManifestWithoutLabels_GetsTheHarnessLabelAndLosesServerFields()
    {
        var live = (JsonObject)Server.DeepClone();
        live["metadata"]!["resourceVersion"] = "42";
        live["status"] = new JsonObject();
        var labelled = AcceptanceActions.Labelled(live);
        Str(labelled, "metadata", "labels", "app.kubernetes.io/managed-by").Should().Be("deepthought-conformance");
        Str(labelled, "metadata", "labels", "app").Should().Be("voting-svc");
        labelled["status"].Should().BeNull();
        Str(labelled, "metadata", "resourceVersion").Should().BeEmpty();
        AcceptanceActions.IsOurs(labelled).Should().BeTrue();
        AcceptanceActions.IsOurs(Server).Should().BeFalse();
    }

    private static async Task<Verdict> Judge(ICheck check, LinkerdPolicyObservation policy, IAcceptanceActions? actions = null, RunMode mode = RunMode.Audit)
    {
        var cache = new ObservationCache().Register(_ => Task.FromResult(policy));
        var services = new Dictionary<Type, object>();
        if (actions is not null)
        {
            services[typeof(IAcceptanceActions)] = actions;
        }

        return await check.EvaluateAsync(new CheckContext(Profile, mode, TimeProvider.System, cache, services), CancellationToken.None);
    }

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static string Str(JsonNode n, params string[] path) => Deepthought.Protocols.Formats.JsonFields.Str(n, path);

    /// <summary>Acceptance actions that only answer the probe pod with a scripted result.</summary>
    private sealed class ScriptedActions(ProbePodResult result) : IAcceptanceActions
    {
        public Task<JsonObject?> GetAsync(ObjectRef target, CancellationToken cancellationToken) => Task.FromResult<JsonObject?>(null);

        public Task<JsonObject?> SetAsideAsync(ObjectRef target, JsonObject restoreAs, CancellationToken cancellationToken) => Task.FromResult<JsonObject?>(null);

        public Task<ObjectRef> ApplyAsync(JsonObject manifest, CancellationToken cancellationToken) => Task.FromResult(ObjectRef.Of(manifest));

        public Task<ProbePodResult> RunProbePodAsync(ProbePodRequest request, TimeSpan budget, CancellationToken cancellationToken) => Task.FromResult(result);

        public Task<CleanupReport> CleanupAsync(CancellationToken cancellationToken) => Task.FromResult(new CleanupReport([], [], []));
    }
}
