using Deepthought.Checks.Model;
using Deepthought.Twin.Kubernetes.Api;
using FluentAssertions;
using k8s;
using k8s.Models;
using Xunit;

namespace Deepthought.Tests.Kubernetes;

public sealed class RequestLogTests
{
    [Fact]
    public async Task AuditRun_HealthyTwin_SendsOnlyReadsAsTheAuditorAndIsNeverForbidden()
    {
        var (results, session) = await AuditRun.RunAsync(KubeTwinFixture.Profile(), RunMode.Audit, "", CancellationToken.None);
        await using var _ = session;
        var log = session.Twin!.Context.Find<RequestLog>()!;

        results.Should().NotBeEmpty();
        log.Entries.Should().NotBeEmpty().And.OnlyContain(e => e.User == KubeApiServer.AuditorUser);
        log.Writes.Should().BeEmpty("an audit never writes");
        log.Entries.Where(e => e.StatusCode == 403).Should().BeEmpty("profiles/rbac/auditor.yaml must grant everything the checks read");
        // One LIST per observed resource type, not per check or object.
        log.Entries.Count(e => e.Verb == "list" && e.Resource == "nodes").Should().Be(1);
    }

    [Fact]
    public async Task RequestLog_RecordsVerbResourceUserAndStatus()
    {
        await using var twin = new KubeTwinFixture();
        await twin.InitializeAsync();
        var before = twin.Log.Count;

        await twin.Auditor.CoreV1.ListNodeAsync();
        await twin.Admin.CoreV1.PatchNamespaceAsync(new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch), "emojivoto");
        var denied = () => twin.Auditor.CoreV1.DeleteNamespacedConfigMapAsync("x", "default");
        await denied.Should().ThrowAsync<k8s.Autorest.HttpOperationException>();

        var entries = twin.Log.Entries.Skip(before).Select(e => e.ToString()).ToList();
        entries.Should().Equal(
            "deepthought-auditor list nodes → 200",
            "admin patch namespaces -n emojivoto emojivoto → 200",
            "deepthought-auditor delete configmaps -n default x → 403");
        twin.Log.Writes.Should().HaveCount(2);
    }
}
