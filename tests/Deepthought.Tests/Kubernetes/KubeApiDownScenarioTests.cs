using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;
using Deepthought.Twin.Kubernetes.Api;
using Deepthought.TwinTarget;
using FluentAssertions;
using Xunit;

namespace Deepthought.Tests.Kubernetes;

public sealed class KubeApiDownScenarioTests
{
    [Fact]
    public async Task KubernetesApiCheck_KubeApiDown_FailsAsUnreachableAndBlocksTheKubernetesChecks()
    {
        var (results, session) = await AuditRun.RunAsync(KubeTwinFixture.Profile(), RunMode.Audit, "kube-api-down", CancellationToken.None);
        await using var _ = session;
        var address = session.Twin()!.Context.Find<KubeApiServer>()!.Address!;

        var api = results.Single(r => r.Id == TalosCheckIds.KubernetesApi);
        api.Outcome.Should().Be(Outcome.Fail);
        api.Verdict.Message.Should().Contain($"the API server {address.AbsoluteUri.TrimEnd('/')} is unreachable").And.Contain("Connection refused");
        var dependants = results.Where(r => r.Check.DependsOn.Contains(TalosCheckIds.KubernetesApi)).ToList();
        dependants.Should().NotBeEmpty().And.OnlyContain(r => r.Outcome == Outcome.Blocked && r.Verdict.BlockedBy == TalosCheckIds.KubernetesApi);
    }

    [Fact]
    public async Task KubernetesApiCheck_HealthyTwin_Passes()
    {
        var (results, session) = await AuditRun.RunAsync(KubeTwinFixture.Profile(), RunMode.Audit, "", CancellationToken.None);
        await using var _ = session;

        results.Single(r => r.Id == TalosCheckIds.KubernetesApi).Outcome.Should().Be(Outcome.Pass);
    }
}
