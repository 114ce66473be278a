using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Protocols.Profile;
using Deepthought.Tests.Support;

namespace Deepthought.Tests.Foundation;

public sealed class ProfileLoaderTests
{
    private static string Shipped => File.ReadAllText(Repo.Profile);

    [Fact]
    public void Load_ShippedProfile_EncodesTheSeedsCluster()
    {
        var p = Repo.LoadProfile();

        p.Name.Should().Be("deepthought");
        p.Kubernetes.Endpoint.Should().Be("https://192.168.1.32:6443");
        p.Network.GatewayRouter.Should().Be("192.168.1.1");
        p.Talos.Version.Should().Be("v1.10.3");
        p.Nodes.Select(n => (n.Name, n.Ip, n.Role)).Should().Equal(
            ("talos-cp1-zaphod", "192.168.1.32", NodeRole.ControlPlane),
            ("talos-work1-trillian", "192.168.1.24", NodeRole.Worker),
            ("talos-work2-marvin", "192.168.1.48", NodeRole.Worker));
        p.Nodes[0].Etcd.Should().BeTrue();
        p.Nodes[0].Schedulable.Should().BeTrue();
        p.Nodes.Should().OnlyContain(n => n.Disks.Data.Count >= 1 && n.Disks.Os.Device.Length > 0);
        p.PodSecurity.PrivilegedNamespaces.Should().BeEquivalentTo("rook-ceph", "linkerd", "emojivoto");
    }

    [Fact]
    public void Parse_UnknownKey_NamesFileLineColumnAndAllowedKeys()
    {
        var yaml = Shipped.Replace("    role: worker\n", "    role: worker\n    rolez: x\n", StringComparison.Ordinal);

        var act = () => ProfileLoader.Parse(yaml, "profiles/bad.yaml");

        var message = act.Should().Throw<ConfigurationException>().Which.Message;
        message.Should().MatchRegex(@"^profiles/bad\.yaml:\d+:\d+: nodes\[1\]\.rolez: unknown key 'rolez'; allowed here: name, ip, role, etcd, schedulable, disks$");
    }

    [Fact]
    public void Parse_WrongEnumValue_ListsAllowedValues()
    {
        var yaml = Shipped.Replace("role: controlPlane", "role: master", StringComparison.Ordinal);

        var act = () => ProfileLoader.Parse(yaml, "p.yaml");

        act.Should().Throw<ConfigurationException>().WithMessage("p.yaml:*:*: nodes[0].role: 'master' is not allowed; allowed: controlPlane, worker");
    }

    [Fact]
    public void Parse_WrongType_SaysWhatWasExpected()
    {
        var yaml = Shipped.Replace("apiPort: 50000", "apiPort: fifty", StringComparison.Ordinal);

        var act = () => ProfileLoader.Parse(yaml, "p.yaml");

        act.Should().Throw<ConfigurationException>().WithMessage("p.yaml:*:*: talos.apiPort: 'fifty' is not a whole number");
    }

    [Fact]
    public void Parse_MissingRequiredKey_NamesTheKeyAndWhere()
    {
        var yaml = Shipped.Replace("    ip: 192.168.1.24\n", "", StringComparison.Ordinal);

        var act = () => ProfileLoader.Parse(yaml, "p.yaml");

        act.Should().Throw<ConfigurationException>().WithMessage("p.yaml:*:*: nodes[1].ip: missing key 'ip' in nodes[1]; add it*");
    }

    [Fact]
    public void Parse_BrokenYaml_GivesOneLineWithPosition()
    {
        var act = () => ProfileLoader.Parse("name: [unclosed\nnodes: x", "p.yaml");

        var message = act.Should().Throw<ConfigurationException>().Which.Message;
        message.Should().StartWith("p.yaml:").And.Contain("not valid YAML").And.NotContain("\n");
    }

    [Fact]
    public void Parse_InvalidIp_IsRejectedWithItsPlace()
    {
        var yaml = Shipped.Replace("ip: 192.168.1.48", "ip: 192.168.1.480", StringComparison.Ordinal);

        var act = () => ProfileLoader.Parse(yaml, "p.yaml");

        act.Should().Throw<ConfigurationException>().WithMessage("p.yaml:*:*: nodes[2].ip: '192.168.1.480' is not an IP address");
    }

    [Fact]
    public void Load_MissingFile_SaysHowToPointAtOne()
    {
        var act = () => ProfileLoader.Load("/nonexistent/profile.yaml");

        act.Should().Throw<ConfigurationException>().WithMessage("/nonexistent/profile.yaml: profile not found — set DEEPTHOUGHT_PROFILE*");
    }
}
