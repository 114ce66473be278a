using System.Text.Json.Nodes;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Mesh;
using Deepthought.Twin.Mesh.Policy;

namespace Deepthought.Tests.MeshNetwork;

/// <summary>The inbound authorization rules one by one, on a store with policy objects and no servers running.</summary>
public sealed class PolicyEvaluatorTests
{
    private const string Web = "web.emojivoto.serviceaccount.identity.linkerd.cluster.local";

    private static readonly PodFacts Voting = new(
        "emojivoto", "voting-abc", "voting", "10.244.1.12", true,
        new Dictionary<string, string> { ["app"] = "voting-svc", ["version"] = "v11" },
        new Dictionary<string, int> { ["grpc"] = 8080, ["prom"] = 8801 },
        "voting", "abc", PodFacts.ClusterDefaultPolicy);

    private static readonly PolicyClient FromWeb = new(true, Web, "10.244.2.14");
    private static readonly PolicyClient FromOtherNs = new(true, "probe.other.serviceaccount.identity.linkerd.cluster.local", "10.244.2.20");
    private static readonly PolicyClient Unmeshed = new(false, null, "192.168.1.32");

    [Fact]
    public void Evaluate_NoServer_DefaultPolicyAllowsWithDefaultLabels()
    {
        var d = Evaluate([], Voting, 8080, Unmeshed);

        d.Allowed.Should().BeTrue();
        d.Server.Should().Be(PolicyRef.Default("all-unauthenticated"));
    }

    [Theory]
    [InlineData("deny", false, false)]
    [InlineData("all-authenticated", true, false)]
    [InlineData("audit", true, true)]
    public void Evaluate_DefaultPolicyAnnotation_DecidesWithoutServer(string policy, bool meshedAllowed, bool unmeshedAllowed)
    {
        var pod = Voting with { DefaultInboundPolicy = policy };

        Evaluate([], pod, 8080, FromWeb).Allowed.Should().Be(meshedAllowed);
        Evaluate([], pod, 8080, Unmeshed).Allowed.Should().Be(unmeshedAllowed);
    }

    [Fact]
    public void Evaluate_ServerByPortNumberWithWildcardIdentity_AdmitsOnlyTheNamespace()
    {
        var server = PolicyObjects.VotingServer();
        server["spec"]!["port"] = 8080;
        var saz = Manifest.Parse("""
            {"apiVersion": "policy.linkerd.io/v1beta1", "kind": "ServerAuthorization", "metadata": {"name": "ns-only", "namespace": "emojivoto"},
             "spec": {"server": {"selector": {"matchLabels": {"app": "voting-svc"}}},
                      "client": {"meshTLS": {"identities": ["*.emojivoto.serviceaccount.identity.linkerd.cluster.local"]}}}}
            """);

        Evaluate([server, saz], Voting, 8080, FromWeb).Authorization.Should().Be(new PolicyRef("policy.linkerd.io", "serverauthorization", "ns-only"));
        Evaluate([server, saz], Voting, 8080, FromOtherNs).Allowed.Should().BeFalse();
        Evaluate([server, saz], Voting, 8801, FromOtherNs).Allowed.Should().BeTrue("the Server selects 8080 only");
    }

    [Fact]
    public void Evaluate_UnauthenticatedWithNetworks_AdmitsByAddress()
    {
        var saz = Manifest.Parse("""
            {"apiVersion": "policy.linkerd.io/v1beta1", "kind": "ServerAuthorization", "metadata": {"name": "lan", "namespace": "emojivoto"},
             "spec": {"server": {"name": "voting-grpc"},
                      "client": {"unauthenticated": true, "networks": [{"cidr": "192.168.1.0/24", "except": ["192.168.1.250/32"]}]}}}
            """);

        Evaluate([PolicyObjects.VotingServer(), saz], Voting, 8080, Unmeshed).Allowed.Should().BeTrue();
        Evaluate([PolicyObjects.VotingServer(), saz], Voting, 8080, Unmeshed with { ClientIp = "192.168.1.250" }).Allowed.Should().BeFalse();
        Evaluate([PolicyObjects.VotingServer(), saz], Voting, 8080, FromWeb).Allowed.Should().BeFalse("10.244.2.14 is outside the network");
    }

    [Fact]
    public void Evaluate_AuthorizationPolicyNeedsEveryAuthentication()
    {
        var net = Manifest.Parse("""
            {"apiVersion": "policy.linkerd.io/v1alpha1", "kind": "NetworkAuthentication", "metadata": {"name": "pods", "namespace": "emojivoto"},
             "spec": {"networks": [{"cidr": "10.244.0.0/16"}]}}
            """);
        var ap = PolicyObjects.AuthorizationPolicy();
        ((JsonArray)ap["spec"]!["requiredAuthenticationRefs"]!).Add(new JsonObject { ["group"] = "policy.linkerd.io", ["kind"] = "NetworkAuthentication", ["name"] = "pods" });
        var mtls = PolicyObjects.MeshTlsAuthentication("""{"identities": ["*"]}""");

        Evaluate([PolicyObjects.VotingServer(), net, mtls, ap], Voting, 8080, FromWeb).Allowed.Should().BeTrue();
        Evaluate([PolicyObjects.VotingServer(), net, mtls, ap], Voting, 8080, FromWeb with { ClientIp = "172.16.0.9" }).Allowed.Should().BeFalse();
        Evaluate([PolicyObjects.VotingServer(), net, mtls, ap], Voting, 8080, Unmeshed with { ClientIp = "10.244.3.3" }).Allowed.Should().BeFalse("\"*\" still needs an identity");
    }

    [Fact]
    public void Evaluate_ServerAccessPolicyAudit_AllowsUnauthorized()
    {
        var server = PolicyObjects.VotingServer();
        server["apiVersion"] = "policy.linkerd.io/v1beta3";
        server["spec"]!["accessPolicy"] = "audit";

        var d = Evaluate([server], Voting, 8080, Unmeshed);

        d.Allowed.Should().BeTrue();
        d.Server.Name.Should().Be("voting-grpc");
        d.Authorization.Should().Be(PolicyRef.Default("audit"));
    }

    private static PolicyDecision Evaluate(JsonObject[] objects, PodFacts pod, int port, PolicyClient client)
    {
        var store = new KubeStore(TimeProvider.System);
        PolicyObjects.RegisterCrds(store);
        foreach (var o in objects)
        {
            store.Put(o);
        }

        return PolicyEvaluator.Evaluate(PolicySnapshot.Capture(store), pod, port, client, "linkerd", "cluster.local");
    }
}
