using System.Net;
using Deepthought.Twin.Kubernetes.Api;
using Deepthought.Twin.Kubernetes.Api.Rbac;
using FluentAssertions;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Deepthought.Tests.Kubernetes;

/// <summary>The auditor identity gets exactly profiles/rbac/auditor.yaml, evaluated with real RBAC matching.</summary>
[Collection(KubeTwinCollection.Name)]
public sealed class KubeApiRbacTests(KubeTwinFixture twin)
{
    private static async Task<string> ForbiddenMessage(Func<Task> call)
    {
        var e = (await call.Should().ThrowAsync<HttpOperationException>()).Which;
        e.Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var status = KubeTwinFixture.StatusOf(e);
        status["reason"]!.GetValue<string>().Should().Be("Forbidden");
        return status["message"]!.GetValue<string>();
    }

    [Fact]
    public void AuditorPolicy_ComesFromTheRepository()
    {
        var server = twin.Twin.Context.Find<KubeApiServer>()!;

        server.AuditorPolicySource.Should().Be(Path.Combine(KubeTwinFixture.RepoRoot, "profiles", "rbac", "auditor.yaml"));
    }

    [Fact]
    public void AuditorPolicy_OutsideTheRepository_UsesTheEmbeddedCopy()
    {
        var (yaml, source) = RbacPolicy.LoadAuditor(Path.GetTempPath());

        source.Should().Be("embedded");
        yaml.Should().Be(File.ReadAllText(Path.Combine(KubeTwinFixture.RepoRoot, RbacPolicy.AuditorFile)));
    }

    [Fact]
    public async Task Auditor_ListsNodesAndReadsCrds()
    {
        (await twin.Auditor.CoreV1.ListNodeAsync()).Items.Should().NotBeEmpty();
        (await twin.Auditor.ApiextensionsV1.ListCustomResourceDefinitionAsync()).Should().NotBeNull();
        (await twin.Auditor.AppsV1.ListDeploymentForAllNamespacesAsync()).Should().NotBeNull();
    }

    [Fact]
    public async Task Auditor_Watch_IsForbidden_NoProbeWatches()
    {
        var message = await ForbiddenMessage(() => twin.Auditor.CoreV1.ListNamespacedPodWithHttpMessagesAsync("kube-system", watch: true));

        message.Should().Contain("User \"deepthought-auditor\" cannot watch resource \"pods\"");
    }

    [Fact]
    public async Task Auditor_Secrets_ListableOnlyInTheHelmNamespaces_NeverTheIssuerSecret()
    {
        var clusterWide = await ForbiddenMessage(() => twin.Auditor.CoreV1.ListSecretForAllNamespacesAsync());
        var issuer = await ForbiddenMessage(() => twin.Auditor.CoreV1.ReadNamespacedSecretAsync("linkerd-identity-issuer", "linkerd"));
        var elsewhere = await ForbiddenMessage(() => twin.Auditor.CoreV1.ListNamespacedSecretAsync("emojivoto"));

        clusterWide.Should().Be("secrets is forbidden: User \"deepthought-auditor\" cannot list resource \"secrets\" in API group \"\" at the cluster scope");
        issuer.Should().Be("secrets \"linkerd-identity-issuer\" is forbidden: User \"deepthought-auditor\" cannot get resource \"secrets\" in API group \"\" in the namespace \"linkerd\"");
        elsewhere.Should().Contain("cannot list resource \"secrets\" in API group \"\" in the namespace \"emojivoto\"");
        foreach (var ns in AuditorRoleTests.HelmNamespaces())
        {
            (await twin.Auditor.CoreV1.ListNamespacedSecretAsync(ns, labelSelector: "owner=helm")).Items.Should().NotBeEmpty(ns);
        }
    }

    [Fact]
    public void AuditorPolicy_UnknownFile_IsRefusedNamingTheShippedOnes()
    {
        var load = () => RbacPolicy.LoadAuditor(file: "profiles/rbac/admin.yaml");

        load.Should().Throw<ArgumentException>().WithMessage("unknown auditor role profiles/rbac/admin.yaml; the shipped ones are profiles/rbac/auditor.yaml, profiles/rbac/auditor-no-secrets.yaml*");
    }

