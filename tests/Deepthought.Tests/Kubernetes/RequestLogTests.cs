using Deepthought.Checks.Model;
using Deepthought.Twin.Kubernetes.Api;
using Deepthought.Twin.Kubernetes.Api.Rbac;
using Deepthought.TwinTarget;
using FluentAssertions;
using Xunit;
using k8s;
using k8s.Models;

namespace Deepthought.Tests.Kubernetes;

public sealed class RequestLogTests
{
    [Fact]
    public async Task AuditRun_HealthyTwin_SendsOnlyReadsAsTheAuditorAndIsNeverForbidden()
    {
        var (results, session) = await AuditRun.RunAsync(KubeTwinFixture.Profile(), RunMode.Audit, "", CancellationToken.None);
        await using var _ = session;
        var log = session.Twin()!.Context.Find<RequestLog>()!;

        results.Should().NotBeEmpty();
        log.Entries.Should().NotBeEmpty().And.OnlyContain(e => e.User == KubeApiServer.AuditorUser);
        log.Writes.Should().BeEmpty("an audit never writes");
        log.Entries.Where(e => e.StatusCode == 403).Should().BeEmpty("profiles/rbac/auditor.yaml must grant everything the checks read");
        // One LIST per observed resource type, not per check or object.
        log.Entries.Count(e => e.Verb == "list" && e.Resource == "nodes").Should().Be(1);
        log.Entries.Where(e => e.Resource == "secrets").Select(e => $"{e.Verb} {e.Namespace}/{e.Name}")
            .Should().BeEquivalentTo(AuditorRoleTests.HelmNamespaces().Select(ns => $"list {ns}/"), "Helm release Secrets are listed per profile namespace; no Secret is read by name or cluster-wide");
    }

    /// <summary>The Helm-release checks and the skip reason each gives under auditor-no-secrets.yaml.</summary>
    private static readonly IReadOnlyDictionary<string, string> HelmChecks = new Dictionary<string, string>
    {
        ["storage.helm-releases"] = "rook-ceph",
        ["mesh.linkerd-helm-releases"] = "linkerd",
        ["gateway.contour-release"] = "projectcontour",
    };

    [Fact]
    public async Task AuditRun_NoSecretsRole_OnlyTheHelmReleaseChecksSkipWithTheReason()
    {
        var profile = KubeTwinFixture.Profile();
        var (full, fullSession) = await AuditRun.RunAsync(profile, RunMode.Audit, "", CancellationToken.None);
        await fullSession.DisposeAsync();
        var (bare, session) = await AuditRun.RunAsync(profile, RunMode.Audit, "", CancellationToken.None, RbacPolicy.NoSecretsAuditorFile);
        await using var _ = session;
        var log = session.Twin()!.Context.Find<RequestLog>()!;

        session.Twin()!.Context.Find<KubeApiServer>()!.AuditorPolicySource.Should().EndWith(Path.Combine("profiles", "rbac", "auditor-no-secrets.yaml"));
        var byId = bare.ToDictionary(r => r.Check.Id);
        foreach (var (id, ns) in HelmChecks)
        {
            full.Single(r => r.Check.Id == id).Verdict.Outcome.Should().Be(Outcome.Pass, $"{id} passes under auditor.yaml");
            byId[id].Verdict.Outcome.Should().Be(Outcome.Skip, id);
            byId[id].Verdict.Message.Should().Be($"the auditor role grants no Secret access (403 on list secrets in {ns}); Helm release state is not checked");
        }

        var viz = byId["mesh.linkerd-viz"].Verdict;
        viz.Outcome.Should().Be(Outcome.Pass, viz.Message);
        viz.Evidence.Should().Contain(e => e.Subject == "helm release linkerd-viz/linkerd-viz" && e.Observed == "not checked: the auditor role grants no Secret access (403 on list secrets in linkerd-viz); Helm release state is not checked");
        bare.Where(r => !HelmChecks.ContainsKey(r.Check.Id)).Select(r => $"{r.Check.Id} {r.Verdict.Outcome}")
            .Should().Equal(full.Where(r => !HelmChecks.ContainsKey(r.Check.Id)).Select(r => $"{r.Check.Id} {r.Verdict.Outcome}"), "every other check judges the same under either role");
        full.Where(r => !HelmChecks.ContainsKey(r.Check.Id)).Should().OnlyContain(r => r.Verdict.Outcome != Outcome.Skip || !r.Verdict.Message.Contains("Secret"));

        log.Writes.Should().BeEmpty();
        log.Entries.Where(e => e.StatusCode == 403).Select(e => $"{e.Verb} {e.Resource} {e.Namespace}")
            .Should().BeEquivalentTo(AuditorRoleTests.HelmNamespaces().Select(ns => $"list secrets {ns}"), "the only refusals are the Helm Secret LISTs");
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
