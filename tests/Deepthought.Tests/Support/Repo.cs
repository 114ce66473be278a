using Deepthought.Fixtures.Runs;
using Deepthought.Protocols.Profile;

namespace Deepthought.Tests.Support;

/// <summary>Paths of the repository the tests run from, and the shared data folder beside it.</summary>
public static class Repo
{
    public static string Root { get; } = RepositoryRoot.Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("the tests must run inside the repository (no Deepthought.Conformance.sln above " + AppContext.BaseDirectory + ")");

    public static string Profile => Path.Combine(Root, "profiles", "deepthought.yaml");

    public static ClusterProfile LoadProfile() => ProfileLoader.Load(Profile);

    /// <summary>The real upstream manifests (../shared/data), from DEEPTHOUGHT_SHARED_DATA or beside the repository.</summary>
    public static string? SharedData
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("DEEPTHOUGHT_SHARED_DATA");
            var path = string.IsNullOrEmpty(env) ? Path.GetFullPath(Path.Combine(Root, "..", "shared", "data")) : env;
            return Directory.Exists(path) ? path : null;
        }
    }

    /// <summary>The shared data folder, or a skip (a failure when real backends are required, as in CI).</summary>
    public static string RequireSharedData()
    {
        var path = SharedData;
        Backends.Require(Backend.SharedData, path is not null, "the shared data folder is missing: set DEEPTHOUGHT_SHARED_DATA to ../shared/data");
        return path!;
    }
}
