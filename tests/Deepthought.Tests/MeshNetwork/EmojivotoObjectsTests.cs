using System.Text.Json.Nodes;
using Deepthought.Protocols.Formats;
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
        foreach (var doc in YamlJson.ParseObjects(await File.ReadAllTextAsync(Path.Combine(Repo.RequireSharedData(), "emojivoto.yml"))))
        {
            real.Put(doc);
        }

        await using var twin = await MeshTwin.StartAsync(components: MeshTwin.SeedOnly);
        var store = twin.Context.Store;

        foreach (var (apiVersion, kind) in new[] { ("v1", "ServiceAccount"), ("v1", "Service"), ("apps/v1", "Deployment") })
        {
            Shapes(store, apiVersion, kind).Should().BeEquivalentTo(Shapes(real, apiVersion, kind), $"the twin's {kind}s are the manifest's");
        }

        Shapes(real, "v1", "ServiceAccount").Keys.Should().BeEquivalentTo(["emoji", "voting", "web"], "the manifest is the v11 emojivoto this test was written for");
    }

    /// <summary>What must agree with the manifest, per object name (the "default" service account is the API server's).</summary>
    internal static Dictionary<string, string> Shapes(KubeStore store, string apiVersion, string kind) =>
        store.List(apiVersion, kind, "emojivoto")
            .Where(o => !(kind == "ServiceAccount" && (string?)o["metadata"]!["name"] == "default"))
            .ToDictionary(o => (string)o["metadata"]!["name"]!, o => kind switch
            {
                "Service" => ServiceShape(o).ToJsonString(),
                "Deployment" => DeploymentShape(o).ToJsonString(),
                _ => "",
            });

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
