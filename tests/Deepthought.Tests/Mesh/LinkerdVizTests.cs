using System.Net;
using Deepthought.Checks.Model;

namespace Deepthought.Tests.Mesh;

/// <summary>mesh.linkerd-viz against the twin's dashboard and against what a real dashboard answers through a proxy.</summary>
public sealed class LinkerdVizTests
{
    private const string Id = "mesh.linkerd-viz";

    [Fact]
    public async Task Viz_TwinDashboard_AnswersThroughTheServiceProxy()
    {
        await using var world = await MeshWorld.StartAsync();
        var verdict = await world.VerdictAsync(Id);
        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
        verdict.Evidence.Should().Contain(e => e.Subject == "dashboard /api/v1/namespaces/linkerd-viz/services/web:8084/proxy/" && e.Observed == "HTTP 200");
        verdict.Evidence.Select(e => e.Subject).Should().Contain(["deployment linkerd-viz/metrics-api", "deployment linkerd-viz/web", "helm release linkerd-viz/linkerd-viz"]);
    }

    [Fact]
    public async Task VizDashboard_ForeignHost_IsRejectedLikeTheRealOne()
    {
        await using var world = await MeshWorld.StartAsync();
        var uri = world.Twin.Context.Proxies.Find("services", "linkerd-viz", "web", "http")!;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Host = "192.168.1.32:6443";
        using var response = await http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("with a host of '192.168.1.32:6443'").And.Contain("https://linkerd.io/dns-rebinding");
    }

    [Fact]
    public async Task Viz_DashboardRejectingTheProxiedHost_StillCountsAsAnswering()
    {
        await using var world = await MeshWorld.StartAsync();
        var real = world.Twin.Context.Proxies.Find("services", "linkerd-viz", "web", "8084")!;
        // Point the proxy at a listener that forwards with a foreign Host, as the API server's proxy does to the real pod.
        await using var relay = await HostRewritingRelay.StartAsync(real, "10.244.1.23:8084");
        world.Twin.Context.Proxies.Register("services", "linkerd-viz", "web", "8084", relay.Address);

        var verdict = await world.VerdictAsync(Id);
        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
        verdict.Evidence.Should().Contain(e => e.Observed.StartsWith("HTTP 400 from the dashboard's Host check (it answers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Viz_NoEndpoints_FailsWithTheProxyAnswer()
    {
        await using var world = await MeshWorld.StartAsync();
        world.Twin.Context.Proxies.Unregister("services", "linkerd-viz", "web", "8084");
        world.Twin.Context.Proxies.Unregister("services", "linkerd-viz", "web", "http");
        var verdict = await world.VerdictAsync(Id);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be("dashboard /api/v1/namespaces/linkerd-viz/services/web:8084/proxy/: expected an answer from the viz dashboard, got HTTP 503: from the API server: no endpoints available for service \"web:8084\"");
    }
}
