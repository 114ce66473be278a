using System.Text.Json.Nodes;
using Deepthought.Checks.Model;
using Deepthought.Protocols.Formats;
using Deepthought.Tests.Support;
using Deepthought.Twin.GatewayApiCrds;

namespace Deepthought.Tests.Mesh;

/// <summary>
/// The twin's own Gateway API CRDs against the real v1.2.1 standard-install.yaml (shared data): the same shape where
/// the checks and kubectl look, and the same verdicts when the real bundle replaces the twin's.
/// </summary>
public sealed class GatewayApiFidelityTests
{
    private const string Id = "mesh.gateway-api-crds";
    private const string Bundle = "gateway-api-v1.2.1-standard-install.yaml";

    private static IReadOnlyList<JsonObject> RealBundle() => YamlJson.ParseObjects(File.ReadAllText(Path.Combine(Repo.RequireSharedData(), Bundle)));

    [SkippableFact]
    public void TwinCrds_MatchTheRealBundle_WhereChecksAndKubectlLook()
    {
        var real = RealBundle().ToDictionary(c => (string)c["metadata"]!["name"]!);
        var twin = GatewayApiCrdsSeeder.StandardBundle("v1.2.1", "standard", TimeProvider.System).ToDictionary(c => (string)c["metadata"]!["name"]!);

        twin.Keys.Should().BeEquivalentTo(real.Keys);
        foreach (var (name, crd) in real)
        {
            Shape(twin[name]).ToJsonString().Should().Be(Shape(crd).ToJsonString(), $"the twin's {name} must have the bundle's names, scope, versions and annotations");
        }
    }

    [SkippableFact]
    public async Task RealBundle_ReplacingTheTwinsCrds_GetsTheSameVerdict()
    {
        var bundle = RealBundle();
        var standard = GatewayApiSeedBundleTests.StandardOnlyProfile(); // the cluster between the seed's two applies
        await using var world = await MeshWorld.StartAsync(profile: standard);
        var own = await world.VerdictAsync(Id);

        foreach (var crd in bundle)
        {
            Replace(world, crd);
        }

        var real = await world.VerdictAsync(Id);
        own.Outcome.Should().Be(Outcome.Pass, own.Message);
        real.Outcome.Should().Be(own.Outcome, real.Message);
        real.Message.Should().Be(own.Message);
        real.Evidence.Should().BeEquivalentTo(own.Evidence, "served versions and annotations read the same from both");
    }

    [SkippableFact]
    public async Task RealBundle_AnnotatedWithAnotherBundle_FailsLikeTheDriftScenario()
    {
        var bundle = RealBundle();
        await using var world = await MeshWorld.StartAsync(profile: GatewayApiSeedBundleTests.StandardOnlyProfile());
        foreach (var crd in bundle)
        {
            var annotations = (JsonObject)crd["metadata"]!["annotations"]!;
            annotations[$"{GatewayApiCrdsSeeder.Group}/bundle-version"] = "v1.1.0";
            annotations[$"{GatewayApiCrdsSeeder.Group}/channel"] = "experimental";
            Replace(world, crd);
        }

        var verdict = await world.VerdictAsync(Id);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Evidence.Should().HaveCount(5).And.OnlyContain(e => e.Observed == "bundle-version v1.1.0, channel experimental");
    }

    private static void Replace(MeshWorld world, JsonObject crd)
    {
        world.Twin.Context.Store.Delete("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, (string)crd["metadata"]!["name"]!);
        world.Twin.Context.Store.Put(crd);
    }

    // What checks, discovery and kubectl read from a CRD; schemas and descriptions are the bundle's business.
    private static JsonObject Shape(JsonObject crd)
    {
        var spec = crd["spec"]!;
        var annotations = (JsonObject)crd["metadata"]!["annotations"]!;
        return new JsonObject
        {
            ["annotations"] = new JsonObject(annotations.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => KeyValuePair.Create(a.Key, a.Value?.DeepClone()))),
            ["group"] = spec["group"]!.DeepClone(),
            ["names"] = new JsonObject(((JsonObject)spec["names"]!).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => KeyValuePair.Create(a.Key, a.Value?.DeepClone()))),
            ["scope"] = spec["scope"]!.DeepClone(),
            ["versions"] = new JsonArray(spec["versions"]!.AsArray().Select(v => (JsonNode)new JsonObject
            {
                ["name"] = v!["name"]!.DeepClone(),
                ["served"] = v["served"]!.DeepClone(),
                ["storage"] = v["storage"]!.DeepClone(),
                ["subresources"] = new JsonArray(((JsonObject?)v["subresources"] ?? []).Select(s => (JsonNode)JsonValue.Create(s.Key)!).ToArray()),
                ["columns"] = new JsonArray(((JsonArray?)v["additionalPrinterColumns"] ?? []).Select(c => (JsonNode)JsonValue.Create($"{c!["name"]} {c["type"]} {c["jsonPath"]}")!).ToArray()),
            }).ToArray()),
        };
    }
}
