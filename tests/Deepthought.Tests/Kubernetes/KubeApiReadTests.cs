using System.Text.Json.Nodes;
using Deepthought.Twin.Kubernetes.Api;
using FluentAssertions;
using k8s;
using k8s.Autorest;
using Xunit;

namespace Deepthought.Tests.Kubernetes;

[Collection(KubeTwinCollection.Name)]
public sealed class KubeApiReadTests(KubeTwinFixture twin)
{
    [Fact]
    public async Task ListNodes_HealthyTwin_ReturnsTheProfiledNodesWithTheirTalosImage()
    {
        var nodes = await twin.Admin.CoreV1.ListNodeAsync();

        nodes.Items.Select(n => n.Metadata.Name).Should().BeEquivalentTo(KubeTwinFixture.Profile().Nodes.Select(n => n.Name));
        nodes.Items.Should().OnlyContain(n => n.Status.NodeInfo.OsImage == "Talos (v1.10.3)");
        nodes.Metadata.ResourceVersion.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task ListNamespaces_HealthyTwin_CarriesThePodSecurityLabels()
    {
        var namespaces = await twin.Auditor.CoreV1.ListNamespaceAsync();

        var rook = namespaces.Items.Single(n => n.Metadata.Name == "rook-ceph");
        rook.Metadata.Labels.Should().Contain("pod-security.kubernetes.io/enforce", "privileged");
        rook.Status.Phase.Should().Be("Active");
    }

    [Fact]
    public async Task GetNode_Missing_IsNotFoundWithTheRealMessage()
    {
        var act = () => twin.Admin.CoreV1.ReadNodeAsync("no-such-node");

        var e = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        e.Response.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        var status = KubeTwinFixture.StatusOf(e);
        status["reason"]!.GetValue<string>().Should().Be("NotFound");
        status["message"]!.GetValue<string>().Should().Be("nodes \"no-such-node\" not found");
    }

    [Fact]
    public async Task Discovery_Version_IsKubernetes133()
    {
        var version = await twin.Auditor.Version.GetCodeAsync();
        version.GitVersion.Should().Be(Discovery.GitVersion);

        var core = await twin.Auditor.CoreV1.GetAPIResourcesAsync();
        var pods = core.Resources.Single(r => r.Name == "pods");
        pods.ShortNames.Should().Contain("po");
        pods.Namespaced.Should().BeTrue();
        pods.Verbs.Should().Contain(["get", "list", "watch", "create", "patch"]);
        core.Resources.Should().Contain(r => r.Name == "pods/proxy").And.Contain(r => r.Name == "pods/status");

        var groups = await twin.Auditor.Apis.GetAPIVersionsAsync();
        groups.Groups.Should().Contain(g => g.Name == "apps" && g.PreferredVersion.Version == "v1");
    }

    [Fact]
    public async Task Readyz_Verbose_ListsEtcdAsHealthy()
    {
        var (status, body, _) = await KubeTwinFixture.SendAsync(twin.Auditor, HttpMethod.Get, "/readyz?verbose");

        status.Should().Be(200);
        body.Should().Contain("[+]etcd ok").And.EndWith("readyz check passed\n");
        (await KubeTwinFixture.SendAsync(twin.Auditor, HttpMethod.Get, "/livez")).Body.Should().Be("ok");
    }

    [Fact]
    public async Task ListAsTable_Nodes_HasTheKubectlColumns()
    {
        var (status, body, contentType) = await KubeTwinFixture.SendAsync(
            twin.Auditor, HttpMethod.Get, "/api/v1/nodes", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");

        status.Should().Be(200);
        contentType.Replace(" ", "", StringComparison.Ordinal).Should().StartWith("application/json;as=Table");
        var table = JsonNode.Parse(body)!;
        table["kind"]!.GetValue<string>().Should().Be("Table");
        table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())
            .Should().StartWith(["Name", "Status", "Roles", "Age", "Version", "Internal-IP"]);
        var cp = table["rows"]!.AsArray().Single(r => r!["cells"]![0]!.GetValue<string>() == "talos-cp1-zaphod")!;
        cp["cells"]![1]!.GetValue<string>().Should().Be("Ready");
        cp["cells"]![2]!.GetValue<string>().Should().Be("control-plane");
        cp["object"]!["kind"]!.GetValue<string>().Should().Be("PartialObjectMetadata");
    }
}
