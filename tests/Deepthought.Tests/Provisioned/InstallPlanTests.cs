using System.Text.RegularExpressions;
using Deepthought.Checks.Model;
using Deepthought.Fixtures.Provisioned;
using Deepthought.Protocols;
using Deepthought.Protocols.GatewayApi;

namespace Deepthought.Tests.Provisioned;

public sealed class InstallPlanTests
{
    private static readonly ProvisionOptions Options = new("/work/provisioned");

    private static IReadOnlyList<InstallStep> Plan => InstallPlan.Create(Options);

    private static int IndexOf(string id)
    {
        var steps = Plan.ToList();
        var i = steps.FindIndex(s => s.Id == id);
        i.Should().BeGreaterThanOrEqualTo(0, $"the plan has a step {id}");
        return i;
    }

    private static InstallStep Step(string id) => Plan.Single(s => s.Id == id);

    [Fact]
    public void Plan_InstallsInTheSeedsOrder_AfterFetchingAndCheckingEveryArtifact()
    {
        var order = new[]
        {
            "kind-create", "untaint-control-plane", "gateway-api", "linkerd-crds", "linkerd-privileged", "certificates", "values-ha",
            "linkerd-control-plane", "linkerd-viz", "linkerd-restart", "linkerd-restarted", "emojivoto", "emojivoto-privileged",
            "inject-web", "emojivoto-ready", "contour", "contour-provisioner", "contour-provisioner-ready",
        };
        order.Select(IndexOf).Should().BeInAscendingOrder();
        var fetches = Plan.Where(s => s.Kind == StepKind.Fetch).ToList();
        fetches.Select(s => s.Artifact!.Name).Should().Equal(PinnedArtifacts.All.Select(a => a.Name));
        fetches.Select(s => Plan.ToList().IndexOf(s)).Should().OnlyContain(i => i < IndexOf("kind-create"), "nothing is created before every input is downloaded and checked");
    }

    [Fact]
    public void Plan_InstallsNothingThatCannotRunInKind()
    {
        var text = string.Join("\n", Plan.Select(s => s.ToString()));
        text.Should().NotContainAny("talosctl", "rook", "ceph");
        Plan.Where(s => s.Kind == StepKind.Command).Select(s => s.Program).Distinct().Should().BeSubsetOf(["kind", "kubectl", "helm"]);
    }

    [Fact]
    public void KindCluster_HasTheSeedsThreeNodes_OnThePinnedImage_AndItsControlPlaneIsMadeSchedulable()
    {
        var create = Step("kind-create");
        create.Arguments.Should().ContainInConsecutiveOrder("--name", "deepthought").And.ContainInConsecutiveOrder("--image", PinnedArtifacts.KindNodeImage)
            .And.ContainInConsecutiveOrder("--kubeconfig", Options.Kubeconfig);
        PinnedArtifacts.KindNodeImage.Should().MatchRegex(@"^kindest/node:v1\.33\.1@sha256:[0-9a-f]{64}$");
        var config = Step("kind-config").Content!;
        Regex.Matches(config, "role: control-plane").Should().HaveCount(1);
        Regex.Matches(config, "role: worker").Should().HaveCount(2);
        Step("untaint-control-plane").Arguments.Should().ContainInConsecutiveOrder("taint", "node", "deepthought-control-plane", "node-role.kubernetes.io/control-plane:NoSchedule-");
    }

    [Fact]
    public void Linkerd_IsInstalledAsTheSeedInstallsIt()
    {
        Step("linkerd-crds").Arguments.Should().ContainInConsecutiveOrder("install", "linkerd-crds", Options.ArtifactPath(PinnedArtifacts.LinkerdCrds))
            .And.ContainInConsecutiveOrder("-n", "linkerd").And.Contain("--create-namespace").And.ContainInConsecutiveOrder("--set", "installGatewayAPI=false");
        Step("linkerd-privileged").Arguments.Should().ContainInConsecutiveOrder("label", "namespace", "linkerd", "pod-security.kubernetes.io/enforce=privileged");
        var cp = Step("linkerd-control-plane").Arguments;
        cp.Should().ContainInConsecutiveOrder("--set-file", $"identityTrustAnchorsPEM={Path.Combine(Options.CertificateDirectory, "ca.crt")}")
            .And.ContainInConsecutiveOrder("--set-file", $"identity.issuer.tls.crtPEM={Path.Combine(Options.CertificateDirectory, "issuer.crt")}")
            .And.ContainInConsecutiveOrder("--set-file", $"identity.issuer.tls.keyPEM={Path.Combine(Options.CertificateDirectory, "issuer.key")}")
            .And.ContainInConsecutiveOrder("--set", "proxyInit.runAsRoot=true")
            .And.ContainInConsecutiveOrder("-f", Step("values-ha").Path!);
        Step("values-ha").EntryInChart.Should().Be("values-ha.yaml");
        Step("linkerd-toleration").Content.Should().Contain("node-role.kubernetes.io/control-plane").And.Contain("NoSchedule");
        cp.Should().ContainInConsecutiveOrder("-f", Step("linkerd-toleration").Path!);
        Step("linkerd-viz").Arguments.Should().ContainInConsecutiveOrder("--namespace", "linkerd-viz").And.Contain("--create-namespace");
        Plan.Where(s => s.Program == "helm").Should().OnlyContain(s => s.Arguments.Contains("--wait") && s.Arguments.Contains("--timeout"));
    }

