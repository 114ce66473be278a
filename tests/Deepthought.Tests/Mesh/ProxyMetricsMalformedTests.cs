using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Protocols.Formats;
using Deepthought.Twin.Mesh;

namespace Deepthought.Tests.Mesh;

/// <summary>A proxy that serves a line that is not Prometheus text yields a failed verdict naming the pod and the raw line, never a crash.</summary>
public sealed class ProxyMetricsMalformedTests
{
    [Fact]
    public void Parser_MalformedLine_NamesTheLineAndTheRawText()
    {
        var act = () => PrometheusText.Parse("# TYPE x counter\nx 1\n" + MeshLayer.MalformedMetricsLine + "\n");
        act.Should().Throw<FormatException>().WithMessage($"line 3: *: {MeshLayer.MalformedMetricsLine}");
    }

    [Fact]
    public async Task Twin_MalformedProxyMetrics_MtlsEdgesFailsNamingPodAndLine()
    {
        await using var world = await MeshWorld.StartAsync(MeshLayer.MalformedMetricsScenario);

        var verdict = await world.VerdictAsync("mesh.mtls-edges");

        verdict.Outcome.Should().Be(Outcome.Fail, verdict.Message);
        verdict.Message.Should().MatchRegex(@"pod emojivoto/voting-[^:]+:4191/metrics: expected proxy metrics in Prometheus text format, got unparseable line \d+: ");
        verdict.Message.Should().Contain(MeshLayer.MalformedMetricsLine);
    }
}
