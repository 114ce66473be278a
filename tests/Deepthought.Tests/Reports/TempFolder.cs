namespace Deepthought.Tests.Reports;

/// <summary>A fresh folder under the system temp area, removed when the test ends.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "dt-reports")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A browser may still hold a file for a moment; the folder is in the temp area.
        }
    }
}
