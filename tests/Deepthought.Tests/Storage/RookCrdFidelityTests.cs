using System.Text.Json.Nodes;
using Deepthought.Checks.Model;
using Deepthought.Tests.Support;
using Deepthought.Twin.Ceph;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Rook;
using FluentAssertions;
using Xunit;

namespace Deepthought.Tests.Storage;

/// <summary>
/// The twin's own minimal Rook CRDs against Rook v1.19.10's real ones (/work/shared/data): the same REST resources,
/// seeded objects that the real schemas accept unpruned, and the same verdicts when the real CRDs are in the store.
/// </summary>
[Collection(RealCephCollection.Name)]
[Trait("Phase", "Storage")]
public sealed class RookCrdFidelityTests
{
    private const string CrdFile = "rook-v1.19.10-cephcluster-cephblockpool-crds.yaml";

    [SkippableTheory]
    [InlineData("CephCluster")]
    [InlineData("CephBlockPool")]
    public void TwinCrd_RegistersTheSameResourceAsRooks(string kind)
    {
        var real = RealCrd(kind);
        var mine = kind == "CephCluster" ? RookCrds.CephCluster() : RookCrds.CephBlockPool();

        var realType = Register(real, kind);
        var myType = Register(mine, kind);

        myType.Should().BeEquivalentTo(realType);
        mine["metadata"]!["name"]!.ToString().Should().Be(real["metadata"]!["name"]!.ToString());
        mine["spec"]!["names"]!["listKind"]!.ToString().Should().Be(real["spec"]!["names"]!["listKind"]!.ToString());
        var realColumns = Columns(real);
        Columns(mine).Should().OnlyContain(c => realColumns.Contains(c), "every printer column the twin shows is one kubectl shows for Rook's CRD");
    }

    [SkippableTheory]
    [InlineData]
    [InlineData("cephcluster-uses-all-devices")]
    [InlineData("osd-down")]
    public async Task SeededObjects_PassRooksRealSchemas(params string[] scenarios)
    {
        var crds = new[] { RealCrd("CephCluster"), RealCrd("CephBlockPool") };
        await using var twin = await ScriptedTwin(scenarios);
        foreach (var crd in crds)
        {
            var kind = (string)crd["spec"]!["names"]!["kind"]!;
            var schema = (JsonObject)crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;
            var objects = twin.Context.Store.List(RookNames.ApiVersion, kind);
            objects.Should().NotBeEmpty();
            foreach (var o in objects)
            {
                // metadata is ObjectMeta, validated by the API server itself, not by the CRD's schema.
                foreach (var part in new[] { "spec", "status" })
                {
                    var partSchema = (JsonObject)schema["properties"]![part]!;
                    CrdSchema.Violations(o[part], partSchema, $"{kind}.{part}").Should().BeEmpty($"the seeded {kind} must be what Rook's API accepts unchanged");
                }
            }
        }
    }

    [SkippableFact]
    public void RealSchema_MisspelledOrMistypedField_IsFlagged()
    {
        var schema = (JsonObject)RealCrd("CephCluster")["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!;
        var spec = JsonNode.Parse("""{"storage":{"useAllDevice":false,"useAllNodes":"no","nodes":[{"name":"n1","devices":[{"name":"sdb"}]}]},"mon":{"count":3}}""");

        CrdSchema.Violations(spec, schema, "spec").Should().BeEquivalentTo(
            "spec.storage.useAllDevice: not in the schema (the API server would prune it)",
            "spec.storage.useAllNodes: expected boolean, got String");
    }

    [SkippableTheory]
    [InlineData]
    [InlineData("cephcluster-uses-all-devices")]
    [InlineData("cephcluster-no-osds")]
    public async Task RealCrdsInTheStore_GiveTheSameVerdicts(params string[] scenarios)
    {
        var crds = new[] { RealCrd("CephCluster"), RealCrd("CephBlockPool") };
        await using var twin = await ScriptedTwin(scenarios);
        var withOwn = await StorageTwin.JudgeAsync(twin);

        // Rook's own CRDs replace the twin's in the API server; the checks read the same objects through them.
        foreach (var crd in crds)
        {
            twin.Store.Put(crd);
        }

        var withReal = await StorageTwin.JudgeAsync(twin);

        withReal.Select(r => (r.Id, r.Outcome, r.Verdict.Message)).Should().Equal(withOwn.Select(r => (r.Id, r.Outcome, r.Verdict.Message)));
    }

    private static async Task<TestWorld> ScriptedTwin(string[] scenarios)
    {
        var saved = CephBackendComponent.Locate;
        CephBackendComponent.Locate = () => null;
        try
        {
            return await StorageTwin.StartAsync(scenarios, requireReal: false);
        }
        finally
        {
            CephBackendComponent.Locate = saved;
        }
    }

    private static JsonObject RealCrd(string kind) =>
        SharedData.LoadYaml(SharedData.Require(CrdFile)).Single(d => (string?)d["spec"]?["names"]?["kind"] == kind);

    private static ResourceType Register(JsonObject crd, string kind)
    {
        var store = new KubeStore(TimeProvider.System);
        store.Put(crd);
        return store.FindByKind(RookNames.ApiVersion, kind) ?? throw new InvalidOperationException($"{kind} not registered");
    }

    private static List<(string, string, string)> Columns(JsonObject crd) =>
        ((JsonArray)crd["spec"]!["versions"]![0]!["additionalPrinterColumns"]!).OfType<JsonObject>()
            .Select(c => ((string)c["name"]!, (string)c["jsonPath"]!, (string)c["type"]!)).ToList();
}
