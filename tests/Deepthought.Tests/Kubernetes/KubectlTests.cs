using Deepthought.Tests.Support;
using Deepthought.Twin.Kubernetes.Api;
using FluentAssertions;
using Xunit;
using k8s;
using k8s.Models;

namespace Deepthought.Tests.Kubernetes;

/// <summary>The real kubectl v1.35 against the twin, TLS verified, both identities. Its own twin: these tests label and apply.</summary>
public sealed class KubectlTests : IClassFixture<KubeTwinFixture>, IDisposable
{
    private readonly KubeTwinFixture _twin;
    private readonly string _cache = Directory.CreateTempSubdirectory("deepthought-kubectl-").FullName;

    public KubectlTests(KubeTwinFixture twin)
    {
        _twin = twin;
    }

    private KubectlRunner Kubectl() => new(RealBackends.Kubectl(), _twin.Twin.KubeconfigPath, _cache);

    [SkippableFact]
    public async Task GetNodesWide_ShowsTheProfiledNodes()
    {
        var r = await Kubectl().AuditorAsync("get", "nodes", "-o", "wide");

        r.ExitCode.Should().Be(0, r.Err);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex(@"^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME");
        lines.Should().Contain(l => l.StartsWith("talos-cp1-zaphod ", StringComparison.Ordinal) && l.Contains(" Ready ") && l.Contains("control-plane") && l.Contains("192.168.1.32") && l.Contains("Talos (v1.10.3)"));
        lines.Should().HaveCount(1 + KubeTwinFixture.Profile().Nodes.Count);
    }

    [SkippableFact]
    public async Task GetNamespacesShowLabels_ShowsThePodSecurityLabels()
    {
        var r = await Kubectl().AuditorAsync("get", "ns", "--show-labels");

        r.ExitCode.Should().Be(0, r.Err);
        r.Out.Split('\n').Should().Contain(l => l.StartsWith("rook-ceph ", StringComparison.Ordinal) && l.Contains("Active") && l.Contains("pod-security.kubernetes.io/enforce=privileged"));
    }

    [SkippableFact]
    public async Task LabelNamespace_AdminMayAuditorIsForbidden()
    {
        var kubectl = Kubectl();

        var admin = await kubectl.AdminAsync("label", "namespace", "rook-ceph", "x=y", "--overwrite");
        var auditor = await kubectl.AuditorAsync("label", "namespace", "rook-ceph", "x=z", "--overwrite");

        admin.ExitCode.Should().Be(0, admin.Err);
        admin.Out.Trim().Should().Be("namespace/rook-ceph labeled");
        auditor.ExitCode.Should().Be(1);
        auditor.Err.Trim().Should().Be(
            "Error from server (Forbidden): namespaces \"rook-ceph\" is forbidden: User \"deepthought-auditor\" cannot patch resource \"namespaces\" in API group \"\" in the namespace \"rook-ceph\"");
        (await _twin.Admin.CoreV1.ReadNamespaceAsync("rook-ceph")).Metadata.Labels.Should().Contain("x", "y");
    }

    [SkippableFact]
    public async Task ApplyGatewayApiBundle_AppliesCleanlyAndServesTheNewKinds()
    {
        var bundle = RealBackends.SharedData("gateway-api-v1.2.1-standard-install.yaml");
        var kubectl = Kubectl();

        var first = await kubectl.AdminAsync("apply", "-f", bundle);
        var again = await kubectl.AdminAsync("apply", "-f", bundle);
        var crds = await kubectl.AuditorAsync("get", "crd");
        var none = await kubectl.AuditorAsync("get", "gatewayclasses");

        first.ExitCode.Should().Be(0, first.Err);
        // The twin already holds the bundle's CRDs (seeded, not applied), so kubectl may only warn that it adopts them.
        first.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().OnlyContain(l => l.Contains("kubectl.kubernetes.io/last-applied-configuration", StringComparison.Ordinal));
        first.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(5).And.OnlyContain(l => l.StartsWith("customresourcedefinition.apiextensions.k8s.io/", StringComparison.Ordinal));
        again.ExitCode.Should().Be(0, again.Err);
        crds.Out.Should().MatchRegex(@"(?m)^NAME\s+CREATED AT").And.Contain("gatewayclasses.gateway.networking.k8s.io").And.Contain("httproutes.gateway.networking.k8s.io");
        none.ExitCode.Should().Be(0, none.Err);

        var gatewayClass = Path.Combine(_cache, "gatewayclass.yaml");
        await File.WriteAllTextAsync(gatewayClass, "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: contour-test\nspec:\n  controllerName: projectcontour.io/gateway-controller\n");
        (await kubectl.AdminAsync("apply", "-f", gatewayClass)).Out.Trim().Should().Be("gatewayclass.gateway.networking.k8s.io/contour-test created");
        var listed = await kubectl.AuditorAsync("get", "gatewayclasses");
        listed.Out.Should().MatchRegex(@"(?m)^NAME\s+CONTROLLER\s+ACCEPTED\s+AGE").And.MatchRegex(@"(?m)^contour-test\s+projectcontour.io/gateway-controller\s");
    }

