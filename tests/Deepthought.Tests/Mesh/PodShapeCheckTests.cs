using Deepthought.Checks.Mesh;
using Deepthought.Checks.Model;
using Deepthought.Tests.Support;
using k8s.Models;

namespace Deepthought.Tests.Mesh;

/// <summary>mesh.emojivoto-meshed and mesh.proxy-init-root on hand-built pods (the twin's emojivoto pods come from the mesh network).</summary>
public sealed class PodShapeCheckTests
{
    [Fact]
    public async Task Meshed_InjectedPods_Pass()
    {
        var verdict = await EmojivotoPods.Meshed().JudgeAsync("mesh.emojivoto-meshed");
        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
        verdict.Evidence.Should().HaveCount(8, "4 pod templates and 4 pods");
    }

    [Fact]
    public async Task Meshed_PodWithoutProxy_FailsNamingThePod()
    {
        var world = EmojivotoPods.Meshed();
        var pod = world.Pod("voting");
        pod.Spec.Containers = pod.Spec.Containers.Where(c => c.Name != MeshFacts.ProxyContainer).ToList();
        var verdict = await world.JudgeAsync("mesh.emojivoto-meshed");
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be($"pod emojivoto/{pod.Metadata.Name}: expected a ready linkerd-proxy container, got no linkerd-proxy container (containers: voting-svc) — not meshed");
    }

    [Fact]
    public async Task Meshed_ProxyNotReady_Fails()
    {
        var world = EmojivotoPods.Meshed();
        world.Pod("web").Status.ContainerStatuses[0].Ready = false;
        var verdict = await world.JudgeAsync("mesh.emojivoto-meshed");
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().EndWith("expected a ready linkerd-proxy container, got linkerd-proxy present but not ready");
    }

    [Fact]
    public async Task Meshed_NativeSidecarProxy_Passes()
    {
        var world = EmojivotoPods.Meshed();
        var pod = world.Pod("emoji");
        pod.Spec.Containers = pod.Spec.Containers.Where(c => c.Name != MeshFacts.ProxyContainer).ToList();
        pod.Spec.InitContainers.Add(new V1Container { Name = MeshFacts.ProxyContainer, RestartPolicy = "Always" });
        pod.Status.InitContainerStatuses = [new V1ContainerStatus { Name = MeshFacts.ProxyContainer, Ready = true, Image = "proxy", ImageID = "" }];
        (await world.JudgeAsync("mesh.emojivoto-meshed")).Outcome.Should().Be(Outcome.Pass);
    }

    [Fact]
    public async Task Meshed_TemplateWithoutInjectAnnotation_Fails()
    {
        var world = EmojivotoPods.Meshed();
        world.Deployments.First(d => d.Metadata.Name == "vote-bot").Spec.Template.Metadata.Annotations.Clear();
        var verdict = await world.JudgeAsync("mesh.emojivoto-meshed");
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be("deployment emojivoto/vote-bot pod template: expected annotation linkerd.io/inject: enabled, got no inject annotation");
    }

    [Fact]
    public async Task Meshed_EmptyNamespace_Fails()
    {
        var verdict = await new EmojivotoPods().JudgeAsync("mesh.emojivoto-meshed");
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be("namespace emojivoto: expected meshed workloads, got no deployments and no pods");
    }

    [Fact]
    public async Task ProxyInit_RootInitContainers_Pass()
    {
        var verdict = await EmojivotoPods.Meshed().JudgeAsync("mesh.proxy-init-root");
        verdict.Outcome.Should().Be(Outcome.Pass, verdict.Message);
        verdict.Message.Should().Be("linkerd-init runs as uid 0 (runAsUser 0, runAsNonRoot false) in all 4 meshed pods");
    }

    [Fact]
    public async Task ProxyInit_ChartDefaultNonRoot_FailsNamingThePod()
    {
        var world = EmojivotoPods.Meshed();
        var pod = world.Pod("web");
        pod.Spec.InitContainers[0].SecurityContext = new V1SecurityContext { RunAsUser = 65534, RunAsNonRoot = true };
        var verdict = await world.JudgeAsync("mesh.proxy-init-root");
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Be($"pod emojivoto/{pod.Metadata.Name} container linkerd-init: expected runs as uid 0 (runAsUser 0, runAsNonRoot false), got runAsUser 65534, runAsNonRoot true");
    }

    [Fact]
    public async Task ProxyInit_UidFromPodSecurityContext_IsUsed()
    {
        var world = EmojivotoPods.Meshed();
        var pod = world.Pod("emoji");
        pod.Spec.InitContainers[0].SecurityContext = null;
        pod.Spec.SecurityContext = new V1PodSecurityContext { RunAsUser = 1000 };
        var verdict = await world.JudgeAsync("mesh.proxy-init-root");
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("got runAsUser 1000, runAsNonRoot unset");
    }

    [Fact]
    public async Task ProxyInit_UnmeshedPod_IsLeftToTheMeshedCheck()
    {
        var world = EmojivotoPods.Meshed();
        world.Pod("voting").Spec.InitContainers.Clear();
        var verdict = await world.JudgeAsync("mesh.proxy-init-root");
        verdict.Outcome.Should().Be(Outcome.Pass);
        verdict.Message.Should().Contain("in all 3 meshed pods");
    }

    [Fact]
    public async Task ProxyInit_ProfileSaysNonRoot_RootFails()
    {
        var profile = Repo.ProfileWith("proxyInitRunAsRoot: true", "proxyInitRunAsRoot: false");
        var verdict = await EmojivotoPods.Meshed().JudgeAsync("mesh.proxy-init-root", profile);
        verdict.Outcome.Should().Be(Outcome.Fail);
        verdict.Message.Should().Contain("expected runs as a non-root uid, got runAsUser 0, runAsNonRoot false");
    }
}