    [Fact]
    public void Emojivoto_IsMeshedByThePodTemplateAnnotation_OnEachOfItsDeployments()
    {
        InstallPlan.EmojivotoDeployments.Should().Equal("emoji", "vote-bot", "voting", "web");
        foreach (var d in InstallPlan.EmojivotoDeployments)
        {
            var args = Step($"inject-{d}").Arguments;
            args.Should().ContainInConsecutiveOrder("-n", "emojivoto", "patch", "deployment", d);
            args.Last().Should().Be("{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"linkerd.io/inject\":\"enabled\"}}}}}");
        }
    }

    [Fact]
    public void Contour_IsTheBitnamiChartPlusTheProvisionerOfOneFixedTag()
    {
        Step("contour").Arguments.Should().ContainInConsecutiveOrder("install", "contour", Options.ArtifactPath(PinnedArtifacts.BitnamiContour))
            .And.ContainInConsecutiveOrder("--namespace", "projectcontour");
        Step("contour-provisioner").Arguments.Should().ContainInConsecutiveOrder("apply", "-f", Options.ArtifactPath(PinnedArtifacts.ContourProvisioner));
        PinnedArtifacts.ContourProvisioner.Url.Should().Contain($"/{PinnedArtifacts.ContourTag}/");
    }

    [Fact]
    public void EveryArtifact_IsPinnedToAVersion_AndItsChecksumIsRecordedOrSaidToBeMissing()
    {
        foreach (var a in PinnedArtifacts.All)
        {
            a.Url.Should().StartWith("https://");
            a.Url.Should().NotContainAny("latest", "/master/", "/main/", "refs/heads");
            a.Version.Should().NotBeNullOrWhiteSpace();
            if (a.Kind == ArtifactKind.Manifest)
            {
                a.Url.Should().Contain(a == PinnedArtifacts.Emojivoto ? "93f001753363bba09eafd81e290512f89f4697ed" : a.Version, $"{a.Name}'s URL names its pin");
            }

            a.Sha256?.Should().MatchRegex("^[0-9a-f]{64}$");
            a.Provenance.Should().NotBeNullOrWhiteSpace();
        }

        PinnedArtifacts.GatewayApi.Version.Should().Be("v1.2.1");
        PinnedArtifacts.All.Where(a => !a.Verified).Select(a => a.Name).Should()
            .BeEquivalentTo("gateway-api-standard-install", "linkerd-crds", "linkerd-control-plane", "linkerd-viz", "contour");
    }

    [Fact]
    public void RequireVerified_RefusesArtifactsWithoutChecksum_NamingEachAndTheFlag()
    {
        var act = () => InstallPlan.RequireVerified(PinnedArtifacts.All, allowUnverified: false);

        act.Should().Throw<ConfigurationException>()
            .WithMessage("*5 pinned artifact(s) have no recorded SHA-256*gateway-api-standard-install v1.2.1*linkerd-crds 2025.4.4*contour 21.1.5*DEEPTHOUGHT_ALLOW_UNVERIFIED_ARTIFACTS=1*");
    }

    [Fact]
    public void RequireVerified_PassesWithTheFlag_OrWhenEveryChecksumIsRecorded()
    {
        InstallPlan.RequireVerified(PinnedArtifacts.All, allowUnverified: true);
        InstallPlan.RequireVerified([PinnedArtifacts.Emojivoto, PinnedArtifacts.ContourProvisioner], allowUnverified: false);
    }

    [Fact]
    public void Delete_NamesTheCluster_WithItsOwnTimeout()
    {
        var delete = InstallPlan.Delete(Options);
        delete.Program.Should().Be("kind");
        delete.Arguments.Should().ContainInConsecutiveOrder("delete", "cluster", "--name", "deepthought");
        delete.Timeout.Should().BePositive();
    }
}