    [SkippableFact]
    public async Task ServerSideApply_CreatesTheObject()
    {
        var manifest = Path.Combine(_cache, "ssa.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa-demo\n  namespace: default\ndata:\n  a: \"1\"\n");
        var kubectl = Kubectl();

        var r = await kubectl.AdminAsync("apply", "--server-side", "-f", manifest);

        r.ExitCode.Should().Be(0, r.Err);
        r.Out.Trim().Should().Be("configmap/ssa-demo serverside-applied");
        (await _twin.Admin.CoreV1.ReadNamespacedConfigMapAsync("ssa-demo", "default")).Data["a"].Should().Be("1");
    }

    [SkippableFact]
    public async Task Wait_ForJsonPath_SeesTheChangeThroughAWatch()
    {
        await _twin.Admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "wait-me" }, Data = new Dictionary<string, string> { ["phase"] = "starting" } }, "default");
        var kubectl = Kubectl();
        var watchesBefore = _twin.Log.Entries.Count(e => e.Verb == "watch");

        var waiting = kubectl.AuditorAsync("wait", "--for=jsonpath={.data.phase}=done", "configmap/wait-me", "-n", "default", "--timeout=30s");
        var watching = await Eventually.HoldsAsync(() => _twin.Log.Entries.Count(e => e.Verb == "watch") > watchesBefore || waiting.IsCompleted, "kubectl wait opened its watch (or ended)", TimeSpan.FromSeconds(30));
        watching.Succeeded.Should().BeTrue(watching.LastState);

        await _twin.Admin.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"phase":"done"}}""", V1Patch.PatchType.MergePatch), "wait-me", "default");
        var r = await waiting;

        r.ExitCode.Should().Be(0, r.Err);
        r.Out.Trim().Should().Be("configmap/wait-me condition met");
    }

    [SkippableFact]
    public async Task AuthCanI_Auditor_MatchesTheShippedRole()
    {
        var kubectl = Kubectl();

        (await kubectl.AuditorAsync("auth", "can-i", "list", "nodes")).Out.Trim().Should().Be("yes");
        (await kubectl.AuditorAsync("auth", "can-i", "get", "pods/proxy", "-n", "emojivoto")).Out.Trim().Should().Be("yes");
        (await kubectl.AuditorAsync("auth", "can-i", "patch", "namespaces")).Out.Trim().Should().Be("no");
        (await kubectl.AdminAsync("auth", "can-i", "patch", "namespaces")).Out.Trim().Should().Be("yes");
    }

    [SkippableFact]
    public async Task CreateGenerators_SendingProtobuf_AreUnderstood()
    {
        var kubectl = Kubectl();

        var ns = await kubectl.AdminAsync("create", "namespace", "kubectl-made");
        var cm = await kubectl.AdminAsync("create", "configmap", "settings", "-n", "kubectl-made", "--from-literal=a=1", "--from-literal=b=2");
        var secret = await kubectl.AdminAsync("create", "secret", "generic", "creds", "-n", "kubectl-made", "--from-literal=p=s3cret");

        ns.Out.Trim().Should().Be("namespace/kubectl-made created", ns.Err);
        cm.Out.Trim().Should().Be("configmap/settings created", cm.Err);
        secret.Out.Trim().Should().Be("secret/creds created", secret.Err);
        (await _twin.Admin.CoreV1.ReadNamespacedConfigMapAsync("settings", "kubectl-made")).Data.Should().BeEquivalentTo(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        var stored = await _twin.Admin.CoreV1.ReadNamespacedSecretAsync("creds", "kubectl-made");
        stored.Type.Should().Be("Opaque");
        System.Text.Encoding.UTF8.GetString(stored.Data["p"]).Should().Be("s3cret");
    }

    [SkippableTheory]
    [InlineData("auditor.yaml", 4)]
    [InlineData("auditor-no-secrets.yaml", 0)]
    public async Task ApplyShippedAuditorRole_ServerDryRun_IsAccepted(string file, int secretRoles)
    {
        var r = await Kubectl().AdminAsync("apply", "--dry-run=server", "-f", Path.Combine(KubeTwinFixture.RepoRoot, "profiles", "rbac", file));

        r.ExitCode.Should().Be(0, r.Err);
        r.Out.Should().Contain("clusterrole.rbac.authorization.k8s.io/deepthought-auditor").And.Contain("clusterrolebinding.rbac.authorization.k8s.io/deepthought-auditor");
        r.Out.Split('\n').Count(l => l.StartsWith("role.rbac.authorization.k8s.io/deepthought-auditor-helm-releases", StringComparison.Ordinal)).Should().Be(secretRoles);
        r.Out.Split('\n').Count(l => l.StartsWith("rolebinding.rbac.authorization.k8s.io/deepthought-auditor-helm-releases", StringComparison.Ordinal)).Should().Be(secretRoles);
        _twin.Log.Writes.Should().Contain(e => e.Resource == "clusterroles" && e.Path.Contains("deepthought-auditor", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Version_ReportsTheTwinsKubernetesVersion()
    {
        var r = await Kubectl().AuditorAsync("version");

        r.Out.Should().Contain($"Server Version: {Discovery.GitVersion}");
    }

    public void Dispose() => Directory.Delete(_cache, recursive: true);
}
