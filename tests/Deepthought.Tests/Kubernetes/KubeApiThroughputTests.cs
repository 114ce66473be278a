using System.Diagnostics;
using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Tests.Support;
using Deepthought.Twin.Hosting;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;
using k8s;

namespace Deepthought.Tests.Kubernetes;

/// <summary>
/// Measures (and prints) the twin API's LIST throughput on loopback and the twin's start time. The numbers are
/// reported, not asserted: timing budgets belong to benchmarks, not to tests that run on shared machines.
/// </summary>
[Collection(KubeTwinCollection.Name)]
public sealed class KubeApiThroughputTests(KubeTwinFixture twin, ITestOutputHelper output)
{
    [Fact]
    public async Task ListNodes_OnLoopback_AnswersEveryRequest()
    {
        const int sequential = 500;
        const int parallel = 8;
        await twin.Auditor.CoreV1.ListNodeAsync(); // connection and JIT warm-up

        var clock = Clock.StartTimer(TimeProvider.System);
        var ok = 0;
        for (var i = 0; i < sequential; i++)
        {
            ok += (await twin.Auditor.CoreV1.ListNodeAsync()).Items.Count > 0 ? 1 : 0;
        }

        var sequentialRate = sequential / clock.Elapsed.TotalSeconds;
        clock.Restart();
        var counts = await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            var n = 0;
            for (var i = 0; i < sequential / parallel; i++)
            {
                n += (await twin.Auditor.CoreV1.ListNodeAsync()).Items.Count > 0 ? 1 : 0;
            }

            return n;
        }));
        var parallelRate = counts.Sum() / clock.Elapsed.TotalSeconds;

        output.WriteLine($"LIST nodes, KubernetesClient, sequential requests: {sequentialRate:0} requests/s ({1000 / sequentialRate:0.00} ms each)");
        output.WriteLine($"LIST nodes, {parallel} concurrent callers: {parallelRate:0} requests/s");
        var lists = twin.Log.Entries.Where(e => e.Verb == "list" && e.Resource == "nodes").Select(e => e.Duration.TotalMilliseconds).Order().ToList();
        output.WriteLine($"server-side time per LIST nodes: median {lists[lists.Count / 2]:0.000} ms, p99 {lists[lists.Count * 99 / 100]:0.000} ms");
        output.WriteLine($"twin start (first in this test process, incl. JIT): {twin.StartTime.TotalMilliseconds:0} ms");
        ok.Should().Be(sequential);
        counts.Sum().Should().Be(sequential / parallel * parallel);
    }

    [Fact]
    public async Task TwinStart_Warm_IsMeasured()
    {
        var clock = Clock.StartTimer(TimeProvider.System);
        await using var second = await TestWorld.StartAsync();
        var started = clock.Elapsed;
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(second.KubeconfigPath, currentContext: "auditor@deepthought"));
        var nodes = await client.CoreV1.ListNodeAsync();
        var firstAnswer = clock.Elapsed;

        output.WriteLine($"twin start (warm): {started.TotalMilliseconds:0} ms; first LIST answered after {firstAnswer.TotalMilliseconds:0} ms");
        nodes.Items.Should().NotBeEmpty();
    }
}
