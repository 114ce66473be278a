using Deepthought.Checks.Profile;

namespace Deepthought.Tests.Mesh;

/// <summary>Finds the repository's files (the shipped profile) and the shared upstream data folder.</summary>
internal static class RepoFiles
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Deepthought.Conformance.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"no Deepthought.Conformance.sln above {AppContext.BaseDirectory}");
        }
    }

    public static string ProfilePath => Path.Combine(Root, "profiles", "deepthought.yaml");

    public static ClusterProfile LoadProfile() => ProfileLoader.Load(ProfilePath);

    /// <summary>The shipped profile with one edit applied to its text (e.g. a pinned anchor fingerprint).</summary>
    public static ClusterProfile ProfileWith(string find, string replace)
    {
        var text = File.ReadAllText(ProfilePath);
        text.Should().Contain(find, "the edit must apply to the shipped profile");
        var profile = ProfileLoader.Parse(text.Replace(find, replace, StringComparison.Ordinal), ProfilePath);
        profile.SourcePath = ProfilePath;
        return profile;
    }

    public static bool RequireRealBackends => Environment.GetEnvironmentVariable("DEEPTHOUGHT_REQUIRE_REAL_BACKENDS") == "1";

    /// <summary>
    /// A file of the shared upstream data (DEEPTHOUGHT_SHARED_DATA, default &lt;repo&gt;/../shared/data); null when absent
    /// and real backends are not required — with DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1 a missing file fails the test.
    /// </summary>
    public static string? SharedData(string file)
    {
        var dir = Environment.GetEnvironmentVariable("DEEPTHOUGHT_SHARED_DATA") is { Length: > 0 } d ? d : Path.Combine(Root, "..", "shared", "data");
        var path = Path.GetFullPath(Path.Combine(dir, file));
        if (File.Exists(path))
        {
            return path;
        }

        if (RequireRealBackends)
        {
            throw new FileNotFoundException($"{path} not found and DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1: set DEEPTHOUGHT_SHARED_DATA to the shared data folder", path);
        }

        return null;
    }
}
