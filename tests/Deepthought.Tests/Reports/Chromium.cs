using Deepthought.Tests.Support;

namespace Deepthought.Tests.Reports;

/// <summary>
/// Debian's Chromium for browser tests (never a downloaded browser). Absent: the test skips, unless
/// DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1 (CI), where a missing browser fails the test.
/// </summary>
internal static class Chromium
{
    public static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    /// <summary>The executable, or null (after failing when real backends are required).</summary>
    public static string? Require()
    {
        var path = Environment.GetEnvironmentVariable("DEEPTHOUGHT_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";
        if (File.Exists(path))
        {
            return path;
        }

        Backends.Missing(Backend.Chromium, $"chromium not found at {path}: apt-get install -y chromium (or set DEEPTHOUGHT_CHROMIUM)");
        return null;
    }

    /// <summary>Where the test keeps what it saw (screenshots): the test project's TestResults folder.</summary>
    public static string ResultsFolder(string name)
    {
        var root = Fixtures.Runs.RepositoryRoot.Find(AppContext.BaseDirectory);
        var dir = root is null
            ? Path.Combine(AppContext.BaseDirectory, "TestResults", name)
            : Path.Combine(root, "tests", "Deepthought.Tests", "TestResults", name);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
