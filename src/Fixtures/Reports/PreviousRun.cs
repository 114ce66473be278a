namespace Deepthought.Fixtures.Reports;

/// <summary>Finds the previous run of the same target and profile among the run folders of a reports root.</summary>
public static class PreviousRun
{
    /// <summary>
    /// The newest results.json under <paramref name="reportsRoot"/> (one folder level, "latest" excluded) with the same
    /// target and profile name that started before <paramref name="current"/>; null when there is none.
    /// </summary>
    public static (string Folder, ResultsDocument Document)? Find(string reportsRoot, ResultsDocument current, string? excludeFolder = null)
    {
        if (!Directory.Exists(reportsRoot))
        {
            return null;
        }

        var exclude = excludeFolder is null ? null : Path.GetFullPath(excludeFolder);
        (string Folder, ResultsDocument Document)? best = null;
        foreach (var dir in Directory.EnumerateDirectories(reportsRoot))
        {
            if (Path.GetFileName(dir) == ReportWriter.LatestFolder || Path.GetFullPath(dir) == exclude)
            {
                continue;
            }

            var doc = ResultsJson.TryRead(Path.Combine(dir, ResultsJson.FileName));
            if (doc is null || doc.Run.Target != current.Run.Target || doc.Run.Profile.Name != current.Run.Profile.Name
                || doc.Run.Started >= current.Run.Started)
            {
                continue;
            }

            if (best is null || doc.Run.Started > best.Value.Document.Run.Started)
            {
                best = (Path.GetFileName(dir), doc);
            }
        }

        return best;
    }
}
