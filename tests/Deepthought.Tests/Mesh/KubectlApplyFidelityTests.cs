using CliWrap;
using CliWrap.Buffered;
using Deepthought.Checks.Model;
using Deepthought.Tests.Support;
using Deepthought.Twin.GatewayApiCrds;

namespace Deepthought.Tests.Mesh;

/// <summary>
/// The seed's own step against the twin: the real kubectl applies the real v1.2.1 standard-install.yaml (as admin)
/// over a twin without Gateway API CRDs, and the harness, as the auditor, judges it like the twin's own CRDs.
/// </summary>
public sealed class KubectlApplyFidelityTests
{
    private const string Id = "mesh.gateway-api-crds";

    [SkippableFact]
    public async Task KubectlApply_RealBundle_GetsTheTwinsVerdict()
    {
        var bundle = Path.Combine(Repo.RequireSharedData(), "gateway-api-v1.2.1-standard-install.yaml");
        var kubectl = Kubectl();
        await using var world = await MeshWorld.StartAsync(profile: GatewayApiSeedBundleTests.StandardOnlyProfile(), kubectl: true); // the seed's first apply
        var own = await world.VerdictAsync(Id);
        own.Outcome.Should().Be(Outcome.Pass, own.Message);
        foreach (var name in GatewayApiCrdsSeeder.StandardBundle("v1.2.1", "standard", TimeProvider.System).Select(c => (string)c["metadata"]!["name"]!))
        {
            world.Twin.Context.Store.Delete("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, name);
        }

        (await world.VerdictAsync(Id)).Outcome.Should().Be(Outcome.Fail, "without the CRDs the check fails");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var result = await CliWrap.Cli.Wrap(kubectl)
            .WithArguments(["--kubeconfig", world.Twin.KubeconfigPath, "--context", $"admin@{world.Profile.Name}", "apply", "-f", bundle])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(timeout.Token);
        result.ExitCode.Should().Be(0, $"kubectl apply: {result.StandardError}");
        result.StandardOutput.Should().Contain("customresourcedefinition.apiextensions.k8s.io/gatewayclasses.gateway.networking.k8s.io created");

        var applied = await world.VerdictAsync(Id);
        applied.Outcome.Should().Be(Outcome.Pass, applied.Message);
        applied.Message.Should().Be(own.Message);
        applied.Evidence.Should().BeEquivalentTo(own.Evidence);
    }

    /// <summary>The real kubectl: $DEEPTHOUGHT_KUBECTL, else the one .ci/run unpacks into .tools/ (never /usr/bin/kubectl, a gcloud dispatcher).</summary>
    private static string Kubectl()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("DEEPTHOUGHT_KUBECTL"),
            Path.Combine(Repo.Root, ".tools", "kubectl-layer", "kubectl", "kubectl"),
        };
        var found = candidates.FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));
        Backends.Require(Backend.Kubectl, found is not null, "the real kubectl (set DEEPTHOUGHT_KUBECTL or run .ci/run)");
        return found!;
    }
}
