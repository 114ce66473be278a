using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Checks.Policy;
using Deepthought.Protocols;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Tests.Gateway;

/// <summary>The twin's Contour reacts to the store like a controller: status follows the objects, and Envoy follows the routes.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayControllerTests
{
    [Fact]
    public async Task Controller_BackendServiceDeletedThenRecreated_RouteStatusFollows()
    {
        await using var world = await GatewayRun.StartAsync();
        var web = world.Store.Get("v1", "Service", "emojivoto", "web-svc")!;

        world.Store.Delete("v1", "Service", "emojivoto", "web-svc");
        var missing = await WaitForResolvedRefsAsync(world.Store, "False");
        missing.Should().Be("ResolvedRefs=False (BackendNotFound: service \"web-svc\" not found)");

        world.Store.Put(web);
        (await WaitForResolvedRefsAsync(world.Store, "True")).Should().Be("ResolvedRefs=True (ResolvedRefs: References resolved)");
    }

    [Fact]
    public async Task Controller_LoadBalancerAddressAssignedThenWithdrawn_AddressFollowsAndProgrammedStays()
    {
        await using var world = await GatewayRun.StartAsync();
        var p = world.Run.Profile.Gateway;
        world.Store.Update("v1", "Service", p.GatewayNamespace, p.EnvoyService, s => s["status"] = System.Text.Json.Nodes.JsonNode.Parse("""{"loadBalancer":{"ingress":[{"ip":"127.0.0.1"}]}}"""));
        var assigned = await WaitForGatewayAsync(world, g => g.Addresses.Count == 1);
        assigned.Addresses.Single().Value.Should().Be("127.0.0.1");
        var traffic = await world.Run.EvaluateAsync(GatewayCheckIds.Traffic);
        traffic.Outcome.Should().Be(Outcome.Pass, traffic.Verdict.Message);
        traffic.Verdict.Message.Should().Contain("via the Gateway address");

        world.Store.Update("v1", "Service", p.GatewayNamespace, p.EnvoyService, s => s["status"] = new System.Text.Json.Nodes.JsonObject { ["loadBalancer"] = new System.Text.Json.Nodes.JsonObject() });
        var withdrawn = await WaitForGatewayAsync(world, g => g.Addresses.Count == 0);
        Condition.Describe(withdrawn.Conditions, "Programmed").Should().Be("Programmed=True (Programmed: Valid Gateway)", "Contour programs a Gateway without spec.addresses, address or not");
        (await world.Run.EvaluateAsync(GatewayCheckIds.Programmed)).Outcome.Should().Be(Outcome.Pass);
    }

    private static async Task<GatewayInfo> WaitForGatewayAsync(GatewayRun world, Func<GatewayInfo, bool> done)
    {
        var p = world.Run.Profile.Gateway;
        var result = await Poll.UntilAsync(
            _ =>
            {
                var gw = GatewayInfo.From(world.Store.Get("gateway.networking.k8s.io/v1", "Gateway", p.GatewayNamespace, p.GatewayName)!);
                return Task.FromResult(new Attempt<GatewayInfo>(done(gw), gw, $"{gw.Addresses.Count} address(es), {Condition.Describe(gw.Conditions, "Programmed")}"));
            },
            TimeSpan.FromMilliseconds(50),
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(5),
            TimeProvider.System,
            CancellationToken.None);
        return result.Value!;
    }

    [Fact]
    public async Task Envoy_RequestForAnotherHost_Gets404WithoutReachingWeb()
    {
        await using var world = await GatewayRun.StartAsync();
        var p = world.Run.Profile.Gateway;
        var gw = GatewayInfo.From(world.Store.Get("gateway.networking.k8s.io/v1", "Gateway", p.GatewayNamespace, p.GatewayName)!);
        var envoy = k8s.KubernetesJson.Deserialize<k8s.Models.V1Service>(world.Store.Get("v1", "Service", p.GatewayNamespace, p.EnvoyService)!.ToJsonString());
        var nodes = world.Store.List("v1", "Node").Select(n => k8s.KubernetesJson.Deserialize<k8s.Models.V1Node>(n.ToJsonString())).ToList();
        var endpoint = GatewayEndpoint.Reach(gw, envoy, nodes, NodeAddressMap.Parse(world.Twin.Outputs["nodeAddresses"], "twin"), null, out _)!;

        var other = await GatewayHttp.GetAsync(endpoint, "elsewhere.deepthought.local", "/", TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);
        other.Status.Should().Be(404);
        var page = await GatewayHttp.GetAsync(endpoint, "emojivoto.deepthought.local", "/", TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);
        page.Status.Should().Be(200);
        page.Body.Should().Contain("<title>Emoji Vote</title>");
    }

    private static async Task<string> WaitForResolvedRefsAsync(KubeStore store, string status)
    {
        var last = "";
        for (var i = 0; i < 100; i++)
        {
            var route = HttpRouteInfo.From(store.Get("gateway.networking.k8s.io/v1", "HTTPRoute", "emojivoto", "emojivoto")!);
            var c = Condition.Find(route.Parents.Single(x => x.ControllerName == GatewayApi.ContourController).Conditions, "ResolvedRefs");
            last = c?.ToString() ?? "";
            if (c?.Status == status)
            {
                return last;
            }

            await Task.Delay(50);
        }

        return last;
    }
}
