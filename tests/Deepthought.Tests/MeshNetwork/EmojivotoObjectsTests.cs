using System.Text.Json.Nodes;
using Deepthought.Tests.Support;
using Deepthought.Twin.Kubernetes;

namespace Deepthought.Tests.MeshNetwork;

/// <summary>The twin's own emojivoto objects against the real manifest (run.linkerd.io/emojivoto.yml, v11).</summary>
public sealed class EmojivotoObjectsTests
{
    [SkippableFact]
    public async Task EmojivotoObjects_RealManifest_SameNamesPortsLabelsAndServiceAccounts()
    {
        var real = new KubeStore(TimeProvider.System);
        foreach (var doc in YamlJson.Documents(await File.ReadAllTextAsync(Path.Combine(Repo.RequireSharedData(), "emojivoto.yml"))))
        {
            real.Put(doc);
        }

        await using var twin = await MeshTwin.StartAsync(components: MeshTwin.SeedOnly);
        var store = twin.Context.Store;

        Names(store, "ServiceAccount").Should().BeEquivalentTo(Names(real, "ServiceAccount"));
        Shapes(store, "v1", "Service", ServiceShape).Should().BeEquivalentTo(Shapes(real, "v1", "Service", ServiceShape));
        Shapes(store, "apps/v1", "Deployment", DeploymentShape).Should().BeEquivalentTo(Shapes(real, "apps/v1", "Deployment", DeploymentShape));
        Names(real, "ServiceAccount").Should().BeEquivalentTo(["emoji", "voting", "web"], "the manifest is the v11 emojivoto this test was written for");
    }

    private static IEnumerable<string> Names(KubeStore store, string kind) =>
        store.List("v1", kind, "emojivoto").Select(o => (string)o["metadata"]!["name"]!).Where(n => n != "default");

    private static Dictionary<string, string> Shapes(KubeStore store, string apiVersion, string kind, Func<JsonObject, JsonNode> shape) =>
        store.List(apiVersion, kind, "emojivoto").ToDictionary(o => (string)o["metadata"]!["name"]!, o => shape(o).ToJsonString());

    private static JsonNode ServiceShape(JsonObject svc) => new JsonObject
    {
        ["selector"] = svc["spec"]!["selector"]!.DeepClone(),
        ["ports"] = new JsonArray(((JsonArray)svc["spec"]!["ports"]!).Select(p => (JsonNode)$"{p!["name"]}:{p["port"]}->{p["targetPort"]}").ToArray()),
    };

    private static JsonNode DeploymentShape(JsonObject d)
    {
        var template = d["spec"]!["template"]!;
        return new JsonObject
        {
            ["labels"] = d["metadata"]!["labels"]!.DeepClone(),
            ["replicas"] = d["spec"]!["replicas"]!.DeepClone(),
            ["selector"] = d["spec"]!["selector"]!.DeepClone(),
            ["podLabels"] = template["metadata"]!["labels"]!.DeepClone(),
            ["serviceAccountName"] = template["spec"]!["serviceAccountName"]?.DeepClone(),
            ["containers"] = new JsonArray(((JsonArray)template["spec"]!["containers"]!).Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c!["name"]!.DeepClone(),
                ["image"] = c["image"]!.DeepClone(),
                ["command"] = c["command"]?.DeepClone(),
                ["env"] = new JsonArray(((JsonArray?)c["env"] ?? []).Select(e => (JsonNode)$"{e!["name"]}={e["value"]}").ToArray()),
                ["ports"] = new JsonArray(((JsonArray?)c["ports"] ?? []).Select(p => (JsonNode)$"{p!["name"]}:{p["containerPort"]}").ToArray()),
                ["cpu"] = c["resources"]?["requests"]?["cpu"]?.DeepClone(),
            }).ToArray()),
        };
    }
}
