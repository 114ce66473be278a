using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Checks.Policy;
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
    public async Task Controller_LoadBalancerAddressWithdrawn_GatewayLosesProgrammedAndItsAddress()
    {
        await using var world = await GatewayRun.StartAsync();
        world.Store.Update("v1", "Service", "projectcontour", "envoy-contour", s => s["status"] = new System.Text.Json.Nodes.JsonObject { ["loadBalancer"] = new System.Text.Json.Nodes.JsonObject() });

        GatewayInfo? gw = null;
        for (var i = 0; i < 100; i++)
        {
            gw = GatewayInfo.From(world.Store.Get("gateway.networking.k8s.io/v1", "Gateway", "projectcontour", "contour")!);
            if (gw.Addresses.Count == 0)
            {
                break;
            }

            await Task.Delay(50);
        }

        gw!.Addresses.Should().BeEmpty();
        Condition.Describe(gw.Conditions, "Programmed").Should().StartWith("Programmed=False (AddressNotAssigned:");
        (await world.Run.EvaluateAsync(GatewayCheckIds.Programmed)).Outcome.Should().Be(Outcome.Fail);
    }

    [Fact]
    public async Task Envoy_RequestForAnotherHost_Gets404WithoutReachingWeb()
    {
        await using var world = await GatewayRun.StartAsync();
        var gw = GatewayInfo.From(world.Store.Get("gateway.networking.k8s.io/v1", "Gateway", "projectcontour", "contour")!);
        var envoy = k8s.KubernetesJson.Deserialize<k8s.Models.V1Service>(world.Store.Get("v1", "Service", "projectcontour", "envoy-contour")!.ToJsonString());
        var endpoint = GatewayEndpoint.Resolve(gw, envoy, out _)!;

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
            var c = Condition.Find(route.StatusFor("projectcontour", "contour")!.Conditions, "ResolvedRefs");
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
