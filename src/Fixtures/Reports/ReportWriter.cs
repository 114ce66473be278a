using System.Globalization;

namespace Deepthought.Fixtures.Reports;

/// <summary>Writes a run's reports under reports/&lt;UTC timestamp&gt;-&lt;target&gt;-&lt;mode&gt;/ and refreshes reports/latest.</summary>
public static class ReportWriter
{
    public static string Write(RunReport report, string reportsRoot)
    {
        var stamp = report.Metadata.Started.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var dir = Path.Combine(reportsRoot, $"{stamp}-{report.Metadata.Target}-{report.Metadata.Mode}");
        for (var i = 2; Directory.Exists(dir); i++)
        {
            dir = Path.Combine(reportsRoot, $"{stamp}-{report.Metadata.Target}-{report.Metadata.Mode}-{i}");
        }

        Directory.CreateDirectory(dir);
        JunitReport.Build(report).Save(Path.Combine(dir, "junit.xml"));
        RefreshLatest(reportsRoot, dir);
        return dir;
    }

    /// <summary>reports/latest is a copy (works on Linux and Windows alike, no link privileges needed).</summary>
    private static void RefreshLatest(string reportsRoot, string runDirectory)
    {
        var latest = Path.Combine(reportsRoot, "latest");
        if (Directory.Exists(latest))
        {
            Directory.Delete(latest, recursive: true);
        }

        Directory.CreateDirectory(latest);
        foreach (var file in Directory.GetFiles(runDirectory))
        {
            File.Copy(file, Path.Combine(latest, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(latest, "RUN"), Path.GetFileName(runDirectory) + "\n");
    }
}
