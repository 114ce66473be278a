using System.Diagnostics;
using Deepthought.Checks.Gateway;
using Deepthought.Checks.Model;
using Deepthought.Checks.Policy;
using Deepthought.Protocols.Formats;
using Deepthought.Protocols.Profile;
using Deepthought.Tests.Gateway;
using Xunit.Abstractions;

namespace Deepthought.Tests.Policy;

[Collection(GatewayCollection.Name)]
public sealed class AcceptanceSequenceTests(ITestOutputHelper output)
{
    private static readonly string[] Sequence =
        [PolicyCheckIds.DenyWithoutAuthorization, PolicyCheckIds.AllowWithAuthorization, PolicyCheckIds.ForeignIdentityDenied, PolicyCheckIds.NoLeftovers];

    [Fact]
    public async Task AcceptanceSequence_HealthyTwin_DeniesAllowsRefusesForeignAndLeavesNothing()
    {
        await using var world = await GatewayRun.StartAsync(mode: RunMode.Acceptance);
        var clock = Stopwatch.StartNew();
        var results = await world.RunPhasesAsync();
        clock.Stop();
        Print(results);
        output.WriteLine($"Gateway + Policy phases in acceptance mode: {clock.ElapsedMilliseconds} ms; sequence: {string.Join(", ", Sequence.Select(id => $"{id} {results[id].Duration.TotalMilliseconds:0} ms"))}");

        results.Values.Should().OnlyContain(r => r.Outcome == Outcome.Pass);
        results[PolicyCheckIds.DenyWithoutAuthorization].Verdict.Message.Should().StartWith("votes are refused").And.Contain("Server emojivoto/voting-grpc");
        results[PolicyCheckIds.ForeignIdentityDenied].Verdict.Message.Should().StartWith("conformance-probe.deepthought-conformance is refused by voting: HTTP 500 {\"error\":\"rpc error: code = PermissionDenied");
        world.ImagesOfHarnessPods.Should().OnlyContain(i => i == "docker.l5d.io/buoyantio/emojivoto-web:v11" || i.StartsWith("cr.l5d.io/linkerd/", StringComparison.Ordinal),
            "the probe runs an image the cluster already has (plus what Linkerd injects)");
        results[PolicyCheckIds.NoLeftovers].Verdict.Evidence.Should().Contain(e => e.Subject.StartsWith("cleanup: restore Server emojivoto/voting-grpc", StringComparison.Ordinal) && e.Observed == "done");

        world.Labelled().Should().BeEmpty("the ledger removes everything labelled as the harness's");
        AssertRestoredToProfile(world);
    }

    [Fact]
    public async Task AcceptanceSequence_AuthorizationPolicyForm_AppliesPolicyAndMeshTlsAuthenticationAndRestoresBoth()
    {
        await using var world = await GatewayRun.StartAsync(mode: RunMode.Acceptance, editProfile: p => p.Replace("form: serverAuthorization", "form: authorizationPolicy", StringComparison.Ordinal));
        world.Store.Get("policy.linkerd.io/v1alpha1", "MeshTLSAuthentication", "emojivoto", "voting-grpc-web").Should().NotBeNull("the twin seeds the profile's form");
        var results = await world.RunPhasesAsync();
        Print(results);

        results.Values.Should().OnlyContain(r => r.Outcome == Outcome.Pass);
        results[PolicyCheckIds.AllowWithAuthorization].Verdict.Message.Should().Contain("MeshTLSAuthentication emojivoto/voting-grpc-web and AuthorizationPolicy emojivoto/voting-grpc");
        world.Labelled().Should().BeEmpty();
        AssertRestoredToProfile(world);
    }

    [Fact]
    public async Task AcceptanceSequence_CancelledWhileWaitingForTheDenial_StillCleansUpOnDisposal()
    {
        // Policy takes 60 s to propagate here: the deny step is still polling when the run is cancelled.
        var world = await GatewayRun.StartAsync(mode: RunMode.Acceptance, fakePropagation: TimeSpan.FromSeconds(60));
        var store = world.Store;
        var deny = world.Run.EvaluateAsync(PolicyCheckIds.DenyWithoutAuthorization);
        for (var i = 0; i < 200 && !world.Labelled().Any(l => l.StartsWith("Server ", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(50);
        }

        world.Labelled().Should().Contain("Server emojivoto/voting-grpc", "the deny step applied the harness's Server before waiting");
        world.Run.Cancel();
        var cancelled = await deny;
        cancelled.Outcome.Should().Be(Outcome.Skip);
        cancelled.Verdict.Message.Should().Be("the run was cancelled");

        await world.DisposeAsync(); // the run's connections dispose the acceptance actions, which unwind the ledger

        world.Labelled().Should().BeEmpty();
        AssertRestoredToProfile(world);
    }

    private static void AssertRestoredToProfile(GatewayRun world)
    {
        var profile = world.Run.Profile;
        foreach (var doc in new[] { ProjectManifests.LoadOne(profile, ProjectManifests.PolicyAttachment, "Server") }.Concat(ProjectManifests.Load(profile, ProjectManifests.AuthorizationFile(profile.Policy))))
        {
            var stored = world.Store.Get(doc.Str("apiVersion"), doc.Str("kind"), doc.Str("metadata", "namespace"), doc.Str("metadata", "name"));
            stored.Should().NotBeNull($"{doc.Str("kind")} {doc.Str("metadata", "name")} existed before the run and is restored");
            System.Text.Json.Nodes.JsonNode.DeepEquals(stored!["spec"], doc["spec"]).Should().BeTrue("the seeded object, equal to the profile's manifest, is restored as it was");
            stored.Str("metadata", "labels", IAcceptanceActions.ManagedByLabel).Should().BeEmpty();
        }
    }

    private void Print(IReadOnlyDictionary<string, CheckResult> results)
    {
        foreach (var r in results.Values)
        {
            output.WriteLine($"{r.Outcome} {r.Id} ({r.Duration.TotalMilliseconds:0} ms): {r.Verdict.Message}");
            foreach (var e in r.Verdict.Evidence)
            {
                output.WriteLine($"    {e}");
            }
        }
    }
}
