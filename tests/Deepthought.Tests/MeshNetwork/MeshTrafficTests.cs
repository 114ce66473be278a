using Deepthought.Protocols.Formats;
using Deepthought.Twin.Emojivoto;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Mesh;
using Grpc.Core;
using Grpc.Net.Client;
using ChecksV1 = Deepthought.Protos.Emojivoto;

namespace Deepthought.Tests.MeshNetwork;

/// <summary>Traffic through the twin's mesh and what the proxies' metrics say about it (parsed by label set).</summary>
public sealed class MeshTrafficTests
{
    private const string WebId = "web.emojivoto.serviceaccount.identity.linkerd.cluster.local";
    private const string VotingId = "voting.emojivoto.serviceaccount.identity.linkerd.cluster.local";

    [Fact]
    public async Task ProxyMetrics_Healthy_WebToVotingIsMtlsWithBothIdentities()
    {
        await using var twin = await MeshTwin.StartAsync();
        twin.Workloads.Bot.Pause();
        await twin.Workloads.Bot.GenerateTrafficAsync(3, CancellationToken.None);

        var voting = await twin.ScrapeAsync("voting");
        var web = await twin.ScrapeAsync("web");

        voting.Sum("request_total", ("direction", "inbound"), ("tls", "true"), ("client_id", WebId), ("target_port", "8080")).Should().BeGreaterThan(0);
        web.Sum("request_total", ("direction", "outbound"), ("dst_deployment", "voting"), ("dst_namespace", "emojivoto"), ("tls", "true"), ("server_id", VotingId)).Should().BeGreaterThan(0);
        web.Sum("tcp_open_total", ("direction", "outbound"), ("peer", "dst"), ("dst_deployment", "emoji"), ("tls", "true"), ("server_id", "emoji.emojivoto.serviceaccount.identity.linkerd.cluster.local")).Should().BeGreaterThan(0);
        web.Where(s => s.Name.StartsWith("tcp_open", StringComparison.Ordinal) && s.Label("direction") == "outbound" && s.Label("dst_namespace") == "emojivoto")
            .Should().OnlyContain(s => s.Label("tls") == "true" && s.Label("server_id").Length > 0 && s.Label("no_tls_reason") == "");
        var bot = await twin.ScrapeAsync("vote-bot");
        bot.Sum("request_total", ("direction", "outbound"), ("dst_service", "web-svc"), ("tls", "true"), ("server_id", WebId)).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task ProxyMetrics_Text_HasHelpAndTypeAndCountsOnlyRealRequests()
    {
        await using var twin = await MeshTwin.StartAsync();
        twin.Workloads.Bot.Pause();
        var labels = new[] { ("direction", "inbound"), ("tls", "true"), ("client_id", "default.emojivoto.serviceaccount.identity.linkerd.cluster.local") };
        var before = (await twin.ScrapeAsync("web")).Sum("request_total", labels);

        var rounds = await twin.Workloads.Bot.GenerateTrafficAsync(5, CancellationToken.None);
        var text = await twin.ScrapeTextAsync(twin.Pod("web").Pod);
        var after = Deepthought.Protocols.Formats.PrometheusText.Parse(text);

        text.Should().Contain("# HELP request_total ").And.Contain("# TYPE request_total counter").And.Contain("# TYPE response_latency_ms histogram");
        after.Sum("request_total", labels).Should().Be(before + 10, "each vote-bot round is a list and a vote through web's inbound proxy");
        var doughnuts = rounds.Count(r => r.Choice == EmojiCatalog.Doughnut);
        after.Sum("response_total", ("direction", "inbound"), ("classification", "failure"), ("status_code", "500"))
            .Should().BeGreaterThanOrEqualTo(doughnuts).And.BeGreaterThan(0, "round 3 of the warm-up voted :doughnut:");
        var voting = await twin.ScrapeAsync("voting");
        voting.Sum("response_total", ("direction", "inbound"), ("grpc_status", "2"), ("classification", "failure")).Should().BeGreaterThan(0, "VoteDoughnut answers code Unknown");
    }

    [Fact]
    public async Task TwinNetwork_GrpcWithHarnessClientTypes_ReachesVotingThroughTheMesh()
    {
        await using var twin = await MeshTwin.StartAsync();
        using var http = twin.Client(new WorkloadIdentity("emojivoto", twin.Pod("web").Pod, "web", Meshed: true));
        using var channel = GrpcChannel.ForAddress("http://voting-svc.emojivoto:8080", new GrpcChannelOptions { HttpClient = http });
        var client = new ChecksV1.VotingService.VotingServiceClient(channel);

        await client.VoteDogAsync(new ChecksV1.VoteRequest());
        var results = await client.ResultsAsync(new ChecksV1.ResultsRequest());
        var doughnut = async () => await client.VoteDoughnutAsync(new ChecksV1.VoteRequest());

        results.Results.Should().Contain(r => r.Shortcode == ":dog:" && r.Votes >= 1);
        (await doughnut.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unknown);
    }

    [Fact]
    public async Task ProxyMetrics_UnmeshedCaller_WebInboundIsNoIdentityNotProvidedByRemote()
    {
        await using var twin = await MeshTwin.StartAsync();
        using var outside = twin.Client();

        (await outside.GetAsync(new Uri("http://web-svc.emojivoto/api/list"))).EnsureSuccessStatusCode();
        var web = await twin.ScrapeAsync("web");

        web.Sum("request_total", ("direction", "inbound"), ("tls", "no_identity"), ("no_tls_reason", "not_provided_by_remote"), ("target_port", "8080")).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task ProxyMetrics_PlaintextEdgeScenario_WebToVotingHasNoIdentityWhilePodsLookMeshed()
    {
        await using var twin = await MeshTwin.StartAsync(MeshLayer.PlaintextEdgeScenario);
        twin.Workloads.Bot.Pause();
        await twin.Workloads.Bot.GenerateTrafficAsync(2, CancellationToken.None);

        var voting = await twin.ScrapeAsync("voting");
        var web = await twin.ScrapeAsync("web");

        twin.Context.Store.Get("v1", "Pod", "emojivoto", twin.Pod("voting").Pod)!["spec"]!["containers"]!.AsArray()
            .Should().Contain(c => (string?)c!["name"] == "linkerd-proxy", "the pods still look meshed");
        voting.Sum("request_total", ("direction", "inbound"), ("tls", "no_identity"), ("no_tls_reason", "not_provided_by_remote"), ("target_port", "8080")).Should().BeGreaterThan(0);
        voting.Sum("request_total", ("direction", "inbound"), ("client_id", WebId)).Should().Be(0);
        web.Sum("request_total", ("direction", "outbound"), ("dst_deployment", "voting"), ("tls", "no_identity"), ("no_tls_reason", "not_provided_by_service_discovery")).Should().BeGreaterThan(0);
        web.Sum("request_total", ("direction", "outbound"), ("dst_deployment", "emoji"), ("tls", "true")).Should().BeGreaterThan(0, "only web→voting is plaintext");
    }

    [Fact]
    public async Task ProxyMetrics_UnmeshedPodScenario_VotingHasNoAdminPortAndWebSendsPlaintext()
    {
        await using var twin = await MeshTwin.StartAsync(EmojivotoSeeder.UnmeshedScenario);
        twin.Workloads.Bot.Pause();
        var rounds = await twin.Workloads.Bot.GenerateTrafficAsync(3, CancellationToken.None);

        var web = await twin.ScrapeAsync("web");

        twin.Pod("voting").Meshed.Should().BeFalse();
        twin.Context.Proxies.Find("pods", "emojivoto", twin.Pod("voting").Pod, "4191").Should().BeNull("an unmeshed pod has no proxy admin port");
        rounds.Where(r => r.Choice != EmojiCatalog.Doughnut).Should().OnlyContain(r => r.Status == 200, "the app works unmeshed");
        web.Sum("request_total", ("direction", "outbound"), ("dst_deployment", "voting"), ("tls", "no_identity"), ("no_tls_reason", "not_provided_by_service_discovery")).Should().BeGreaterThan(0);
        web.Sum("request_total", ("direction", "outbound"), ("dst_deployment", "voting"), ("tls", "true")).Should().Be(0);
    }
}
