using System.Net;
using System.Text.Json.Nodes;

namespace Deepthought.Tests.MeshNetwork;

/// <summary>emojivoto web v11 behaviour, reached through web-svc from outside the mesh (as the gateway's Envoy does).</summary>
public sealed class WebApiTests : IAsyncLifetime
{
    private MeshTwin _twin = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _twin = await MeshTwin.StartAsync();
        _twin.Workloads.Bot.Pause();
        _http = _twin.Client();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _twin.DisposeAsync();
    }

    [Fact]
    public async Task WebApi_List_ReturnsTheHundredEmojisAsJson()
    {
        using var response = await _http.GetAsync(new Uri("http://web-svc.emojivoto:80/api/list"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("application/json; charset=UTF-8");
        var list = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        list.Should().HaveCount(100);
        list.Should().ContainSingle(e => (string?)e!["shortcode"] == ":joy:" && (string?)e["unicode"] == "😂");
    }

    [Fact]
    public async Task WebApi_VoteThenLeaderboard_CountsTheVoteAsAString()
    {
        using var vote1 = await _http.GetAsync(new Uri("http://web-svc.emojivoto/api/vote?choice=%3Apizza%3A"));
        using var vote2 = await _http.GetAsync(new Uri("http://web-svc.emojivoto.svc.cluster.local/api/vote?choice=:pizza:"));
        using var board = await _http.GetAsync(new Uri("http://web-svc.emojivoto/api/leaderboard"));

        vote1.StatusCode.Should().Be(HttpStatusCode.OK);
        (await vote1.Content.ReadAsStringAsync()).Should().BeEmpty();
        vote2.StatusCode.Should().Be(HttpStatusCode.OK);
        var entries = JsonNode.Parse(await board.Content.ReadAsStringAsync())!.AsArray();
        var pizza = entries.Single(e => (string?)e!["shortcode"] == ":pizza:")!;
        pizza["votes"]!.GetValue<string>().Should().Be("2", "the warm-up votes never chose pizza and votes is a string upstream");
        pizza["unicode"]!.GetValue<string>().Should().Be("🍕");
        entries[0]!["shortcode"]!.GetValue<string>().Should().Be(":pizza:", "the leaderboard is sorted by votes");
    }

    [Fact]
    public async Task WebApi_VoteDoughnut_Fails500AsInV11()
    {
        using var response = await _http.GetAsync(new Uri("http://web-svc.emojivoto/api/vote?choice=:doughnut:"));

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).Should().Be("{\"error\":\"rpc error: code = Unknown desc = ERROR\"}");
    }

    [Theory]
    [InlineData("/api/vote", "{\"error\":\"Emoji choice [] is mandatory\"}")]
    [InlineData("/api/vote?choice=:nope:", "{\"error\":\"Choosen emoji shortcode [:nope:] doesnt exist\"}")]
    public async Task WebApi_VoteBadChoice_Answers400WithUpstreamMessage(string path, string body)
    {
        using var response = await _http.GetAsync(new Uri($"http://web-svc.emojivoto{path}"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Be(body);
    }

    [Fact]
    public async Task WebApi_Index_IsTheEmojiVotePage()
    {
        var html = await _http.GetStringAsync(new Uri("http://web-svc.emojivoto/"));

        html.Should().Contain("<title>Emoji Vote</title>");
    }

    [Fact]
    public async Task TwinNetwork_UnknownService_FailsLikeDns()
    {
        var act = () => _http.GetAsync(new Uri("http://nothing-svc.emojivoto/"));

        (await act.Should().ThrowAsync<HttpRequestException>()).Which.Message.Should().Contain("no endpoints for nothing-svc.emojivoto").And.Contain("web-svc.emojivoto:80");
    }
}
