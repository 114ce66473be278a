using Deepthought.Twin.Kubernetes;
using Deepthought.Twin.Kubernetes.Api;
using Deepthought.Twin.Kubernetes.Api.Rbac;
using FluentAssertions;
using Xunit;

namespace Deepthought.Tests.Kubernetes;

public sealed class RbacAuthorizerTests
{
    private static readonly KubeUser Alice = new("alice", ["system:authenticated"]);

    private static RbacAuthorizer With(string rulesJson, string roleKind = "ClusterRole", string bindingNs = "")
    {
        var store = new KubeStore(TimeProvider.System);
        var role = Manifest.Parse($$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"{{roleKind}}","metadata":{"name":"r","namespace":"team"},"rules":{{rulesJson}}}""");
        store.Put(role);
        var bindingKind = bindingNs.Length == 0 ? "ClusterRoleBinding" : "RoleBinding";
        store.Put(Manifest.Parse($$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"{{bindingKind}}","metadata":{"name":"b","namespace":"{{bindingNs}}"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"{{roleKind}}","name":"r"},
             "subjects":[{"kind":"User","name":"alice"}]}
            """));
        return new RbacAuthorizer(store);
    }

    private static ApiRequest Req(string method, string path) => ApiRequest.Parse(method, path, watch: false);

    [Fact]
    public void Subresource_NeedsItsOwnRule()
    {
        var rbac = With("""[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]""");

        rbac.Allows(Alice, Req("GET", "/api/v1/namespaces/a/pods/p")).Should().BeTrue();
        rbac.Allows(Alice, Req("GET", "/api/v1/namespaces/a/pods/p/proxy/metrics")).Should().BeFalse();
        rbac.Allows(Alice, Req("GET", "/api/v1/namespaces/a/pods")).Should().BeFalse("list is another verb");
    }

    [Fact]
    public void StarSlashSubresource_MatchesEveryResourcesSubresource()
    {
        var rbac = With("""[{"apiGroups":["*"],"resources":["*/status"],"verbs":["update"]}]""");

        rbac.Allows(Alice, Req("PUT", "/apis/apps/v1/namespaces/a/deployments/d/status")).Should().BeTrue();
        rbac.Allows(Alice, Req("PUT", "/apis/apps/v1/namespaces/a/deployments/d")).Should().BeFalse();
    }

    [Fact]
    public void ResourceNames_LimitToThoseNames()
    {
        var rbac = With("""[{"apiGroups":[""],"resources":["configmaps"],"resourceNames":["one"],"verbs":["get","list"]}]""");

        rbac.Allows(Alice, Req("GET", "/api/v1/namespaces/a/configmaps/one")).Should().BeTrue();
        rbac.Allows(Alice, Req("GET", "/api/v1/namespaces/a/configmaps/two")).Should().BeFalse();
        rbac.Allows(Alice, Req("GET", "/api/v1/namespaces/a/configmaps")).Should().BeFalse("a list has no name");
    }

    [Fact]
    public void RoleBinding_GrantsOnlyInItsNamespace()
    {
        var rbac = With("""[{"apiGroups":[""],"resources":["secrets"],"verbs":["list"]}]""", roleKind: "Role", bindingNs: "team");

        rbac.Allows(Alice, Req("GET", "/api/v1/namespaces/team/secrets")).Should().BeTrue();
        rbac.Allows(Alice, Req("GET", "/api/v1/namespaces/other/secrets")).Should().BeFalse();
        rbac.Allows(Alice, Req("GET", "/api/v1/secrets")).Should().BeFalse();
    }

    [Fact]
    public void NonResourceUrls_MatchExactlyOrByPrefix()
    {
        var rbac = With("""[{"nonResourceURLs":["/healthz","/apis/*"],"verbs":["get"]}]""");

        rbac.Allows(Alice, Req("GET", "/healthz")).Should().BeTrue();
        rbac.Allows(Alice, Req("GET", "/apis/apps/v1")).Should().BeTrue();
        rbac.Allows(Alice, Req("GET", "/version")).Should().BeFalse();
    }

    [Fact]
    public void Masters_AreAllowedWithoutRules()
    {
        var rbac = With("[]");

        rbac.Allows(new KubeUser("root", [KubeUser.Masters]), Req("DELETE", "/api/v1/nodes/n")).Should().BeTrue();
        RbacAuthorizer.DenialReason(Alice, Req("DELETE", "/api/v1/nodes/n"))
            .Should().Be("User \"alice\" cannot delete resource \"nodes\" in API group \"\" at the cluster scope");
    }

    [Fact]
    public void RuleChanges_TakeEffectAtOnce()
    {
        var store = new KubeStore(TimeProvider.System);
        var rbac = new RbacAuthorizer(store);
        rbac.Allows(Alice, Req("GET", "/api/v1/nodes")).Should().BeFalse();

        store.Put(Manifest.Parse("""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"n"},"rules":[{"apiGroups":[""],"resources":["nodes"],"verbs":["list"]}]}"""));
        store.Put(Manifest.Parse("""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"n"},"roleRef":{"kind":"ClusterRole","name":"n"},"subjects":[{"kind":"Group","name":"system:authenticated"}]}"""));

        rbac.Allows(Alice, Req("GET", "/api/v1/nodes")).Should().BeTrue();
    }
}
