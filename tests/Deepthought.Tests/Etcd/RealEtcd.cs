using Deepthought.Tests.Support;
using Deepthought.Tests.Talos;
using Deepthought.Twin.Etcd;
using Xunit;

namespace Deepthought.Tests.Etcd;

/// <summary>Real etcd is needed: skip without it, unless CI requires real backends (then it is a failure).</summary>
public static class RealEtcd
{
    public static void Require()
    {
        if (Environment.GetEnvironmentVariable(EtcdTwin.BackendsVariable) is "containers")
        {
            RequireContainers();
            return;
        }

        var binary = EtcdBinary.Find();
        Backends.Require(Backend.Etcd, binary is not null, "etcd is not installed: apt-get install -y etcd-server etcd-client");
    }

    /// <summary>Skips without a Docker engine holding the etcd image, unless containers or real backends are required.</summary>
    public static void RequireContainers()
    {
        var endpoint = DockerEngine.Endpoint();
        var image = DockerEngine.EtcdImage();
        var why = DockerEngine.Unreachable(endpoint)
            ?? (DockerEngine.HasImageAsync(endpoint, image, CancellationToken.None).GetAwaiter().GetResult() ? null : $"the etcd image {image} is not in the engine at {endpoint} (build it: .ci/etcd-image {image})");
        if (why is not null && Environment.GetEnvironmentVariable(EtcdTwin.BackendsVariable) is "containers")
        {
            throw new InvalidOperationException($"{why}; DEEPTHOUGHT_BACKENDS=containers forbids skipping");
        }

        Backends.Require(Backend.EtcdContainers, why is null, $"containers backend unavailable: {why}");
    }
}
