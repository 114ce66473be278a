using System.Text.Json.Nodes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Policy;
using Deepthought.Tests.Gateway;
using Xunit.Abstractions;

namespace Deepthought.Tests.Policy;

/// <summary>Objects acceptance sets aside come back exactly as they were, not as the project's manifests.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RestoreExactlyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Acceptance_ClusterObjectsWithTheirOwnMetadata_AreRestoredExactlyAsTheyWere()
    {
        await using var world = await GatewayRun.StartAsync(mode: RunMode.Acceptance);
        var owner = new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1", ["kind"] = "Application", ["name"] = "emojivoto-policy",
            ["uid"] = "5b0c3f4e-2d7a-4c1e-9a35-0f6c2b7d8e91", ["controller"] = true, ["blockOwnerDeletion"] = true,
        };
        void Decorate(JsonObject o)
        {
            var meta = (JsonObject)o["metadata"]!;
            var labels = (JsonObject)(meta["labels"] ??= new JsonObject());
            labels["app.kubernetes.io/managed-by"] = "Helm";
            labels["team"] = "homelab";
            var annotations = (JsonObject)(meta["annotations"] ??= new JsonObject());
            annotations["meta.helm.sh/release-name"] = "emojivoto-policy";
            annotations["meta.helm.sh/release-namespace"] = "emojivoto";
            annotations["note"] = "owned by the owner";
            meta["ownerReferences"] = new JsonArray(owner.DeepClone());
        }

        world.Store.Update("policy.linkerd.io/v1beta3", "Server", "emojivoto", "voting-grpc", Decorate);
        world.Store.Update("policy.linkerd.io/v1beta1", "ServerAuthorization", "emojivoto", "voting-grpc", o =>
        {
            Decorate(o);
            ((JsonArray)o["spec"]!["client"]!["meshTLS"]!["serviceAccounts"]!).Add(new JsonObject { ["name"] = "vote-bot" });
        });
        var before = Snapshot(world);

        var results = await world.RunPhasesAsync();
        foreach (var r in results.Values)
        {
            output.WriteLine($"{r.Outcome} {r.Id}: {r.Verdict.Message}");
        }


        results[PolicyCheckIds.NoLeftovers].Outcome.Should().Be(Outcome.Pass);
        world.Labelled().Should().BeEmpty();
        var after = Snapshot(world);
        after.Should().Equal(before, "spec, labels, annotations and owner references come back byte for byte");
    }

    /// <summary>The Server's and ServerAuthorization's spec, labels, annotations and owner references as JSON text.</summary>
    private static List<string> Snapshot(GatewayRun world) =>
        new[] { ("policy.linkerd.io/v1beta3", "Server"), ("policy.linkerd.io/v1beta1", "ServerAuthorization") }
            .Select(k => world.Store.Get(k.Item1, k.Item2, "emojivoto", "voting-grpc"))
            .SelectMany(o => new[] { o?["spec"], o?["metadata"]?["labels"], o?["metadata"]?["annotations"], o?["metadata"]?["ownerReferences"] })
            .Select(n => n?.ToJsonString() ?? "null")
            .ToList();

}
