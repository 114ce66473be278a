using Deepthought.Tests.Talos;
using Deepthought.Twin.Etcd;
using Xunit;

namespace Deepthought.Tests.Etcd;

/// <summary>Real etcd is needed: skip without it, unless CI requires real backends (then it is a failure).</summary>
public static class RealEtcd
{
    public static void Require()
    {
        var binary = EtcdBinary.Find();
        if (binary is null && TalosTestWorld.RequireRealBackends)
        {
            throw new InvalidOperationException("etcd is not installed (apt-get install -y etcd-server etcd-client) and DEEPTHOUGHT_REQUIRE_REAL_BACKENDS=1 forbids skipping");
        }

        Skip.If(binary is null, "etcd is not installed: real-etcd tests need etcd-server");
    }
}
