using Deepthought.Tests.Support;
using Deepthought.Twin.Cluster;
using FluentAssertions;
using Xunit;

namespace Deepthought.Tests.Talos;

/// <summary>The twin's nodes run the Kubernetes version their Talos release defaults to (the seed passes no --kubernetes-version).</summary>
public sealed class TalosDefaultsTests
{
    [Theory]
    [InlineData("deepthought.yaml", "v1.33.1")]
    [InlineData("deepthought-variant.yaml", "v1.33.2")]
    public void TwinNode_ProfilesTalosVersion_ReportsThatReleasesDefaultKubelet(string profileFile, string kubelet)
    {
        var profile = Repo.LoadProfile(profileFile);
        var node = profile.Nodes[0];

        var json = ClusterSeeder.NodeObject(node, profile.Talos.Version, node.Ip, ready: true, tainted: false, TimeProvider.System);

        json["status"]!["nodeInfo"]!["kubeletVersion"]!.GetValue<string>().Should().Be(kubelet);
        json["status"]!["nodeInfo"]!["kubeProxyVersion"]!.GetValue<string>().Should().Be(kubelet);
    }
}
