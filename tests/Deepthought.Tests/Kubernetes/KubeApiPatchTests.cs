using System.Net;
using System.Text.Json.Nodes;
using FluentAssertions;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Deepthought.Tests.Kubernetes;

[Collection(KubeTwinCollection.Name)]
public sealed class KubeApiPatchTests(KubeTwinFixture twin)
{
    private async Task<V1ConfigMap> FreshConfigMap(string name)
    {
        return await twin.Admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "1" } },
            Data = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" },
        }, "default");
    }

    [Fact]
    public async Task MergePatch_SetsAndRemovesKeys()
    {
        await FreshConfigMap("patch-merge");

        var patched = await twin.Admin.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"labels":{"drop":null,"new":"2"}},"data":{"b":null,"c":"3"}}""", V1Patch.PatchType.MergePatch), "patch-merge", "default");

        patched.Metadata.Labels.Should().BeEquivalentTo(new Dictionary<string, string> { ["keep"] = "1", ["new"] = "2" });
        patched.Data.Should().BeEquivalentTo(new Dictionary<string, string> { ["a"] = "1", ["c"] = "3" });
    }

    [Fact]
    public async Task JsonPatch_AppliesOperationsAndFailsAFailedTest()
    {
        await FreshConfigMap("patch-json");

        var patched = await twin.Admin.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"replace","path":"/data/a","value":"9"},{"op":"remove","path":"/metadata/labels/drop"},{"op":"add","path":"/data/x~1y","value":"z"}]""", V1Patch.PatchType.JsonPatch),
            "patch-json", "default");
        patched.Data.Should().Contain("a", "9").And.Contain("x/y", "z");
        patched.Metadata.Labels.Should().NotContainKey("drop");

        var act = () => twin.Admin.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"test","path":"/data/a","value":"1"},{"op":"replace","path":"/data/a","value":"0"}]""", V1Patch.PatchType.JsonPatch), "patch-json", "default");
        var e = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        e.Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await twin.Admin.CoreV1.ReadNamespacedConfigMapAsync("patch-json", "default")).Data["a"].Should().Be("9");
    }

    [Fact]
    public async Task StrategicMergePatch_MergesContainersByName()
    {
        await twin.Admin.AppsV1.CreateNamespacedDeploymentAsync(Deployment("patch-smp"), "default");

        var patched = await twin.Admin.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:2"}]}}}}""", V1Patch.PatchType.StrategicMergePatch),
            "patch-smp", "default");

        var containers = patched.Spec.Template.Spec.Containers;
        containers.Select(c => $"{c.Name}={c.Image}").Should().Equal("web=nginx:2", "sidecar=busybox:1");
        containers[0].Ports.Should().ContainSingle().Which.ContainerPort.Should().Be(80);
        patched.Metadata.Generation.Should().Be(2);
    }

    [Fact]
    public async Task ServerSideApply_CreatesThenUpdates()
    {
        // KubernetesClient sends apply patches as JSON; kubectl sends YAML (below).
        const string json = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"patch-apply","namespace":"default"},"data":{"mode":"first"}}""";
        var created = await twin.Admin.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(json, V1Patch.PatchType.ApplyPatch), "patch-apply", "default", fieldManager: "tests");
        created.Data["mode"].Should().Be("first");

        const string yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: patch-apply
              namespace: default
            data:
              mode: second
              count: "2"
            """;
        var (status, body, _) = await KubeTwinFixture.SendAsync(twin.Admin, HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/patch-apply?fieldManager=tests",
            content: Body.Json(yaml, "application/apply-patch+yaml"));

        status.Should().Be(200);
        var updated = JsonNode.Parse(body)!;
        updated["data"]!["mode"]!.GetValue<string>().Should().Be("second");
        updated["data"]!["count"]!.GetValue<string>().Should().Be("2");
        updated["metadata"]!["uid"]!.GetValue<string>().Should().Be(created.Metadata.Uid);
    }

    [Fact]
    public async Task ServerSideApply_WithoutFieldManager_IsInvalid()
    {
        var (status, body, _) = await KubeTwinFixture.SendAsync(twin.Admin, HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/patch-nofm",
            content: Body.Json("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"patch-nofm"}}""", "application/apply-patch+yaml"));

        status.Should().Be(422);
        JsonNode.Parse(body)!["message"]!.GetValue<string>().Should().Contain("fieldManager: Required value");
    }

    [Fact]
    public async Task Patch_MissingObject_IsNotFound()
    {
        var act = () => twin.Admin.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":"1"}}""", V1Patch.PatchType.MergePatch), "patch-nobody", "default");

        (await act.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    internal static V1Deployment Deployment(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = 2,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container { Name = "web", Image = "nginx:1", Ports = [new V1ContainerPort { ContainerPort = 80, Name = "http" }] },
                        new V1Container { Name = "sidecar", Image = "busybox:1" },
                    ],
                },
            },
        },
    };
}
