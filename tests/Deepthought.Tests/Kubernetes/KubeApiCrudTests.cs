using System.Net;
using FluentAssertions;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Deepthought.Tests.Kubernetes;

[Collection(KubeTwinCollection.Name)]
public sealed class KubeApiCrudTests(KubeTwinFixture twin)
{
    private static V1ConfigMap ConfigMap(string name, string ns = "default", IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
        Data = new Dictionary<string, string> { ["a"] = "1" },
    };

    private static async Task<(HttpStatusCode Code, string Reason, string Message)> FailureOf(Func<Task> call)
    {
        var e = (await call.Should().ThrowAsync<HttpOperationException>()).Which;
        var status = KubeTwinFixture.StatusOf(e);
        return (e.Response.StatusCode, status["reason"]!.GetValue<string>(), status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ConfigMap_CreateReadUpdateDelete_RoundTrips()
    {
        var created = await twin.Admin.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("crud-1"), "default");
        created.Metadata.Uid.Should().NotBeNullOrEmpty();
        created.Metadata.CreationTimestamp.Should().NotBeNull();

        created.Data["a"] = "2";
        var updated = await twin.Admin.CoreV1.ReplaceNamespacedConfigMapAsync(created, "crud-1", "default");
        updated.Data["a"].Should().Be("2");
        long.Parse(updated.Metadata.ResourceVersion).Should().BeGreaterThan(long.Parse(created.Metadata.ResourceVersion));

        await twin.Admin.CoreV1.DeleteNamespacedConfigMapAsync("crud-1", "default");
        var gone = await FailureOf(() => twin.Admin.CoreV1.ReadNamespacedConfigMapAsync("crud-1", "default"));
        gone.Code.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_Twice_IsAlreadyExists()
    {
        await twin.Admin.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("crud-twice"), "default");

        var failure = await FailureOf(() => twin.Admin.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("crud-twice"), "default"));

        failure.Should().Be((HttpStatusCode.Conflict, "AlreadyExists", "configmaps \"crud-twice\" already exists"));
    }

    [Fact]
    public async Task Update_WithStaleResourceVersion_IsConflict()
    {
        var first = await twin.Admin.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("crud-stale"), "default");
        first.Data["a"] = "2";
        await twin.Admin.CoreV1.ReplaceNamespacedConfigMapAsync(first, "crud-stale", "default");

        first.Data["a"] = "3"; // still carries the first resourceVersion
        var failure = await FailureOf(() => twin.Admin.CoreV1.ReplaceNamespacedConfigMapAsync(first, "crud-stale", "default"));

        failure.Should().Be((HttpStatusCode.Conflict, "Conflict",
            "Operation cannot be fulfilled on configmaps \"crud-stale\": the object has been modified; please apply your changes to the latest version and try again"));
    }

    [Fact]
    public async Task Create_InMissingNamespace_IsNamespaceNotFound()
    {
        var failure = await FailureOf(() => twin.Admin.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x", "no-such-ns"), "no-such-ns"));

        failure.Should().Be((HttpStatusCode.NotFound, "NotFound", "namespaces \"no-such-ns\" not found"));
    }

    [Fact]
    public async Task Create_WithInvalidName_IsInvalid()
    {
        var failure = await FailureOf(() => twin.Admin.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("Not_Valid"), "default"));

        failure.Code.Should().Be(HttpStatusCode.UnprocessableEntity);
        failure.Reason.Should().Be("Invalid");
        failure.Message.Should().StartWith("ConfigMap \"Not_Valid\" is invalid: metadata.name: Invalid value: \"Not_Valid\": a lowercase RFC 1123 subdomain");
    }

    [Fact]
    public async Task DeleteCollection_WithLabelSelector_DeletesOnlyTheSelected()
    {
        await twin.Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "crud-collection" } });
        foreach (var (name, tier) in new[] { ("c1", "web"), ("c2", "web"), ("c3", "db") })
        {
            await twin.Admin.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name, "crud-collection", new Dictionary<string, string> { ["tier"] = tier }), "crud-collection");
        }

        await twin.Admin.CoreV1.DeleteCollectionNamespacedConfigMapAsync("crud-collection", labelSelector: "tier=web");

        var left = await twin.Admin.CoreV1.ListNamespacedConfigMapAsync("crud-collection");
        left.Items.Select(c => c.Metadata.Name).Should().Equal("c3");
    }

    [Fact]
    public async Task DeleteNamespace_TakesItsObjectsAlong()
    {
        await twin.Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "crud-doomed" } });
        await twin.Admin.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("inside", "crud-doomed"), "crud-doomed");

        await twin.Admin.CoreV1.DeleteNamespaceAsync("crud-doomed");

        (await twin.Admin.CoreV1.ListNamespacedConfigMapAsync("crud-doomed")).Items.Should().BeEmpty();
        (await FailureOf(() => twin.Admin.CoreV1.ReadNamespaceAsync("crud-doomed"))).Code.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreateNamespace_GetsActivePhaseAndNameLabel()
    {
        var ns = await twin.Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "crud-fresh" } });

        ns.Status.Phase.Should().Be("Active");
        ns.Metadata.Labels.Should().Contain("kubernetes.io/metadata.name", "crud-fresh");
    }
}
