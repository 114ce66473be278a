using System.Xml.Linq;
using Deepthought.Fixtures.Reports;

namespace Deepthought.Tests.Reports;

public sealed class JunitReportTests
{
    private readonly XDocument _junit = JunitReport.Build(SampleRuns.Current());

    [Fact]
    public void Build_EveryCheck_IsOneTestcaseWithPhaseAsClassname()
    {
        var cases = _junit.Descendants("testcase").ToList();

        cases.Should().HaveCount(7);
        cases.Select(c => (string)c.Attribute("classname")!).Distinct().Should().Equal("Talos", "Storage", "Mesh", "Gateway");
        _junit.Descendants("testsuite").Select(s => (string)s.Attribute("name")!).Should().Equal("Talos", "Storage", "Mesh", "Gateway");
        _junit.Root!.Attribute("failures")!.Value.Should().Be("2");
        _junit.Root!.Attribute("skipped")!.Value.Should().Be("2");
    }

    [Fact]
    public void Build_FailedCheck_FailureSaysExpectedObservedAndHint()
    {
        var failure = Case("talos.node-os-image").Element("failure")!;

        ((string)failure.Attribute("message")!).Should()
            .Contain("expected osImage \"Talos (v1.11.1)\", got \"Talos (v1.10.2)\"").And.Contain("hint: talosctl -n 192.168.1.34 version");
        failure.Value.Should().Contain("node worker-2: expected Talos (v1.11.1), observed Talos (v1.10.2)");
    }

    [Fact]
    public void Build_SkippedAndBlocked_AreSkippedWithTheirReasons()
    {
        ((string)Case("mesh.viz-installed").Element("skipped")!.Attribute("message")!).Should().Be("runs in acceptance mode only; this run is audit");
        ((string)Case("storage.ceph-health").Element("skipped")!.Attribute("message")!).Should().StartWith("blocked by storage.osds-up:");
    }

    private XElement Case(string id) => _junit.Descendants("testcase").Single(c => ((string)c.Attribute("name")!).StartsWith(id + ":", StringComparison.Ordinal));
}
