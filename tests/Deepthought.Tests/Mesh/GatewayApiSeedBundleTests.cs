using System.Text.Json.Nodes;
using Deepthought.Checks.Model;
using Deepthought.Protocols.GatewayApi;
using Deepthought.Protocols.Profile;
using Deepthought.Tests.Support;
using Deepthought.Twin.GatewayApiCrds;

namespace Deepthought.Tests.Mesh;

/// <summary>
/// The seed applies standard-install.yaml v1.2.1 and then Contour's contour-gateway-provisioner.yaml, which carries
/// the experimental bundle (v1.2.1 in Contour 1.31/1.32) and overwrites the five standard CRDs: that is what a
/// seed-built cluster holds, and what the default profile must accept.
/// </summary>
public sealed class GatewayApiSeedBundleTests
{
    private const string Id = "mesh.gateway-api-crds";
    private const string Crd = "apiextensions.k8s.io/v1";

    /// <summary>The repository's profile with mesh.gatewayApi replaced (the cluster holds only standard-install.yaml).</summary>
    public static ClusterProfile StandardOnlyProfile()
    {
        var text = File.ReadAllText(Repo.Profile);
        var block = System.Text.RegularExpressions.Regex.Match(text, @"(?m)^  gatewayApi:.*\n(^    .*\n)*");
        block.Success.Should().BeTrue("the profile has a mesh.gatewayApi block");
        var folder = Directory.CreateTempSubdirectory("deepthought-standard-profile-").FullName;
        var path = Path.Combine(folder, "deepthought.yaml");
        File.WriteAllText(path, text.Replace(block.Value, "  gatewayApi: { bundleVersion: v1.2.1, channel: standard, extraCrds: [] }\n", StringComparison.Ordinal));
        return ProfileLoader.Load(path);
    }

    [Fact]
    public void DefaultProfile_SaysWhatTheProvisionerLeaves()
    {
        var want = Repo.LoadProfile().Mesh.GatewayApi;
        (want.BundleVersion, want.Channel).Should().Be(("v1.2.1", "experimental"));
        want.ExtraCrds.Should().BeEquivalentTo("backendlbpolicies", "backendtlspolicies", "tcproutes", "tlsroutes", "udproutes");
    }

    [Fact]
    public async Task HealthyTwin_HoldsTheProvisionersBundle_AndTheDefaultProfilePasses()
    {
        await using var world = await MeshWorld.StartAsync();
        var tcp = world.Twin.Context.Store.Get(Crd, "CustomResourceDefinition", null, "tcproutes.gateway.networking.k8s.io");
        tcp.Should().NotBeNull("contour-gateway-provisioner.yaml adds the experimental route kinds");
        tcp!["metadata"]!["annotations"]!["gateway.networking.k8s.io/channel"]!.GetValue<string>().Should().Be("experimental");
        var gateways = world.Twin.Context.Store.Get(Crd, "CustomResourceDefinition", null, "gateways.gateway.networking.k8s.io")!;
        gateways["metadata"]!["annotations"]!["gateway.networking.k8s.io/channel"]!.GetValue<string>().Should().Be("experimental", "the provisioner's apply overwrote standard-install's Gateway CRD");

        var verdict = await world.VerdictAsync(Id);
        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
        verdict.Evidence.Should().HaveCount(10);
    }

    [Fact]
    public async Task StandardOnlyCluster_FailsTheDefaultProfile_OnChannelAndMissingExtras()
    {
        var standard = StandardOnlyProfile();
        await using var world = await MeshWorld.StartAsync(profile: standard);
        (await world.VerdictAsync(Id, standard)).Outcome.Should().Be(Outcome.Pass, "the profile that says standard-only accepts it");

        var verdict = await world.VerdictAsync(Id, Repo.LoadProfile());
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("crd gateways.gateway.networking.k8s.io: expected bundle-version v1.2.1, channel experimental, got bundle-version v1.2.1, channel standard");
        verdict.Message.Should().Contain("crd tcproutes.gateway.networking.k8s.io: expected present (bundle-version v1.2.1, channel experimental), got absent");
    }

    [Fact]
    public async Task UnlistedExtraCrd_Fails_NamingTheProfileKey()
    {
        await using var world = await MeshWorld.StartAsync();
        var store = world.Twin.Context.Store;
        var extra = (JsonObject)store.Get(Crd, "CustomResourceDefinition", null, "udproutes.gateway.networking.k8s.io")!.DeepClone();
        extra["metadata"] = new JsonObject { ["name"] = "meshroutes.gateway.networking.k8s.io", ["annotations"] = extra["metadata"]!["annotations"]!.DeepClone() };
        extra["spec"]!["names"]!["plural"] = "meshroutes";
        extra["spec"]!["names"]!["kind"] = "MeshRoute";
        store.Put(extra);

        var verdict = await world.VerdictAsync(Id);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("crd meshroutes.gateway.networking.k8s.io: expected not installed (not in mesh.gatewayApi.extraCrds), got present (bundle-version v1.2.1, channel experimental)");
    }

    [Fact]
    public void ProvisionerBundle_HasTheShapeOfContour132sRender()
    {
        var crds = GatewayApiCrdsSeeder.ProvisionerBundle("v1.2.1", "experimental", ["backendlbpolicies", "backendtlspolicies", "tcproutes", "tlsroutes", "udproutes"], TimeProvider.System)
            .ToDictionary(c => (string)c["metadata"]!["name"]!, c => string.Join(",", c["spec"]!["versions"]!.AsArray().Select(v => (string)v!["name"]! + ((bool)v["storage"]! ? "*" : ""))));
        crds.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["gatewayclasses.gateway.networking.k8s.io"] = "v1*,v1beta1",
            ["gateways.gateway.networking.k8s.io"] = "v1*,v1beta1",
            ["httproutes.gateway.networking.k8s.io"] = "v1*,v1beta1",
            ["grpcroutes.gateway.networking.k8s.io"] = "v1*",
            ["referencegrants.gateway.networking.k8s.io"] = "v1beta1*",
            ["backendlbpolicies.gateway.networking.k8s.io"] = "v1alpha2*",
            ["backendtlspolicies.gateway.networking.k8s.io"] = "v1alpha3*",
            ["tcproutes.gateway.networking.k8s.io"] = "v1alpha2*",
            ["tlsroutes.gateway.networking.k8s.io"] = "v1alpha2*",
            ["udproutes.gateway.networking.k8s.io"] = "v1alpha2*",
        });
    }
}
