using System.Text.Json.Nodes;
using FluentAssertions;
using k8s;
using k8s.Models;
using Xunit;

namespace Deepthought.Tests.Kubernetes;

/// <summary>Metadata-only reads: how the harness lists Helm release Secrets without ever receiving their payloads.</summary>
[Collection(KubeTwinCollection.Name)]
public sealed class KubeApiMetadataTests(KubeTwinFixture twin)
{
    private const string ListMedia = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";

    [Fact]
    public async Task ListSecrets_AsPartialObjectMetadataList_CarriesNoData()
    {
        await twin.Admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "sh.helm.release.v1.demo.v1", Labels = new Dictionary<string, string> { ["owner"] = "helm", ["name"] = "demo" } },
            Type = "helm.sh/release.v1",
            StringData = new Dictionary<string, string> { ["release"] = "top-secret-payload" },
        }, "default");

        // As admin: the auditor may list Secrets only in the profile's Helm namespaces (AuditorRoleTests), not in default.
        var (status, body, contentType) = await KubeTwinFixture.SendAsync(twin.Admin, HttpMethod.Get, "/api/v1/namespaces/default/secrets?labelSelector=owner%3Dhelm", ListMedia);

        status.Should().Be(200);
        contentType.Should().Contain("PartialObjectMetadataList");
        body.Should().NotContain("top-secret-payload").And.NotContain("\"data\"");
        var list = JsonNode.Parse(body)!;
        list["kind"]!.GetValue<string>().Should().Be("PartialObjectMetadataList");
        var item = list["items"]!.AsArray().Should().ContainSingle().Subject!;
        item["kind"]!.GetValue<string>().Should().Be("PartialObjectMetadata");
        item["metadata"]!["name"]!.GetValue<string>().Should().Be("sh.helm.release.v1.demo.v1");
        item.AsObject().Select(kv => kv.Key).Should().BeEquivalentTo("kind", "apiVersion", "metadata");
    }

    [Fact]
    public async Task GetNode_AsPartialObjectMetadata_IsMetadataOnly()
    {
        var (status, body, _) = await KubeTwinFixture.SendAsync(twin.Auditor, HttpMethod.Get, "/api/v1/nodes/talos-cp1-zaphod",
            "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1");

        status.Should().Be(200);
        var obj = JsonNode.Parse(body)!;
        obj["kind"]!.GetValue<string>().Should().Be("PartialObjectMetadata");
        obj["status"].Should().BeNull();
        obj["metadata"]!["labels"]!["kubernetes.io/hostname"]!.GetValue<string>().Should().Be("talos-cp1-zaphod");
    }

    [Fact]
    public async Task Accept_WithOnlyProtobuf_IsNotAcceptable()
    {
        var (status, _, _) = await KubeTwinFixture.SendAsync(twin.Auditor, HttpMethod.Get, "/api/v1/nodes", "application/vnd.kubernetes.protobuf");

        status.Should().Be(406);
    }
}
