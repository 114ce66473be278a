using System.Text.Json.Nodes;
using Deepthought.Tests.Support;
using FluentAssertions;
using Xunit;
using k8s;
using k8s.Models;

namespace Deepthought.Tests.Kubernetes;

// Watches run as admin: the auditor role grants no watch (KubeApiRbacTests.Auditor_Watch_IsForbidden_NoProbeWatches).
[Collection(KubeTwinCollection.Name)]
public sealed class KubeApiWatchTests(KubeTwinFixture twin)
{
    private static List<(string Type, JsonNode Object)> Events(string body) =>
        body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).Select(e => (e["type"]!.GetValue<string>(), e["object"]!)).ToList();

    // Starts a watch that ends by itself after two seconds, runs the changes once the watch is open, returns its events.
    private async Task<List<(string Type, JsonNode Object)>> WatchWhile(string query, Func<Task> changes)
    {
        var watches = twin.Log.Entries.Count(e => e.Verb == "watch");
        var watching = KubeTwinFixture.SendAsync(twin.Admin, HttpMethod.Get, $"/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=2&{query}");
        var open = await Eventually.HoldsAsync(() => twin.Log.Entries.Count(e => e.Verb == "watch") > watches, "the twin logged the watch request", TimeSpan.FromSeconds(10));
        open.Succeeded.Should().BeTrue(open.LastState);

        await changes();
        var (status, body, _) = await watching;
        status.Should().Be(200);
        return Events(body);
    }

    [Fact]
    public async Task Watch_FromAListsVersion_SeesModifiedAndDeleted()
    {
        var cm = await twin.Admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "watch-a" } }, "default");

        var events = await WatchWhile($"fieldSelector=metadata.name%3Dwatch-a&resourceVersion={cm.Metadata.ResourceVersion}", async () =>
        {
            await twin.Admin.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"v"}}""", V1Patch.PatchType.MergePatch), "watch-a", "default");
            await twin.Admin.CoreV1.DeleteNamespacedConfigMapAsync("watch-a", "default");
        });

        events.Select(e => e.Type).Should().Equal("MODIFIED", "DELETED");
        events[0].Object["data"]!["k"]!.GetValue<string>().Should().Be("v");
    }

    [Fact]
    public async Task Watch_WithSendInitialEvents_SendsTheMatchesThenABookmark()
    {
        await twin.Admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "watch-b", Labels = new Dictionary<string, string> { ["w"] = "b" } } }, "default");

        var events = await WatchWhile("labelSelector=w%3Db&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan", () => Task.CompletedTask);

        events.Select(e => e.Type).Should().Equal("ADDED", "BOOKMARK");
        events[0].Object["metadata"]!["name"]!.GetValue<string>().Should().Be("watch-b");
        events[1].Object["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>().Should().Be("true");
    }

    [Fact]
    public async Task Watch_WithKubernetesClient_StreamsTypedEvents()
    {
        var list = await twin.Admin.CoreV1.ListNamespacedConfigMapAsync("default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var seen = new List<(WatchEventType, string)>();

        var reading = Task.Run(async () =>
        {
            await foreach (var (type, item) in twin.Admin.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                seen.Add((type, item.Metadata.Name));
                if (type == WatchEventType.Deleted)
                {
                    break;
                }
            }
        });
        await twin.Admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "watch-c" } }, "default");
        await twin.Admin.CoreV1.DeleteNamespacedConfigMapAsync("watch-c", "default");
        await reading;

        seen.Where(s => s.Item2 == "watch-c").Should().Equal((WatchEventType.Added, "watch-c"), (WatchEventType.Deleted, "watch-c"));
    }

    [Fact]
    public async Task Watch_FromAVersionOutsideTheWindow_IsGone()
    {
        var (status, body, _) = await KubeTwinFixture.SendAsync(twin.Admin, HttpMethod.Get, "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=5");

        status.Should().Be(410);
        JsonNode.Parse(body)!["reason"]!.GetValue<string>().Should().Be("Expired");
    }
}
