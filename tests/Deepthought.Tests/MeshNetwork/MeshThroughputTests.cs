using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Mesh;
using Grpc.Core;
using Xunit.Abstractions;

namespace Deepthought.Tests.MeshNetwork;

/// <summary>Measures (does not gate) requests per second through the mesh: policy, metrics and both proxies on the path.</summary>
public sealed class MeshThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Mesh_ManyCalls_AllCountedAndRateReported()
    {
        await using var twin = await MeshTwin.StartAsync();
        twin.Workloads.Bot.Pause();
        var probe = new WorkloadIdentity("emojivoto", twin.Pod("web").Pod, "web", Meshed: true);
        using var http = twin.Client();
        const int grpcCalls = 400;
        const int webCalls = 200;

        var sw = Clock.StartTimer(TimeProvider.System);
        await Parallel.ForAsync(0, grpcCalls, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
            (await MeshGrpcProbe.CallAsync(twin.Mesh, probe, new Uri("http://voting-svc.emojivoto:8080"), "emojivoto.v1.VotingService/VoteDog", TimeSpan.FromSeconds(10), ct)).Status.Should().Be(StatusCode.OK));
        var grpcRate = grpcCalls / sw.Elapsed.TotalSeconds;
        sw.Restart();
        await Parallel.ForAsync(0, webCalls, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
            (await http.GetAsync(new Uri("http://web-svc.emojivoto/api/vote?choice=:dog:"), ct)).EnsureSuccessStatusCode());
        var webRate = webCalls / sw.Elapsed.TotalSeconds;
        output.WriteLine($"gRPC VoteDog through the mesh: {grpcRate:0} req/s; web /api/vote (HTTP + 2 gRPC hops): {webRate:0} req/s");

        twin.Workloads.Votes.Votes(":dog:").Should().Be(grpcCalls + webCalls);
        (await twin.ScrapeAsync("voting")).Sum("request_total", ("direction", "inbound"), ("client_id", "web.emojivoto.serviceaccount.identity.linkerd.cluster.local"))
            .Should().BeGreaterThanOrEqualTo(grpcCalls + webCalls);
    }
}
