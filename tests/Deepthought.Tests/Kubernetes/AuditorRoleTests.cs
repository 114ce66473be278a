using System.Text.Json.Nodes;
using Deepthought.Protocols.Formats;
using Deepthought.Twin.Kubernetes;
using FluentAssertions;
using Xunit;

namespace Deepthought.Tests.Kubernetes;

/// <summary>
/// The shipped auditor roles: auditor.yaml reads Helm release Secrets only in the namespaces the profile's
/// Helm-release checks look in (Roles), auditor-no-secrets.yaml reads no Secret at all.
/// </summary>
public sealed class AuditorRoleTests
{
    private static IReadOnlyList<JsonObject> Objects(string file) =>
        YamlJson.ParseObjects(File.ReadAllText(Path.Combine(KubeTwinFixture.RepoRoot, "profiles", "rbac", file)));

    private static IEnumerable<JsonObject> Rules(JsonObject role) => (role["rules"] as JsonArray ?? []).OfType<JsonObject>();

    private static bool CoversSecrets(JsonObject rule) =>
        (rule["apiGroups"] as JsonArray ?? []).Any(g => (string?)g is "" or "*")
        && (rule["resources"] as JsonArray ?? []).Any(r => (string?)r is "secrets" or "*");

    /// <summary>The namespaces the profile's Helm-release checks read (storage, mesh, viz, contour).</summary>
    public static IReadOnlySet<string> HelmNamespaces()
    {
        var p = KubeTwinFixture.Profile();
        return new HashSet<string>([p.Storage.Namespace, p.Mesh.Linkerd.Namespace, p.Mesh.Linkerd.VizNamespace, p.Gateway.ContourNamespace], StringComparer.Ordinal);
    }

    [Fact]
    public void Auditor_ClusterRole_GrantsNoSecretAccess()
    {
        var clusterRoles = Objects("auditor.yaml").Where(o => (string?)o["kind"] == "ClusterRole").ToList();

        clusterRoles.Should().NotBeEmpty();
        clusterRoles.SelectMany(Rules).Where(CoversSecrets).Should().BeEmpty("cluster-wide Secret access exposes the Linkerd issuer key and every Helm payload");
    }

    [Fact]
    public void Auditor_HelmReleaseSecrets_ListableOnlyInTheProfilesHelmNamespaces()
    {
        var objects = Objects("auditor.yaml");
        var roles = objects.Where(o => (string?)o["kind"] == "Role").ToList();
        var bindings = objects.Where(o => (string?)o["kind"] == "RoleBinding").ToList();

        roles.Select(r => (string)r["metadata"]!["namespace"]!).Should().BeEquivalentTo(HelmNamespaces());
        foreach (var role in roles)
        {
            var rule = Rules(role).Should().ContainSingle().Subject;
            rule.ToJsonString().Should().Be("""{"apiGroups":[""],"resources":["secrets"],"verbs":["list"]}""", "list only: the probe sends one metadata-only LIST per namespace");
            var ns = (string)role["metadata"]!["namespace"]!;
            var binding = bindings.Should().ContainSingle(b => (string?)b["metadata"]!["namespace"] == ns).Subject;
            ((string?)binding["roleRef"]!["kind"], (string?)binding["roleRef"]!["name"]).Should().Be(("Role", (string?)role["metadata"]!["name"]));
            (binding["subjects"] as JsonArray)!.Select(s => $"{s!["kind"]}/{s["name"]}").Should().BeEquivalentTo(["User/deepthought-auditor", "ServiceAccount/deepthought-auditor"]);
        }
    }

    [Fact]
    public void AuditorNoSecrets_GrantsNoSecretAccessAtAll()
    {
        var objects = Objects("auditor-no-secrets.yaml");

        objects.Where(o => (string?)o["kind"] is "ClusterRole" or "Role").SelectMany(Rules).Where(CoversSecrets).Should().BeEmpty();
        objects.Should().Contain(o => (string?)o["kind"] == "ClusterRole").And.NotContain(o => (string?)o["kind"] == "Role");
    }

    [Fact]
    public void AuditorNoSecrets_IsAuditorYamlWithoutTheSecretRoles()
    {
        static string Key(JsonObject o) => $"{o["kind"]}/{o["metadata"]!["namespace"]}/{o["metadata"]!["name"]}";
        var full = Objects("auditor.yaml").Where(o => (string?)o["kind"] is not ("Role" or "RoleBinding")).ToDictionary(Key, o => o.ToJsonString());
        var bare = Objects("auditor-no-secrets.yaml").ToDictionary(Key, o => o.ToJsonString());

        bare.Should().BeEquivalentTo(full, "both variants grant the same non-Secret reads, so only Secret access differs");
    }
}
