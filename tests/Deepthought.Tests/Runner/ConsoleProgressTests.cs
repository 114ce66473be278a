using Deepthought.Checks.Model;
using Deepthought.Fixtures.Runs;
using Deepthought.Tests.Reports;

namespace Deepthought.Tests.Runner;

public sealed class ConsoleProgressTests
{
    [Fact]
    public void FormatPhase_FailedAndBlocked_CountsEachAndShowsCross()
    {
        var results = SampleRuns.Current().Results.Where(r => r.Phase == Phase.Storage).ToList();

        ConsoleProgress.FormatPhase(Phase.Storage, results).Should().Be("Storage: × 2 checks — 0 passed, 0 warned, 1 failed, 1 blocked, 0 skipped");
    }

    [Fact]
    public void FormatPhase_WarningOnly_ShowsWarningSymbol()
    {
        var results = SampleRuns.Current().Results.Where(r => r.Phase == Phase.Gateway).ToList();

        ConsoleProgress.FormatPhase(Phase.Gateway, results).Should().StartWith("Gateway: ‼ 1 checks");
    }

    [Fact]
    public void FormatSummary_WithFolder_NamesTheReportFile()
    {
        var line = ConsoleProgress.FormatSummary(SampleRuns.Current().Results, "/r/20250302T060000Z-twin-audit");

        line.Should().Be($"× FAIL: 7 checks — 2 passed, 1 warned, 2 failed, 1 blocked, 1 skipped — report: {Path.Combine("/r/20250302T060000Z-twin-audit", "report.html")}");
    }
}
