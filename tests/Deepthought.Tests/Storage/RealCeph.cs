using Deepthought.Twin.Ceph;
using Xunit;

namespace Deepthought.Tests.Storage;

/// <summary>
/// Tests on the real Ceph backend: they skip only when Ceph is absent and DEEPTHOUGHT_REQUIRE_REAL_BACKENDS is not 1
/// (CI sets it, so there a missing Ceph fails them).
/// </summary>
public static class RealCeph
{
    public static bool Required => Environment.GetEnvironmentVariable("DEEPTHOUGHT_REQUIRE_REAL_BACKENDS") is "1" or "true" or "yes";

    public static CephInstallation Require()
    {
        var install = CephInstallation.Find();
        if (install is null && Required)
        {
            throw new InvalidOperationException($"DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1 but Ceph is not installed ({CephInstallation.Missing} not found): {CephInstallation.AptInstall}");
        }

        Skip.If(install is null, $"Ceph is not installed ({CephInstallation.Missing} not found); set DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1 to make this a failure");
        return install!;
    }
}

/// <summary>Every test that touches the process-wide real Ceph cluster runs in this collection, one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RealCephCollection
{
    public const string Name = "real Ceph";
}
