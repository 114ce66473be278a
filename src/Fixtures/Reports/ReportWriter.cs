using System.Globalization;
using System.Text;

namespace Deepthought.Fixtures.Reports;

/// <summary>
/// Writes a run's reports under reports/&lt;UTC timestamp&gt;-&lt;target&gt;-&lt;mode&gt;/ (junit.xml, results.json, report.html)
/// and refreshes reports/latest. Every file is rendered from the redacted results document and passed through the
/// redactor once more as text.
/// </summary>
public static class ReportWriter
{
    public const string LatestFolder = "latest";
    public const string ConfigurationErrorFile = "CONFIGURATION-ERROR";
    public const string HtmlFile = "report.html";
    public const string JunitFile = "junit.xml";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the reports and returns the run's folder.</summary>
    public static string Write(RunReport report, string reportsRoot) => WriteWithChanges(report, reportsRoot).Folder;

    /// <summary>Writes the reports and also returns what changed since the previous run (null: no previous run).</summary>
    public static (string Folder, ResultsDocument Document, RunChanges? Changes) WriteWithChanges(RunReport report, string reportsRoot, string? previousResults = null)
    {
        var document = ResultsDocumentBuilder.Build(report);
        var stamp = report.Metadata.Started.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var name = $"{stamp}-{Safe(report.Metadata.Target)}-{Safe(report.Metadata.Mode)}";
        var dir = Path.Combine(reportsRoot, name);
        for (var i = 2; Directory.Exists(dir); i++)
        {
            dir = Path.Combine(reportsRoot, $"{name}-{i}");
        }

        var changes = Changes(document, reportsRoot, previousResults);
        Directory.CreateDirectory(dir);
        var junit = JunitReport.Build(document);
        WriteText(Path.Combine(dir, JunitFile), junit.Declaration + "\n" + junit.Root + "\n");
        WriteText(Path.Combine(dir, ResultsJson.FileName), ResultsJson.Serialize(document) + "\n");
        WriteText(Path.Combine(dir, HtmlFile), HtmlReport.Render(document, changes));
        RefreshLatest(reportsRoot, dir);
        return (dir, document, changes);
    }

    /// <summary>
    /// A run that could not start because of its configuration leaves reports/latest holding only the message in
    /// CONFIGURATION-ERROR, which run.ps1 turns into exit code 2 (the run folders of earlier runs are untouched).
    /// </summary>
    public static string WriteConfigurationError(string reportsRoot, string message)
    {
        var latest = ResetLatest(reportsRoot);
        var path = Path.Combine(latest, ConfigurationErrorFile);
        WriteText(path, message + "\n");
        return path;
    }

    private static RunChanges? Changes(ResultsDocument document, string reportsRoot, string? previousResults)
    {
        if (previousResults is not null)
        {
            var explicitPrevious = ResultsJson.TryRead(previousResults);
            return explicitPrevious is null ? null : RunComparison.Compare(explicitPrevious, previousResults, document);
        }

        var previous = PreviousRun.Find(reportsRoot, document);
        return previous is null ? null : RunComparison.Compare(previous.Value.Document, previous.Value.Folder, document);
    }

    private static void WriteText(string path, string text) => File.WriteAllText(path, Redactor.Redact(text), Utf8);

    // Folder names carry target and mode; keep them to characters every file system accepts.
    private static string Safe(string s) => string.Concat(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    /// <summary>reports/latest is a copy (works on Linux and Windows alike, no link privileges needed).</summary>
    private static void RefreshLatest(string reportsRoot, string runDirectory)
    {
        var latest = ResetLatest(reportsRoot);
        foreach (var file in Directory.GetFiles(runDirectory))
        {
            File.Copy(file, Path.Combine(latest, Path.GetFileName(file)), overwrite: true);
        }

        File.WriteAllText(Path.Combine(latest, "RUN"), Path.GetFileName(runDirectory) + "\n", Utf8);
    }

    private static string ResetLatest(string reportsRoot)
    {
        var latest = Path.Combine(reportsRoot, LatestFolder);
        try
        {
            if (Directory.Exists(latest))
            {
                Directory.Delete(latest, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Windows: a viewer holding a file (or the folder as a shell's current directory) blocks the delete.
            // Empty what can be emptied; the copies below overwrite the rest.
            foreach (var file in Directory.GetFiles(latest))
            {
                try
                {
                    File.Delete(file);
                }
                catch (Exception inner) when (inner is IOException or UnauthorizedAccessException)
                {
                    // Overwritten below, or left as it was if it is not one of the run's files.
                }
            }
        }

        Directory.CreateDirectory(latest);
        return latest;
    }
}
