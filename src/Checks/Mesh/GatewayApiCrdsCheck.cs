using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;
using Deepthought.Checks.Talos;
using Deepthought.Protocols.GatewayApi;

namespace Deepthought.Checks.Mesh;

/// <summary>
/// The Gateway API CRDs are the profiled bundle (mesh.gatewayApi): the five standard ones and the profile's extraCrds,
/// each with gateway.networking.k8s.io/bundle-version and /channel as profiled, and no other CRD of the group. The
/// seed's last writer is contour-gateway-provisioner.yaml (its experimental bundle overwrites standard-install.yaml's);
/// another bundle (a Helm chart's, a later re-apply) shows as other annotations, and the failure names what installed
/// it when visible.
/// </summary>
public sealed class GatewayApiCrdsCheck : CheckBase
{
    public const string Group = "gateway.networking.k8s.io";
    public const string BundleAnnotation = Group + "/bundle-version";
    public const string ChannelAnnotation = Group + "/channel";

    /// <summary>The standard channel's CRDs (Experimental adds TCP/TLS/UDP routes and backend policies).</summary>
    public static readonly IReadOnlyList<string> StandardCrds =
        ["gatewayclasses", "gateways", "httproutes", "grpcroutes", "referencegrants"];

    public override string Id => MeshCheckIds.GatewayApiCrds;

    public override Phase Phase => Phase.Mesh;

    public override string Title => "the Gateway API CRDs are the profiled bundle (mesh.gatewayApi: the provisioner's v1.2.1 experimental by default)";

    public override string Hint =>
        "kubectl get crd -o custom-columns=NAME:.metadata.name,BUNDLE:.metadata.annotations.gateway\\.networking\\.k8s\\.io/bundle-version,CHANNEL:.metadata.annotations.gateway\\.networking\\.k8s\\.io/channel | grep gateway.networking  " +
        "(the seed's last writer is Contour's provisioner: re-apply the contour-gateway-provisioner.yaml of the Contour release you run, e.g. kubectl apply -f https://raw.githubusercontent.com/projectcontour/contour/release-1.32/examples/render/contour-gateway-provisioner.yaml, " +
        "or set mesh.gatewayApi in the profile to the bundle, channel and extraCrds it ships: v1.2.1 experimental for Contour 1.31/1.32, v1.3.0 for 1.33)";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public override IReadOnlyList<string> FailingScenarios => ["gateway-api-bundle-drift"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var want = context.Profile.Mesh.GatewayApi;
        var crds = await context.ObserveAsync<CrdsObservation>(cancellationToken);
        var expected = $"bundle-version {want.BundleVersion}, channel {want.Channel}";
        var f = new Findings();
        var names = StandardCrds.Concat(want.ExtraCrds).Select(n => $"{n}.{Group}").Distinct(StringComparer.Ordinal).ToList();
        var others = crds.Items.Where(c => c.Spec?.Group == Group).Select(c => c.Metadata.Name).Except(names).Order(StringComparer.Ordinal);
        foreach (var name in others)
        {
            var crd = crds.Find(name)!;
            var observed = $"present (bundle-version {MeshFacts.Annotation(crd.Metadata, BundleAnnotation) ?? "unset"}, channel {MeshFacts.Annotation(crd.Metadata, ChannelAnnotation) ?? "unset"})";
            var installer = CrdFacts.Installer(crd.Metadata);
            f.Fail($"crd {name}", "not installed (not in mesh.gatewayApi.extraCrds)", installer.Length == 0 ? observed : $"{observed} ({installer})");
        }

        foreach (var name in names)
        {
            var crd = crds.Find(name);
            if (crd is null)
            {
                f.Fail($"crd {name}", $"present ({expected})", "absent");
                continue;
            }

            var bundle = MeshFacts.Annotation(crd.Metadata, BundleAnnotation);
            var channel = MeshFacts.Annotation(crd.Metadata, ChannelAnnotation);
            var observed = $"bundle-version {bundle ?? "unset"}, channel {channel ?? "unset"}";
            if (bundle != want.BundleVersion || channel != want.Channel)
            {
                var installer = CrdFacts.Installer(crd.Metadata);
                f.Fail($"crd {name}", expected, installer.Length == 0 ? observed : $"{observed} ({installer})");
                continue;
            }

            if (CrdFacts.NotEstablished(crd) is { } notEstablished)
            {
                f.Fail($"crd {name}", "Established", notEstablished);
                continue;
            }

            f.Saw($"crd {name}", expected, $"{observed}, versions {CrdFacts.ServedVersions(crd)}");
        }

        var extras = want.ExtraCrds.Count == 0 ? "" : $" and {want.ExtraCrds.Count} extra ({string.Join(", ", want.ExtraCrds)})";
        return f.ToVerdict($"the {StandardCrds.Count} standard Gateway API CRDs{extras} are {expected}");
    }
}
