using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Protocols;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Protocols.Profile;
using Deepthought.Tests.Support;

namespace Deepthought.Tests.Gateway;

/// <summary>The Gateway path as the seed really leaves it: the bitnami release's names, the provisioner's objects.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SeedShapeTests
{
    [Theory]
    [InlineData("contour", "contour")]
    [InlineData("my-contour", "my-contour")]
    [InlineData("edge", "edge-contour")]
    [InlineData("Edge_1", "edge-1-contour")]
    public void BitnamiFullname_FollowsTheCommonChartRule(string release, string fullname) =>
        BitnamiContour.Fullname(release).Should().Be(fullname);

    [Fact]
    public void GatewayProfile_DefaultDeployments_AreTheBitnamiReleaseAndTheProvisioner() =>
        new GatewayProfile().Deployments.Should().Equal(BitnamiContour.ContourDeployment("contour"), "contour-gateway-provisioner");

    [Fact]
    public async Task ContourRunning_OnTheBitnamiReleaseNames_Passes()
    {
        await using var world = await GatewayRun.StartAsync();
        world.Store.Get("apps/v1", "Deployment", "projectcontour", "contour-contour").Should().NotBeNull();
        world.Store.Get("apps/v1", "DaemonSet", "projectcontour", "contour-envoy").Should().NotBeNull();
        world.Store.Get("v1", "Service", "projectcontour", "contour-envoy").Should().NotBeNull();
        world.Store.Get("apps/v1", "Deployment", "projectcontour", "contour").Should().BeNull("the bitnami chart names no Deployment after the bare release");

        var running = await world.Run.EvaluateAsync(GatewayCheckIds.Running);
        running.Outcome.Should().Be(Outcome.Pass, running.Verdict.Message);
        running.Verdict.Message.Should().Contain("contour-contour");
    }

    [Fact]
    public async Task BareMetal_GatewayIsProgrammedWithoutAddress_AndTrafficGoesByNodePort()
    {
        await using var world = await GatewayRun.StartAsync();
        var p = world.Run.Profile.Gateway;
        var gw = GatewayInfo.From(world.Store.Get("gateway.networking.k8s.io/v1", "Gateway", p.GatewayNamespace, p.GatewayName)!);
        gw.Addresses.Should().BeEmpty("no load balancer assigns the Envoy Service an external address on bare metal");
        Condition.Describe(gw.Conditions, "Programmed").Should().Be("Programmed=True (Programmed: Valid Gateway)");
        var envoy = world.Store.Get("v1", "Service", p.GatewayNamespace, p.EnvoyService)!;
        envoy.Items("status", "loadBalancer", "ingress").Should().BeEmpty();
        int.Parse(envoy.Items("spec", "ports").Single()["nodePort"]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture).Should().BePositive();

        var results = await world.RunPhasesAsync(Phase.Gateway);
        results[GatewayCheckIds.Programmed].Outcome.Should().Be(Outcome.Pass, results[GatewayCheckIds.Programmed].Verdict.Message);
        var traffic = results[GatewayCheckIds.Traffic];
        traffic.Outcome.Should().Be(Outcome.Pass, traffic.Verdict.Message);
        traffic.Verdict.Message.Should().Contain("via NodePort").And.Contain("InternalIP 192.168.1.").And.Contain("reached at 127.0.0.1 (the twin's node address)");
    }

    [Fact]
    public async Task NoNodePort_TrafficFallsBackToTheApiServersServiceProxy()
    {
        await using var world = await GatewayRun.StartAsync();
        var p = world.Run.Profile.Gateway;
        world.Store.Update("v1", "Service", p.GatewayNamespace, p.EnvoyService, s =>
        {
            s["spec"]!["type"] = "ClusterIP";
            foreach (var port in s.Items("spec", "ports"))
            {
                port.AsObject().Remove("nodePort");
            }
        });

        var traffic = await world.Run.EvaluateAsync(GatewayCheckIds.Traffic);
        traffic.Outcome.Should().Be(Outcome.Pass, traffic.Verdict.Message);
        traffic.Verdict.Message.Should().Contain("via the API server's service proxy").And.Contain($"has no nodePort (type ClusterIP)");
    }

    [Fact]
    public async Task Votes_WithoutAddressOrNodePort_GoThroughTheServiceProxyOfWebSvc_AndSaySo()
    {
        await using var world = await GatewayRun.StartAsync(mode: RunMode.Acceptance);
        var p = world.Run.Profile.Gateway;
        world.Store.Update("v1", "Service", p.GatewayNamespace, p.EnvoyService, s =>
        {
            s["spec"]!["type"] = "ClusterIP";
            foreach (var port in s.Items("spec", "ports"))
            {
                port.AsObject().Remove("nodePort");
            }
        });

        var results = await world.RunPhasesAsync(Phase.Gateway, Phase.Policy);
        var deny = results.Values.Single(r => r.Id == "policy.deny-without-authorization");
        deny.Outcome.Should().Be(Outcome.Pass, deny.Verdict.Message);
        deny.Verdict.Message.Should().Contain("via the API server's service proxy");
        deny.Verdict.Evidence.Should().Contain(e => e.Subject == "votes reached web" && e.Observed.Contains("Service emojivoto/web-svc:80", StringComparison.Ordinal));
        var allow = results.Values.Single(r => r.Id == "policy.allow-with-authorization");
        allow.Outcome.Should().Be(Outcome.Pass, allow.Verdict.Message);
        allow.Verdict.Evidence.Should().Contain(e => e.Subject == "votes reached web" && e.Observed.StartsWith("via the API server's service proxy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Votes_OnTheTwinsDefault_GoByNodePort_AndSaySo()
    {
        await using var world = await GatewayRun.StartAsync(mode: RunMode.Acceptance);
        var results = await world.RunPhasesAsync(Phase.Gateway, Phase.Policy);
        var deny = results.Values.Single(r => r.Id == "policy.deny-without-authorization");
        deny.Outcome.Should().Be(Outcome.Pass, deny.Verdict.Message);
        deny.Verdict.Evidence.Should().Contain(e => e.Subject == "votes reached web" && e.Observed.StartsWith("via NodePort", StringComparison.Ordinal));
    }

    [Fact]
    public void ProjectGateway_IsNotNamedLikeTheBitnamiRelease_SoTheProvisionersNamesAreFree()
    {
        var p = Repo.LoadProfile().Gateway;
        var taken = new[] { BitnamiContour.Fullname(p.HelmRelease), BitnamiContour.ContourDeployment(p.HelmRelease), BitnamiContour.Envoy(p.HelmRelease) };
        p.GatewayName.Should().Be("deepthought");
        taken.Should().NotContain($"contour-{p.GatewayName}").And.NotContain($"envoy-{p.GatewayName}");
        p.EnvoyService.Should().Be("envoy-deepthought");
    }

    [Fact]
    public async Task HealthyTwin_TheProvisionerOwnsTheGatewaysContour()
    {
        await using var world = await GatewayRun.StartAsync();
        var p = world.Run.Profile.Gateway;
        var contour = world.Store.Get("apps/v1", "Deployment", p.GatewayNamespace, $"contour-{p.GatewayName}");
        contour.Should().NotBeNull("the provisioner provisions a Contour per Gateway");
        contour!.Str("metadata", "labels", "projectcontour.io/owning-gateway-name").Should().Be(p.GatewayName);
        var check = await world.Run.EvaluateAsync(GatewayCheckIds.ProvisionedObjects);
        check.Outcome.Should().Be(Outcome.Pass, check.Verdict.Message);
    }

    [Fact]
    public async Task GatewayNamedContour_CollidesWithTheBitnamiRelease_TheProvisionerOnlyAcceptsIt()
    {
        await using var world = await GatewayRun.StartAsync("gateway-collides-with-bitnami");
        var polled = await Poll.UntilAsync(
            _ =>
            {
                var found = world.Store.Get("gateway.networking.k8s.io/v1", "Gateway", "projectcontour", "contour") is { } o ? GatewayInfo.From(o) : null;
                return Task.FromResult(new Attempt<GatewayInfo?>(found is not null && Condition.Find(found.Conditions, "Accepted")?.IsTrue == true, found, found is null ? "absent" : Condition.Describe(found.Conditions, "Accepted")));
            },
            TimeSpan.FromMilliseconds(50),
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(5),
            TimeProvider.System,
            CancellationToken.None);
        var gw = polled.Value;

        Condition.Describe(gw!.Conditions, "Accepted").Should().Be("Accepted=True (Accepted: Gateway is accepted)");
        Condition.Describe(gw.Conditions, "Programmed").Should().Be("Programmed=Unknown (Pending: Waiting for controller)", "no Contour is provisioned for it");
        world.Store.Get("apps/v1", "Deployment", "projectcontour", "contour-contour")!.Str("metadata", "labels", "app.kubernetes.io/managed-by").Should().Be("Helm", "the provisioner leaves the bitnami Deployment as it is");

        var results = await world.RunPhasesAsync();
        var check = results[GatewayCheckIds.ProvisionedObjects];
        check.Outcome.Should().Be(Outcome.Fail);
        check.Verdict.Message.Should().Contain("Gateway projectcontour/contour: expected Deployment projectcontour/contour-contour provisioned for it (labels projectcontour.io/owning-gateway-name=contour, gateway.networking.k8s.io/gateway-name=contour)")
            .And.Contain("got Deployment projectcontour/contour-contour without those labels (installed by Helm release");
        results.Values.Where(r => r.Id != GatewayCheckIds.ProvisionedObjects).Should().OnlyContain(r => r.Outcome == Outcome.Pass || r.Outcome == Outcome.Skip);
    }
}
