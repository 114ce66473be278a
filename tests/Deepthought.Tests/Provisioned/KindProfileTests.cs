using Deepthought.Checks.Model;
using Deepthought.Fixtures.Provisioned;
using Deepthought.Fixtures.Targets;
using Deepthought.Protocols;
using Deepthought.Protocols.Profile;
using Deepthought.Tests.Reports;

namespace Deepthought.Tests.Provisioned;

public sealed class KindProfileTests
{
    private static readonly Dictionary<string, string> Ips = new()
    {
        ["deepthought-control-plane"] = "172.18.0.2",
        ["deepthought-worker"] = "172.18.0.3",
        ["deepthought-worker2"] = "172.18.0.4",
    };

    [Fact]
    public void Written_LoadsThroughTheStrictLoader_WithTheSeedsMeshGatewayAndPolicyExpectations()
    {
        using var folder = new TempFolder("dt-kind-profile");
        var options = new ProvisionOptions(folder.Path);

        var path = KindProfile.Write(Path.Combine(folder.Path, "deepthought-kind.yaml"), options, "https://127.0.0.1:41234", Ips, Path.Combine(folder.Path, "certs", "ca.crt"));
        var profile = ProfileLoader.Load(path);
        var seed = ProfileLoader.Load(Support.Repo.Profile);

        profile.Kubernetes.Endpoint.Should().Be("https://127.0.0.1:41234");
        profile.Kubernetes.Context.Should().Be("kind-deepthought");
        profile.ControlPlanes.Should().ContainSingle().Which.Should().Match<NodeProfile>(n => n.Name == "deepthought-control-plane" && n.Schedulable && n.Ip == "172.18.0.2");
        profile.Storage.Enabled.Should().BeFalse();
        profile.PodSecurity.PrivilegedNamespaces.Should().Equal("linkerd", "emojivoto");
        profile.Mesh.Should().BeEquivalentTo(seed.Mesh, o => o.Excluding(m => m.Linkerd.TrustAnchor.PemFile));
        profile.Mesh.Linkerd.TrustAnchor.PemFile.Should().Be(Path.Combine(folder.Path, "certs", "ca.crt"));
        profile.Gateway.Should().BeEquivalentTo(seed.Gateway);
        profile.Policy.Should().BeEquivalentTo(seed.Policy);
        File.ReadAllText(path).Should().Contain("no Talos API").And.Contain("no Rook-Ceph");
    }

    [Fact]
    public void ANodeKindDidNotReport_IsAClearError()
    {
        using var folder = new TempFolder("dt-kind-profile");
        var ips = new Dictionary<string, string>(Ips);
        ips.Remove("deepthought-worker2");

        var act = () => KindProfile.Write(Path.Combine(folder.Path, "p.yaml"), new ProvisionOptions(folder.Path), "https://127.0.0.1:1", ips, "ca.crt");

        act.Should().Throw<TargetStartException>().WithMessage("provisioned target: kind did not report the node(s) deepthought-worker2 *");
    }
}