    [Fact]
    public void AuditorNoSecrets_OutsideTheRepository_UsesTheEmbeddedCopy()
    {
        var (yaml, source) = RbacPolicy.LoadAuditor(Path.GetTempPath(), RbacPolicy.NoSecretsAuditorFile);

        source.Should().Be("embedded");
        yaml.Should().Be(File.ReadAllText(Path.Combine(KubeTwinFixture.RepoRoot, RbacPolicy.NoSecretsAuditorFile)));
    }

    [Fact]
    public async Task Auditor_PatchNode_IsForbiddenWithTheRealMessage()
    {
        var message = await ForbiddenMessage(() => twin.Auditor.CoreV1.PatchNodeAsync(
            new V1Patch("""{"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.MergePatch), "talos-cp1-zaphod"));

        message.Should().Be("nodes \"talos-cp1-zaphod\" is forbidden: User \"deepthought-auditor\" cannot patch resource \"nodes\" in API group \"\" at the cluster scope");
        (await twin.Admin.CoreV1.ReadNodeAsync("talos-cp1-zaphod")).Metadata.Labels.Should().NotContainKey("x");
    }

    [Fact]
    public async Task Auditor_CreateConfigMap_IsForbidden()
    {
        var message = await ForbiddenMessage(() => twin.Auditor.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "nope" } }, "default"));

        message.Should().Be("configmaps is forbidden: User \"deepthought-auditor\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"default\"");
    }

    [Fact]
    public async Task Auditor_ResourceOutsideTheRole_IsForbidden()
    {
        var message = await ForbiddenMessage(() => twin.Auditor.StorageV1.ListStorageClassAsync());

        message.Should().Be("storageclasses.storage.k8s.io is forbidden: User \"deepthought-auditor\" cannot list resource \"storageclasses\" in API group \"storage.k8s.io\" at the cluster scope");
        (await twin.Admin.StorageV1.ListStorageClassAsync()).Should().NotBeNull();
    }

    [Fact]
    public async Task Auditor_ProxyWriteAndNodesProxy_AreForbidden()
    {
        var post = await KubeTwinFixture.SendAsync(twin.Auditor, HttpMethod.Post, "/api/v1/namespaces/emojivoto/pods/web:4191/proxy/x", content: Body.Json("{}"));
        var nodeProxy = await KubeTwinFixture.SendAsync(twin.Auditor, HttpMethod.Get, "/api/v1/nodes/talos-cp1-zaphod/proxy/metrics");

        post.Status.Should().Be(403);
        System.Text.Json.Nodes.JsonNode.Parse(post.Body)!["message"]!.GetValue<string>().Should().Be(
            "pods \"web:4191\" is forbidden: User \"deepthought-auditor\" cannot create resource \"pods/proxy\" in API group \"\" in the namespace \"emojivoto\"");
        nodeProxy.Status.Should().Be(403);
    }

    [Fact]
    public async Task SelfSubjectAccessReview_AnswersLikeTheRequests()
    {
        async Task<bool> Can(string verb, string resource, string? sub = null) =>
            (await twin.Auditor.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
            {
                Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = new V1ResourceAttributes { Verb = verb, Resource = resource, Subresource = sub, NamespaceProperty = "emojivoto" } },
            })).Status.Allowed;

        (await Can("list", "pods")).Should().BeTrue();
        (await Can("get", "pods", "proxy")).Should().BeTrue();
        (await Can("delete", "pods")).Should().BeFalse();
    }

    [Fact]
    public async Task Admin_SystemMasters_MayDoAnything()
    {
        var ns = await twin.Admin.CoreV1.PatchNamespaceAsync(new V1Patch("""{"metadata":{"labels":{"rbac-test":"admin"}}}""", V1Patch.PatchType.MergePatch), "linkerd-viz");

        ns.Metadata.Labels.Should().Contain("rbac-test", "admin");
    }
}
