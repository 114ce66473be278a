using Deepthought.Fixtures.Runs;
using Deepthought.Protocols.Profile;

namespace Deepthought.Tests.Talos;

/// <summary>Profiles and paths the Talos and etcd tests share.</summary>
public static class TalosTestWorld
{
    public static string RepositoryRootPath =>
        RepositoryRoot.Find(AppContext.BaseDirectory) ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);

    public static ClusterProfile Profile(string name = "deepthought.yaml") => ProfileLoader.Load(Path.Combine(RepositoryRootPath, "profiles", name));

    /// <summary>CI sets DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1: a missing backend is then a failure, not a skip.</summary>

}
