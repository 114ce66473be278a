using System.Net;
using FluentAssertions;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Deepthought.Tests.Kubernetes;

[Collection(KubeTwinCollection.Name)]
public sealed class KubeApiSelectorTests(KubeTwinFixture twin) : IAsyncLifetime
{
    private const string Ns = "selectors";

    public async Task InitializeAsync()
    {
        if ((await twin.Admin.CoreV1.ListNamespaceAsync(fieldSelector: $"metadata.name={Ns}")).Items.Count > 0)
        {
            return;
        }

        await twin.Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });
        foreach (var (name, labels) in new (string, Dictionary<string, string>)[]
        {
            ("web", new() { ["app"] = "web", ["tier"] = "front" }),
            ("api", new() { ["app"] = "api", ["tier"] = "back" }),
            ("db", new() { ["app"] = "db", ["tier"] = "back", ["critical"] = "yes" }),
            ("bare", new()),
        })
        {
            await twin.Admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = labels } }, Ns);
        }

        await twin.Admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "tls" }, Type = "kubernetes.io/tls", StringData = new Dictionary<string, string> { ["tls.crt"] = "x", ["tls.key"] = "y" } }, Ns);
        await twin.Admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "opaque" }, Type = "Opaque" }, Ns);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("app=web", "web")]
    [InlineData("app==web", "web")]
    [InlineData("tier!=back", "bare,web")]
    [InlineData("app in (web,db)", "db,web")]
    [InlineData("app notin (web,db)", "api,bare")]
    [InlineData("critical", "db")]
    [InlineData("!critical,app", "api,web")]
    [InlineData("tier=back,app!=db", "api")]
    public async Task ListConfigMaps_WithLabelSelector_ReturnsTheMatches(string selector, string expected)
    {
        var list = await twin.Admin.CoreV1.ListNamespacedConfigMapAsync(Ns, labelSelector: selector);

        list.Items.Select(c => c.Metadata.Name).Should().Equal(expected.Split(','));
    }

    [Fact]
    public async Task ListConfigMaps_WithNameFieldSelector_ReturnsThatOne()
    {
        var list = await twin.Admin.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: $"metadata.name=db,metadata.namespace={Ns}");

        list.Items.Should().ContainSingle().Which.Metadata.Name.Should().Be("db");
    }

    [Fact]
    public async Task ListSecrets_ByType_ReturnsOnlyTlsSecrets()
    {
        var list = await twin.Admin.CoreV1.ListNamespacedSecretAsync(Ns, fieldSelector: "type=kubernetes.io/tls");

        list.Items.Should().ContainSingle().Which.Metadata.Name.Should().Be("tls");
    }

    [Fact]
    public async Task ListPods_ByNodeAndPhase_Filters()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "on-marvin" },
            Spec = new V1PodSpec { NodeName = "talos-work2-marvin", Containers = [new V1Container { Name = "c", Image = "busybox" }] },
        };
        if ((await twin.Admin.CoreV1.ListNamespacedPodAsync(Ns, fieldSelector: "metadata.name=on-marvin")).Items.Count == 0)
        {
            await twin.Admin.CoreV1.CreateNamespacedPodAsync(pod, Ns);
        }

        (await twin.Admin.CoreV1.ListNamespacedPodAsync(Ns, fieldSelector: "spec.nodeName=talos-work2-marvin")).Items.Should().ContainSingle();
        (await twin.Admin.CoreV1.ListNamespacedPodAsync(Ns, fieldSelector: "spec.nodeName=talos-cp1-zaphod")).Items.Should().BeEmpty();
        (await twin.Admin.CoreV1.ListNamespacedPodAsync(Ns, fieldSelector: "status.phase!=Running")).Items.Should().ContainSingle();
    }

    [Fact]
    public async Task List_WithUnsupportedField_IsBadRequest()
    {
        var act = () => twin.Admin.CoreV1.ListNamespacedConfigMapAsync(Ns, fieldSelector: "data.a=1");

        var e = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        e.Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        KubeTwinFixture.StatusOf(e)["message"]!.GetValue<string>().Should().Be("field label not supported: data.a");
    }
}
