using Deepthought.Checks.Gateway;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Twin.Contour;
using k8s.Models;

namespace Deepthought.Tests.Gateway;

public sealed class GatewayUnitTests
{
    private static readonly GatewayInfo Gateway = new("projectcontour", "contour", "contour", 1,
        [new ListenerSpec("http", "HTTP", 80, "", "All")], [new GatewayAddress("IPAddress", "192.168.1.240")], [], []);

    private static HttpRouteInfo Route(string name, string host, string path, string backend, bool accepted = true, bool resolved = true, string type = "PathPrefix") => new(
        "emojivoto", name, 1, [host], [new ParentRef("gateway.networking.k8s.io", "Gateway", "projectcontour", "contour", "")],
        [new RouteRule([new PathMatch(type, path)], [new BackendRef("", "Service", "emojivoto", backend, 80)])],
        [new RouteParentStatus(new ParentRef("gateway.networking.k8s.io", "Gateway", "projectcontour", "contour", ""), GatewayApi.ContourController,
            [new Condition("Accepted", accepted ? "True" : "False", accepted ? "Accepted" : "NotAllowedByListeners", "", 1), new Condition("ResolvedRefs", resolved ? "True" : "False", resolved ? "ResolvedRefs" : "BackendNotFound", "", 1)])]);

    [Theory]
    [InlineData("emojivoto.deepthought.local", "/api/list", 200, "api-svc")]
    [InlineData("EMOJIVOTO.deepthought.local", "/", 200, "web-svc")]
    [InlineData("emojivoto.deepthought.local", "/api/vote", 200, "api-svc")]
    [InlineData("emojivoto.deepthought.local", "/apiary", 200, "web-svc")]
    [InlineData("other.deepthought.local", "/", 404, null)]
    public void RouteTable_HostAndLongestPrefix_PickTheBackendEnvoyWould(string host, string path, int status, string? backend)
    {
        var routes = new[] { Route("web", "emojivoto.deepthought.local", "/", "web-svc"), Route("api", "emojivoto.deepthought.local", "/api", "api-svc") };
        var decision = RouteTable.Decide(Gateway, routes, host, path);
        decision.Status.Should().Be(status);
        decision.Backend?.Name.Should().Be(backend);
    }

    [Fact]
    public void RouteTable_RouteNotAcceptedByTheGateway_IsNotProgrammed()
    {
        RouteTable.Decide(Gateway, [Route("web", "emojivoto.deepthought.local", "/", "web-svc", accepted: false)], "emojivoto.deepthought.local", "/").Status.Should().Be(404);
    }

    [Fact]
    public void RouteTable_RouteWithUnresolvedBackend_Answers500LikeGatewayApiRequires()
    {
        var d = RouteTable.Decide(Gateway, [Route("web", "emojivoto.deepthought.local", "/", "web", resolved: false)], "emojivoto.deepthought.local", "/");
        d.Status.Should().Be(500);
        d.Detail.Should().Contain("ResolvedRefs=False (BackendNotFound)");
    }

    [Theory]
    [InlineData("*.deepthought.local", "emojivoto.deepthought.local", true)]
    [InlineData("*.deepthought.local", "deepthought.local", false)]
    [InlineData("emojivoto.deepthought.local", "emojivoto.deepthought.local.", true)]
    public void RouteTable_HostMatches_FollowsGatewayApiWildcards(string pattern, string host, bool matches) =>
        RouteTable.HostMatches(pattern, host).Should().Be(matches);

    [Fact]
    public void GatewayEndpoint_RealCluster_UsesTheAddressAndTheListenerPort()
    {
        var envoy = Envoy(80, "192.168.1.240");
        var endpoint = GatewayEndpoint.Resolve(Gateway, envoy, out _);
        endpoint.Should().Be(new GatewayEndpoint("192.168.1.240", 80, "Gateway address 192.168.1.240, listener http port 80"));
    }

    [Fact]
    public void GatewayEndpoint_TwinPublishingTheListenerOnAnotherPort_UsesThePortNamedLikeTheListener()
    {
        var gw = Gateway with { Addresses = [new GatewayAddress("IPAddress", "127.0.0.1")] };
        var endpoint = GatewayEndpoint.Resolve(gw, Envoy(41234, "127.0.0.1"), out _);
        endpoint!.BaseUri.Should().Be(new Uri("http://127.0.0.1:41234"));
    }

    [Fact]
    public void GatewayEndpoint_NoAddress_SaysTheLoadBalancerAssignedNone()
    {
        var gw = Gateway with { Addresses = [] };
        GatewayEndpoint.Resolve(gw, Envoy(80, null), out var why).Should().BeNull();
        why.Should().Be("Gateway projectcontour/contour has no status.addresses; Service projectcontour/envoy-contour (type LoadBalancer) has no external address (status.loadBalancer.ingress is empty: no load-balancer implementation such as MetalLB assigned one)");
    }

    [Fact]
    public void Reach_NoAddressButANodePort_DialsTheReadyNodesInternalIp()
    {
        var envoy = Envoy(80, null);
        envoy.Spec.Ports[0].NodePort = 31080;
        var nodes = new List<V1Node> { Node("cp1", "192.168.1.32", ready: false), Node("work1", "192.168.1.24", ready: true) };
        var endpoint = GatewayEndpoint.Reach(Gateway with { Addresses = [] }, envoy, nodes, null, ("emojivoto", "web-svc", "80"), out _)!;
        (endpoint.Path, endpoint.BaseUri).Should().Be((ReachPath.NodePort, new Uri("http://192.168.1.24:31080")));
        endpoint.Derivation.Should().Contain("NodePort 31080 of Service projectcontour/envoy-contour (port http=80) on node work1 InternalIP 192.168.1.24");
    }

    [Fact]
    public void Reach_NoAddressNoNodePort_FallsBackToTheServiceProxy_OrSaysWhyNot()
    {
        var envoy = Envoy(80, null);
        envoy.Spec.Type = "ClusterIP";
        var nodes = new List<V1Node> { Node("cp1", "192.168.1.32", ready: true) };
        var proxied = GatewayEndpoint.Reach(Gateway with { Addresses = [] }, envoy, nodes, null, ("emojivoto", "web-svc", "80"), out _)!;
        proxied.Path.Should().Be(ReachPath.ServiceProxy);
        proxied.ToString().Should().Be("the API server's proxy of Service emojivoto/web-svc:80");

        GatewayEndpoint.Reach(Gateway with { Addresses = [] }, envoy, nodes, null, null, out var why).Should().BeNull();
        why.Should().EndWith("; Service projectcontour/envoy-contour has no nodePort (type ClusterIP)");
    }

    private static V1Node Node(string name, string ip, bool ready) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Status = new V1NodeStatus
        {
            Addresses = [new V1NodeAddress { Type = "InternalIP", Address = ip }],
            Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        },
    };

    private static V1Service Envoy(int port, string? ip) => new()
    {
        Metadata = new V1ObjectMeta { Name = "envoy-contour", NamespaceProperty = "projectcontour" },
        Spec = new V1ServiceSpec { Type = "LoadBalancer", Ports = [new V1ServicePort { Name = "http", Port = port }] },
        Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = ip is null ? [] : [new V1LoadBalancerIngress { Ip = ip }] } },
    };
}
