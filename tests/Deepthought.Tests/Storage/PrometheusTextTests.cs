using Deepthought.Checks.Probes;
using Deepthought.Protocols.Formats;
using FluentAssertions;
using Xunit;

namespace Deepthought.Tests.Storage;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Parse_MgrExposition_ReadsSamplesHelpAndTypes()
    {
        const string text = """
            # HELP ceph_health_status Cluster health status
            # TYPE ceph_health_status untyped
            ceph_health_status 1.0
            # HELP ceph_osd_up OSD status up
            # TYPE ceph_osd_up untyped
            ceph_osd_up{ceph_daemon="osd.0"} 1.0
            ceph_osd_up{ceph_daemon="osd.1"} 0.0
            # a free comment
            ceph_health_detail{name="OSD_DOWN",severity="HEALTH_WARN"} 1.0

            """;

        var scrape = PrometheusText.Parse(text);

        scrape.Samples.Should().HaveCount(4);
        scrape.Find("ceph_health_status")!.Value.Should().Be(1);
        scrape.Find("ceph_health_status")!.Labels.Should().BeEmpty();
        scrape.Find("ceph_osd_up", ("ceph_daemon", "osd.1"))!.Value.Should().Be(0);
        scrape.Find("ceph_health_detail", ("name", "OSD_DOWN"))!.Label("severity").Should().Be("HEALTH_WARN");
        scrape.Help["ceph_osd_up"].Should().Be("OSD status up");
        scrape.Types["ceph_health_status"].Should().Be("untyped");
    }

    [Fact]
    public void Parse_EscapesSpecialValuesAndTimestamps_AreDecoded()
    {
        const string text = "# HELP m a \\\\ b\\nc\n" +
            "m{path=\"C:\\\\dir\",quote=\"say \\\"hi\\\"\",nl=\"a\\nb\",empty=\"\"} NaN\n" +
            "m{x=\"1\",} +Inf 1700000000000\n" +
            "m_total -Inf\n" +
            "m2{a=\"b\"}   3.5e2  \r\n";

        var scrape = PrometheusText.Parse(text);

        var first = scrape.Samples[0];
        first.Label("path").Should().Be("C:\\dir");
        first.Label("quote").Should().Be("say \"hi\"");
        first.Label("nl").Should().Be("a\nb");
        first.Label("empty").Should().Be("");
        double.IsNaN(first.Value).Should().BeTrue();
        scrape.Samples[1].Value.Should().Be(double.PositiveInfinity);
        scrape.Samples[1].TimestampMs.Should().Be(1700000000000);
        scrape.Samples[2].Value.Should().Be(double.NegativeInfinity);
        scrape.Samples[3].Value.Should().Be(350);
        scrape.Help["m"].Should().Be("a \\ b\nc");
    }

    [Theory]
    [InlineData("m{a=\"b\" 1", "line 1")]
    [InlineData("ok 1\nm{a=b} 1", "line 2")]
    [InlineData("m{a=\"b\"}", "expected a value")]
    [InlineData("m one", "'one' is not a sample value")]
    [InlineData("{a=\"b\"} 1", "expected a metric name")]
    public void Parse_Malformed_NamesTheLine(string text, string message)
    {
        var parse = () => PrometheusText.Parse(text);
        parse.Should().Throw<FormatException>().Which.Message.Should().Contain(message);
    }
}
