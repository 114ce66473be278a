using FluentAssertions;
using k8s;
using k8s.Models;
using Xunit;

namespace Deepthought.Tests.Kubernetes;

[Collection(KubeTwinCollection.Name)]
public sealed class KubeApiStatusTests(KubeTwinFixture twin)
{
    [Fact]
    public async Task StatusSubresource_Replace_ChangesOnlyStatus()
    {
        var d = await twin.Admin.AppsV1.CreateNamespacedDeploymentAsync(KubeApiPatchTests.Deployment("status-only"), "default");

        d.Status = new V1DeploymentStatus { Replicas = 2, ReadyReplicas = 2, AvailableReplicas = 2 };
        d.Spec.Replicas = 5; // ignored by the status subresource
        var updated = await twin.Admin.AppsV1.ReplaceNamespacedDeploymentStatusAsync(d, "status-only", "default");

        updated.Status.ReadyReplicas.Should().Be(2);
        updated.Spec.Replicas.Should().Be(2);
        updated.Metadata.Generation.Should().Be(1);
    }

    [Fact]
    public async Task MainResource_Update_IgnoresStatusChanges()
    {
        var d = await twin.Admin.AppsV1.CreateNamespacedDeploymentAsync(KubeApiPatchTests.Deployment("status-ignored"), "default");
        d = await twin.Admin.AppsV1.PatchNamespacedDeploymentStatusAsync(
            new V1Patch("""{"status":{"readyReplicas":1}}""", V1Patch.PatchType.MergePatch), "status-ignored", "default");

        d.Status.ReadyReplicas = 7;
        d.Spec.Replicas = 3;
        var updated = await twin.Admin.AppsV1.ReplaceNamespacedDeploymentAsync(d, "status-ignored", "default");

        updated.Status.ReadyReplicas.Should().Be(1);
        updated.Spec.Replicas.Should().Be(3);
        updated.Metadata.Generation.Should().Be(2);
    }

    [Fact]
    public async Task Create_DropsClientStatusForKindsWithStatusSubresource()
    {
        var deployment = KubeApiPatchTests.Deployment("status-on-create");
        deployment.Status = new V1DeploymentStatus { ReadyReplicas = 9 };

        var created = await twin.Admin.AppsV1.CreateNamespacedDeploymentAsync(deployment, "default");

        created.Status?.ReadyReplicas.Should().BeNull();
    }
}
