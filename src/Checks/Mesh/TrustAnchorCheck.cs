using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;

namespace Deepthought.Checks.Mesh;

/// <summary>
/// The trust anchor Linkerd distributes (ConfigMap linkerd-identity-trust-roots, ca-bundle.crt) is the one the seed
/// generated with step: the profiled fingerprint or PEM, else CN root.linkerd.cluster.local; ECDSA P-256, a CA, valid,
/// and not within the expiry horizon. That the issuer chains to it is judged by <see cref="IssuerCheck"/>.
/// </summary>
public sealed class TrustAnchorCheck : CheckBase
{
    public override string Id => MeshCheckIds.LinkerdTrustAnchor;

    public override Phase Phase => Phase.Mesh;

    public override string Title => "Linkerd's trust anchor is the profiled root, ECDSA P-256, a valid CA not about to expire";

    public override string Hint =>
        "kubectl -n linkerd get configmap linkerd-identity-trust-roots -o jsonpath='{.data.ca-bundle\\.crt}' | step certificate inspect --bundle -";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public override IReadOnlyList<string> FailingScenarios => ["linkerd-anchor-not-profiled"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var linkerd = context.Profile.Mesh.Linkerd;
        var (expected, error) = AnchorExpectation.From(context.Profile);
        if (expected is null)
        {
            return Verdict.Fail(error!, new Evidence("profile mesh.linkerd.trustAnchor", "a readable anchor", error!));
        }

        var source = await context.ObserveAsync<LinkerdIdentitySource>(cancellationToken);
        var identity = await source.ReadAsync(linkerd.Namespace, cancellationToken);
        var subject = $"configmap {linkerd.Namespace}/{LinkerdIdentityObservation.TrustRootsConfigMap}";
        if (identity.TrustRootsPem is null)
        {
            return Verdict.Fail($"{subject}: expected {expected.Description}, got: {identity.TrustRootsProblem}",
                new Evidence(subject, expected.Description, identity.TrustRootsProblem ?? "absent"));
        }

        IReadOnlyList<CertificateView> bundle;
        try
        {
            bundle = CertificateView.ParsePem(identity.TrustRootsPem);
        }
        catch (FormatException e)
        {
            return Verdict.Fail($"{subject}: {LinkerdIdentityObservation.TrustRootsKey} is not a PEM certificate bundle ({e.Message})",
                new Evidence(subject, "a PEM bundle of trust anchors", e.Message));
        }

        var anchor = bundle.FirstOrDefault(expected.Matches);
        if (anchor is null)
        {
            var seen = bundle.Count == 0 ? "no certificate" : string.Join(" + ", bundle);
            return Verdict.Fail($"{subject}: expected {expected.Description} in {LinkerdIdentityObservation.TrustRootsKey}, got {seen}",
                new Evidence($"{subject} {LinkerdIdentityObservation.TrustRootsKey}", expected.Description, seen));
        }

        var f = new Findings();
        var name = $"trust anchor {anchor.CommonName}";
        f.Saw(name, expected.Description, anchor.ToString());
        CertificateRules.Crypto(f, name, anchor);
        CertificateRules.Ca(f, name, anchor);
        CertificateRules.Lifetime(f, name, anchor, context.Time.GetUtcNow(), linkerd.ExpiryWarningDays);
        return f.ToVerdict($"the trust anchor is {expected.Description}: {anchor}");
    }
}
