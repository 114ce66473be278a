using Deepthought.Fixtures.Runs;

namespace Deepthought.Tests.Support;

/// <summary>The real backends and fixtures a test may need.</summary>
public enum Backend
{
    Etcd,
    EtcdContainers,
    Ceph,
    Kubectl,
    SharedData,
    Chromium,
    Go,
}

/// <summary>
/// The one real-backends switch of the tests: DEEPTHOUGHT_REQUIRE_REAL_BACKENDS, read as the product reads it
/// (<see cref="RunSettings"/>: 1, true or yes). Without it a missing backend skips the test with the reason; with it
/// (CI sets it in .ci/run) the test fails, so CI can never pass without its backends.
/// </summary>
public static class Backends
{
    public static bool Required => RunSettings.IsSet(Environment.GetEnvironmentVariable(RunSettingNames.RequireRealBackends));

    /// <summary>Skips (or, when real backends are required, fails) the test unless <paramref name="present"/>.</summary>
    public static void Require(Backend kind, bool present, string whyMissing)
    {
        if (!present)
        {
            Missing(kind, whyMissing);
        }
    }

    /// <summary>Skips the test with the reason, or fails it when real backends are required.</summary>
    public static void Missing(Backend kind, string why)
    {
        if (Required)
        {
            throw new InvalidOperationException($"{kind}: {why} — DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1 forbids skipping (.ci/run installs it)");
        }

        Skip.If(true, $"{kind}: {why}; set DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1 to make this a failure");
    }
}
