using Deepthought.Tests.Support;
using Deepthought.Twin.Ceph;
using Xunit;

namespace Deepthought.Tests.Storage;

/// <summary>
/// Tests on the real Ceph backend: they skip only when Ceph is absent and DEEPTHOUGHT_REQUIRE_REAL_BACKENDS is not 1
/// (CI sets it, so there a missing Ceph fails them).
/// </summary>
public static class RealCeph
{
    public static CephInstallation Require()
    {
        var install = CephInstallation.Find();
        Backends.Require(Backend.Ceph, install is not null, $"Ceph is not installed ({CephInstallation.Missing} not found): {CephInstallation.AptInstall}");
        return install!;
    }
}

/// <summary>Every test that touches the process-wide real Ceph cluster runs in this collection, one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RealCephCollection
{
    public const string Name = "real Ceph";
}
