using Deepthought.Checks.Model;

namespace Deepthought.Tests.Mesh;

/// <summary>mesh.mtls-edges on hand-written linkerd2-proxy metrics (label order varies like across proxy versions).</summary>
public sealed class MtlsEdgesCheckTests
{
    private const string Id = "mesh.mtls-edges";
    private const string WebId = "web.emojivoto.serviceaccount.identity.linkerd.cluster.local";
    private const string VotingId = "voting.emojivoto.serviceaccount.identity.linkerd.cluster.local";
    private const string EmojiId = "emoji.emojivoto.serviceaccount.identity.linkerd.cluster.local";

    private static string Outbound(string dst, string tls) =>
        $"request_total{{direction=\"outbound\",authority=\"{dst}-svc.emojivoto:8080\",target_addr=\"10.244.1.7:8080\",{tls},dst_namespace=\"emojivoto\",dst_deployment=\"{dst}\",dst_serviceaccount=\"{dst}\"}}";

    private static string Inbound(string tls) =>
        $"request_total{{{tls},direction=\"inbound\",target_addr=\"0.0.0.0:8080\",srv_kind=\"default\",srv_name=\"all-unauthenticated\"}}";

    private static EmojivotoPods Healthy()
    {
        var world = EmojivotoPods.Meshed();
        world.Metrics[world.Pod("web").Metadata.Name] = (200, $"""
            # HELP request_total Total count of HTTP requests.
            # TYPE request_total counter
            {Outbound("voting", $"tls=\"true\",server_id=\"{VotingId}\"")} 42
            {Outbound("emoji", $"server_id=\"{EmojiId}\",tls=\"true\"")} 117
            {Inbound("tls=\"true\",client_id=\"\"")} 12
            """);
        world.Metrics[world.Pod("voting").Metadata.Name] = (200, $"{Inbound($"client_id=\"{WebId}\",tls=\"true\"")} 42\n");
        world.Metrics[world.Pod("emoji").Metadata.Name] = (200, $"{Inbound($"tls=\"true\",client_id=\"{WebId}\"")} 117\n");
        return world;
    }

    [Fact]
    public async Task Edges_MtlsBothWays_Pass()
    {
        var verdict = await Healthy().JudgeAsync(Id);
        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
        verdict.Evidence.Select(e => e.ToString()).Should().BeEquivalentTo(
        [
            $"edge web→voting (emojivoto): expected mTLS with the expected identities, got 42 inbound requests from {WebId}, 42 outbound to {VotingId}, no plaintext series",
            $"edge web→emoji (emojivoto): expected mTLS with the expected identities, got 117 inbound requests from {WebId}, 117 outbound to {EmojiId}, no plaintext series",
        ]);
    }

    [Fact]
    public async Task Edges_PlaintextWebToVoting_FailsNamingTheEdgeAndReason()
    {
        var world = Healthy();
        var web = world.Pod("web").Metadata.Name;
        var voting = world.Pod("voting").Metadata.Name;
        world.Metrics[web] = (200, world.Metrics[web].Body + $"\n{Outbound("voting", "tls=\"no_identity\",no_tls_reason=\"not_provided_by_service_discovery\"")} 5\n");
        world.Metrics[voting] = (200, world.Metrics[voting].Body + $"\n{Inbound("tls=\"no_identity\",no_tls_reason=\"not_provided_by_remote\"")} 5\n");
        var verdict = await world.JudgeAsync(Id);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().StartWith("edge web→voting (emojivoto): expected mTLS:");
        verdict.Message.Should().Contain($"got plaintext traffic: {web} outbound request_total{{tls=\"no_identity\",no_tls_reason=\"not_provided_by_service_discovery\"}} = 5; {voting} inbound request_total{{tls=\"no_identity\",no_tls_reason=\"not_provided_by_remote\"}} = 5");
        verdict.Message.Should().NotContain("web→emoji", "only the plaintext edge fails");
    }

    [Fact]
    public async Task Edges_OnlyPlaintext_FailsWithWhatWasSeenInstead()
    {
        var world = EmojivotoPods.Meshed();
        world.Metrics[world.Pod("web").Metadata.Name] = (200, $"{Outbound("voting", "tls=\"no_identity\",no_tls_reason=\"not_provided_by_service_discovery\"")} 9\n{Outbound("emoji", $"tls=\"true\",server_id=\"{EmojiId}\"")} 3\n");
        world.Metrics[world.Pod("voting").Metadata.Name] = (200, $"{Inbound("tls=\"no_identity\",no_tls_reason=\"not_provided_by_remote\"")} 9\n");
        world.Metrics[world.Pod("emoji").Metadata.Name] = (200, $"{Inbound($"tls=\"true\",client_id=\"{WebId}\"")} 3\n");
        var verdict = await world.JudgeAsync(Id);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain($"no inbound mTLS requests from {WebId} on voting pods (saw tls=no_identity,client_id=,no_tls_reason=not_provided_by_remote)");
        verdict.Message.Should().Contain($"no outbound mTLS requests to {VotingId} from web pods (saw tls=no_identity,server_id=,no_tls_reason=not_provided_by_service_discovery)");
    }

    [Fact]
    public async Task Edges_IdentityOnlyInCommentsOrAsLongerName_DoesNotCount()
    {
        var world = Healthy();
        var voting = world.Pod("voting").Metadata.Name;
        // A substring match would find the web identity in the HELP text and in a longer client_id; a label-set match must not.
        world.Metrics[voting] = (200, $"""
            # HELP request_total client_id="{WebId}" tls="true" direction="inbound"
            {Inbound($"tls=\"true\",client_id=\"{WebId}.evil\"")} 42
            {Inbound($"tls=\"true\",client_id=\"{WebId}\"").Replace("direction=\"inbound\"", "direction=\"outbound\"", StringComparison.Ordinal)} 8
            """);
        var verdict = await world.JudgeAsync(Id);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain($"edge web→voting (emojivoto): expected mTLS").And.Contain($"no inbound mTLS requests from {WebId} on voting pods (saw tls=true,client_id={WebId}.evil)");
    }

    [Fact]
    public async Task Edges_ServerIdentityOfAnotherServiceAccount_Fails()
    {
        var world = Healthy();
        world.Pod("voting").Spec.ServiceAccountName = "voting-v2";
        var verdict = await world.JudgeAsync(Id);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("no outbound mTLS requests to voting-v2.emojivoto.serviceaccount.identity.linkerd.cluster.local from web pods");
    }

    [Fact]
    public async Task Edges_AdminPortDeniedByPolicy_FailsWithTheLikelyCause()
    {
        var world = Healthy();
        var voting = world.Pod("voting").Metadata.Name;
        world.Metrics[voting] = (403, "unauthorized request on route");
        var verdict = await world.JudgeAsync(Id);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain($"edge web→voting (emojivoto): pod emojivoto/{voting}:4191/metrics: expected proxy metrics (HTTP 200), got HTTP 403: unauthorized request on route — Linkerd policy denies the API server on linkerd-admin");
    }

    [Fact]
    public async Task Edges_UnmeshedServerPod_FailsOnItsAdminPort()
    {
        var world = Healthy();
        world.Metrics.Remove(world.Pod("emoji").Metadata.Name);
        var verdict = await world.JudgeAsync(Id);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("got HTTP 503: from the API server: error trying to reach service: dial tcp 10.244.1.9:4191: connect: connection refused");
    }

    [Fact]
    public async Task Edges_ServerDeploymentMissing_Fails()
    {
        var world = Healthy();
        world.Deployments.RemoveAll(d => d.Metadata.Name == "emoji");
        var verdict = await world.JudgeAsync(Id);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be("edge web→emoji (emojivoto): expected deployment emojivoto/emoji, got absent");
    }
}
