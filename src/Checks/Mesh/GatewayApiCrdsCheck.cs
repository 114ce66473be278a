using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Probes;

namespace Deepthought.Checks.Mesh;

/// <summary>
/// The seed applies Gateway API v1.2.1 standard-install.yaml: its five CRDs carry
/// gateway.networking.k8s.io/bundle-version and /channel. Another bundle (Contour's provisioner quickstart ships its
/// own CRDs, a Helm chart may too) shows as other annotations; the failure names what installed it when visible.
/// </summary>
public sealed class GatewayApiCrdsCheck : CheckBase
{
    public const string Group = "gateway.networking.k8s.io";
    public const string BundleAnnotation = Group + "/bundle-version";
    public const string ChannelAnnotation = Group + "/channel";

    /// <summary>The standard channel's CRDs (Experimental adds TCP/TLS/UDP routes and backend policies).</summary>
    public static readonly IReadOnlyList<string> StandardCrds =
        ["gatewayclasses", "gateways", "httproutes", "grpcroutes", "referencegrants"];

    public override string Id => "mesh.gateway-api-crds";

    public override Phase Phase => Phase.Mesh;

    public override string Title => "the five standard Gateway API CRDs are the profiled bundle (v1.2.1, standard channel)";

    public override string Hint =>
        "kubectl get crd -o custom-columns=NAME:.metadata.name,BUNDLE:.metadata.annotations.gateway\\.networking\\.k8s\\.io/bundle-version,CHANNEL:.metadata.annotations.gateway\\.networking\\.k8s\\.io/channel | grep gateway.networking  (fix: kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml)";

    public override IReadOnlyList<string> DependsOn => [KubernetesApiCheck.CheckId];

    public override IReadOnlyList<string> FailingScenarios => ["gateway-api-bundle-drift"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var want = context.Profile.Mesh.GatewayApi;
        var crds = await context.ObserveAsync<CrdsObservation>(cancellationToken);
        var expected = $"bundle-version {want.BundleVersion}, channel {want.Channel}";
        var f = new Findings();
        var names = StandardCrds.Select(n => $"{n}.{Group}").ToList();
        var others = crds.Items.Where(c => c.Spec?.Group == Group).Select(c => c.Metadata.Name).Except(names).Order(StringComparer.Ordinal);
        foreach (var name in names.Concat(others))
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

        return f.ToVerdict($"the {StandardCrds.Count} standard Gateway API CRDs are {expected}");
    }
}
