using Deepthought.Fixtures.Reports;

namespace Deepthought.Tests.Reports;

public sealed class ReportWriterTests
{
    [Fact]
    public void Write_Run_WritesThreeFilesAndLatestCopy()
    {
        using var root = new TempFolder();

        var dir = ReportWriter.Write(SampleRuns.Current(), root.Path);

        Path.GetFileName(dir).Should().Be("20250302T060000Z-twin-audit");
        foreach (var file in new[] { "junit.xml", "results.json", "report.html" })
        {
            File.Exists(Path.Combine(dir, file)).Should().BeTrue(file);
            File.ReadAllText(Path.Combine(root.Path, "latest", file)).Should().Be(File.ReadAllText(Path.Combine(dir, file)));
        }

        File.ReadAllText(Path.Combine(root.Path, "latest", "RUN")).Trim().Should().Be("20250302T060000Z-twin-audit");
    }

    [Fact]
    public void WriteWithChanges_EarlierRunOfSameTargetAndProfile_IsComparedAndOtherProfilesIgnored()
    {
        using var root = new TempFolder();
        ReportWriter.Write(SampleRuns.Previous(), root.Path);
        var other = SampleRuns.Report(SampleRuns.PreviousStart.AddHours(1), [], [SampleRuns.Result(SampleRuns.Api, Checks.Model.Verdict.Pass("ok"))], profile: "homelab-2");
        ReportWriter.Write(other, root.Path);

        var (_, _, changes) = ReportWriter.WriteWithChanges(SampleRuns.Current(), root.Path);

        changes.Should().NotBeNull();
        changes!.PreviousRun.Should().Be("20250301T060000Z-twin-audit");
        changes.NewFailures.Select(c => c.Id).Should().Equal("talos.node-os-image");
    }

    [Fact]
    public void WriteWithChanges_NoEarlierRun_HasNoChanges()
    {
        using var root = new TempFolder();

        var (_, _, changes) = ReportWriter.WriteWithChanges(SampleRuns.Current(), root.Path);

        changes.Should().BeNull();
    }

    [Fact]
    public void WriteConfigurationError_AfterARun_LatestHoldsOnlyTheMarkerAndRunFolderStays()
    {
        using var root = new TempFolder();
        var dir = ReportWriter.Write(SampleRuns.Current(), root.Path);

        var marker = ReportWriter.WriteConfigurationError(root.Path, "profiles/x.yaml:3:1: unknown key 'nodez' — fix it");

        File.ReadAllText(marker).Trim().Should().Be("profiles/x.yaml:3:1: unknown key 'nodez' — fix it");
        Directory.GetFiles(Path.Combine(root.Path, "latest")).Select(Path.GetFileName).Should().Equal("CONFIGURATION-ERROR");
        File.Exists(Path.Combine(dir, "results.json")).Should().BeTrue();
        ReportWriter.Write(SampleRuns.Current(), root.Path);
        File.Exists(marker).Should().BeFalse("a later run clears the marker");
    }
}
