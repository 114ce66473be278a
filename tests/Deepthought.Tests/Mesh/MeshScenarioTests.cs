using Deepthought.Checks.Model;

namespace Deepthought.Tests.Mesh;

/// <summary>The healthy twin's verdicts, judged once for the scenario tests to compare against.</summary>
public sealed class HealthyMeshFixture : IAsyncLifetime
{
    public IReadOnlyDictionary<string, CheckResult> Results { get; private set; } = new Dictionary<string, CheckResult>();

    public bool HasEmojivotoPods { get; private set; }

    public async Task InitializeAsync()
    {
        await using var world = await MeshWorld.StartAsync();
        Results = await world.MeshAsync();
        HasEmojivotoPods = world.Twin.Context.Store.List("v1", "Pod", "emojivoto").Count > 0;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class MeshScenarioTests(HealthyMeshFixture healthy) : IClassFixture<HealthyMeshFixture>
{
    /// <summary>The Mesh checks the twin's seeders back on their own (the emojivoto pods and their proxies come from the mesh network).</summary>
    public static readonly string[] TwinBacked =
    [
        "mesh.gateway-api-crds", "mesh.linkerd-crds", "mesh.linkerd-helm-releases", "mesh.linkerd-control-plane-ha",
        "mesh.linkerd-trust-anchor", "mesh.linkerd-issuer", "mesh.linkerd-viz", "mesh.linkerd-privileged", "mesh.emojivoto-privileged",
    ];

    public static TheoryData<string, string, Outcome, string> Scenarios => new()
    {
        { "gateway-api-bundle-drift", "mesh.gateway-api-crds", Outcome.Fail, "crd gateways.gateway.networking.k8s.io: expected bundle-version v1.2.1, channel experimental, got bundle-version v1.1.0, channel experimental (installed by Helm release projectcontour/contour" },
        { "linkerd-not-privileged", "mesh.linkerd-privileged", Outcome.Fail, "expected pod-security.kubernetes.io/enforce=privileged, got baseline" },
        { "linkerd-crd-missing", "mesh.linkerd-crds", Outcome.Fail, "crd networkauthentications.policy.linkerd.io: expected present (linkerd-crds chart), got absent" },
        { "linkerd-helm-release-failed", "mesh.linkerd-helm-releases", Outcome.Fail, "helm release linkerd/linkerd-control-plane: expected deployed, got revision 2 is failed" },
        { "linkerd-control-plane-single-replica", "mesh.linkerd-control-plane-ha", Outcome.Fail, "deployment linkerd/linkerd-destination: expected 3 replicas available on 3 distinct nodes, tolerating node-role.kubernetes.io/control-plane:NoSchedule, got spec.replicas 1, 1 available, ready pods on 1 distinct node(s)" },
        { "linkerd-issuer-expiring", "mesh.linkerd-issuer", Outcome.Warn, "expected valid for at least 60 days, got expires" },
        { "linkerd-issuer-expired", "mesh.linkerd-issuer", Outcome.Fail, "expected within its validity period, got expired" },
        { "linkerd-issuer-foreign-anchor", "mesh.linkerd-issuer", Outcome.Fail, "expected signed by a trust anchor in linkerd-identity-trust-roots, got issued by \"CN=root.linkerd.cluster.local\", but its signature verifies with none of the anchors" },
        { "linkerd-anchor-not-profiled", "mesh.linkerd-trust-anchor", Outcome.Fail, "expected an anchor with CN=root.linkerd.cluster.local in ca-bundle.crt, got CN=root.other.cluster.local" },
        { "linkerd-viz-missing", "mesh.linkerd-viz", Outcome.Fail, "helm release linkerd-viz/linkerd-viz: expected deployed, got absent" },
    };

    [Fact]
    public void HealthyTwin_TwinBackedMeshChecks_Pass()
    {
        foreach (var id in TwinBacked)
        {
            healthy.Results[id].Outcome.Should().Be(Outcome.Pass, $"{id} on the healthy twin: {healthy.Results[id].Verdict.Message}");
        }
    }

    [Fact]
    public void HealthyTwin_WithEmojivotoWorkloads_EveryMeshCheckPasses()
    {
        healthy.HasEmojivotoPods.Should().BeTrue("the twin's mesh network seeds the emojivoto workloads");
        healthy.Results.Values.Where(r => r.Outcome != Outcome.Pass).Select(r => $"{r.Id}: {r.Verdict.Message}").Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_FailsOnlyItsCheck(string scenario, string checkId, Outcome outcome, string message)
    {
        CheckCatalog.Get(checkId).FailingScenarios.Should().Contain(scenario);
        await using var world = await MeshWorld.StartAsync(scenario);
        var results = await world.MeshAsync();

        results[checkId].Outcome.Should().Be(outcome, results[checkId].Verdict.Message);
        results[checkId].Verdict.Message.Should().Contain(message);
        foreach (var (id, result) in results.Where(r => r.Key != checkId))
        {
            result.Outcome.Should().Be(healthy.Results[id].Outcome, $"scenario {scenario} must not change {id}: {result.Verdict.Message}");
        }
    }
}
