using Deepthought.Protocols.GatewayApi;

namespace Deepthought.Fixtures.Provisioned;

public enum ArtifactKind
{
    /// <summary>A YAML manifest fetched over HTTPS and applied with kubectl.</summary>
    Manifest,

    /// <summary>A Helm chart pulled as a .tgz from a chart repository (helm pull --repo URL NAME --version V).</summary>
    HelmChart,
}

/// <summary>
/// One upstream input the provisioned target installs, at a fixed version. <see cref="Sha256"/> is the SHA-256 of the
/// exact bytes downloaded (the manifest, or the chart .tgz); null when it could not be computed or read from an upstream
/// checksums file without internet access — such an entry is recorded on the first hosted run, and until then the plan
/// refuses to use it unless the run explicitly allows unverified artifacts.
/// </summary>
public sealed record PinnedArtifact(string Name, ArtifactKind Kind, string Version, string Url, string? Sha256, string Provenance)
{
    /// <summary>For a Helm chart: the chart's name in the repository at <see cref="Url"/>.</summary>
    public string? Chart { get; init; }

    public bool Verified => Sha256 is not null;

    /// <summary>The local file name the artifact is saved under.</summary>
    public string FileName => Kind == ArtifactKind.HelmChart ? $"{Chart}-{Version}.tgz" : $"{Name}.yaml";
}

/// <summary>
/// The pinned inputs, each at the version the seed uses (or, where the seed takes "latest", the newest release that
/// upstream documents as compatible with Gateway API v1.2.1). Sources and how each checksum was obtained:
/// docs/upstream-facts.md, section "Provisioned target (kind, Helm installs)".
/// </summary>
public static class PinnedArtifacts
{
    public const string KindVersion = "v0.29.0";

    /// <summary>kind v0.29.0's default node image (Kubernetes v1.33.1, what Talos v1.10.3 runs), pinned by digest.</summary>
    public const string KindNodeImage = "kindest/node:v1.33.1@sha256:050072256b9a903bd914c0b2866828150cb229cea0efe5892e2b644d5dd3b34f";

    public const string LinkerdEdgeRepository = "https://helm.linkerd.io/edge";

    public const string LinkerdEdgeChartVersion = "2025.4.4";

    public const string ContourTag = "v1.32.1";

    public static readonly PinnedArtifact GatewayApi = new(
        "gateway-api-standard-install",
        ArtifactKind.Manifest,
        "v1.2.1",
        "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml",
        null,
        "release asset of kubernetes-sigs/gateway-api v1.2.1 (no published checksum; the local copy in shared/data is a concatenation of config/crd/standard, not the asset's bytes)");

    public static readonly PinnedArtifact LinkerdCrds = new(
        "linkerd-crds", ArtifactKind.HelmChart, LinkerdEdgeChartVersion, LinkerdEdgeRepository, null,
        "linkerd-edge chart of edge-25.4.4 (the 2.18 line, compatible with Gateway API 1.1.1-1.2.1); the chart index is not in git")
    { Chart = "linkerd-crds" };

    public static readonly PinnedArtifact LinkerdControlPlane = new(
        "linkerd-control-plane", ArtifactKind.HelmChart, LinkerdEdgeChartVersion, LinkerdEdgeRepository, null,
        "linkerd-edge chart of edge-25.4.4; values-ha.yaml is read from the pulled chart, as the seed does with helm fetch --untar")
    { Chart = "linkerd-control-plane" };

    public static readonly PinnedArtifact LinkerdViz = new(
        "linkerd-viz", ArtifactKind.HelmChart, LinkerdEdgeChartVersion, LinkerdEdgeRepository, null,
        "linkerd-edge chart of edge-25.4.4")
    { Chart = "linkerd-viz" };

    public static readonly PinnedArtifact Emojivoto = new(
        "emojivoto",
        ArtifactKind.Manifest,
        "v11",
        "https://raw.githubusercontent.com/linkerd/website/93f001753363bba09eafd81e290512f89f4697ed/run.linkerd.io/public/emojivoto.yml",
        "cfbf2989f04c8f4c38f6415c319d76e73ed8da8a0b67beab05a21f47912a9c0b",
        "linkerd/website run.linkerd.io/public/emojivoto.yml (the file run.linkerd.io serves) at commit 93f00175; SHA-256 of that git blob");

    public static readonly PinnedArtifact BitnamiContour = new(
        "contour", ArtifactKind.HelmChart, "21.1.5", "https://charts.bitnami.com/bitnami", null,
        "bitnami/charts bitnami/contour chart 21.1.5 (appVersion 1.32.1); the chart index blob is not in the stored copy")
    { Chart = "contour" };

    public static readonly PinnedArtifact ContourProvisioner = new(
        "contour-gateway-provisioner",
        ArtifactKind.Manifest,
        ContourTag,
        $"https://raw.githubusercontent.com/projectcontour/contour/{ContourTag}/examples/render/contour-gateway-provisioner.yaml",
        "67b948e43c0d5bd92c7e2da01f492e087583e4cf2b59d6adf34c13350772367d",
        "projectcontour/contour examples/render/contour-gateway-provisioner.yaml at tag v1.32.1 (commit e7758f85); SHA-256 of that git blob");

    /// <summary>Every artifact, in install order.</summary>
    public static IReadOnlyList<PinnedArtifact> All { get; } =
        [GatewayApi, LinkerdCrds, LinkerdControlPlane, LinkerdViz, Emojivoto, BitnamiContour, ContourProvisioner];
}
