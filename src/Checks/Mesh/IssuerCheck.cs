using Deepthought.Checks.Kubernetes;
using Deepthought.Checks.Model;
using Deepthought.Checks.Talos;

namespace Deepthought.Checks.Mesh;

/// <summary>
/// The identity issuer is identity.linkerd.cluster.local, signed by a trust anchor Linkerd distributes (its signature
/// verifies with the anchor's key), a CA, valid, and not within the expiry horizon: warn at 60 days like
/// `linkerd check`, fail once expired. The certificate is read from ConfigMap linkerd-config (the chart's values,
/// written without keyPEM), never from Secret linkerd-identity-issuer; the evidence says so, because a Secret
/// replaced outside Helm would not show in linkerd-config. An issuer managed outside the chart (scheme
/// kubernetes.io/tls) is skipped: linkerd-config has no certificate for it.
/// </summary>
public sealed class IssuerCheck : CheckBase
{
    public override string Id => MeshCheckIds.LinkerdIssuer;

    public override Phase Phase => Phase.Mesh;

    public override string Title => "Linkerd's identity issuer is identity.linkerd.cluster.local, signed by the trust anchor, a valid CA not about to expire";

    public override string Hint =>
        "kubectl -n linkerd get configmap linkerd-config -o jsonpath='{.data.values}' | yq .identity.issuer.tls.crtPEM | step certificate inspect -  (renew: https://linkerd.io/2/tasks/manually-rotating-control-plane-tls-credentials/)";

    public override IReadOnlyList<string> DependsOn => [TalosCheckIds.KubernetesApi];

    public override IReadOnlyList<string> FailingScenarios => ["linkerd-issuer-expiring", "linkerd-issuer-expired", "linkerd-issuer-foreign-anchor"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var linkerd = context.Profile.Mesh.Linkerd;
        var identities = await context.ObserveAsync<LinkerdIdentitySource>(cancellationToken);
        var identity = await identities.ReadAsync(linkerd.Namespace, cancellationToken);
        var source = $"configmap {linkerd.Namespace}/{LinkerdIdentityObservation.ConfigMap}";
        if (identity.ExternalIssuer)
        {
            return Verdict.Skip($"{identity.IssuerProblem}; the issuer is not checked (this harness reads no Secret)");
        }

        if (identity.Issuer is null)
        {
            return Verdict.Fail($"{source}: expected the issuer certificate {linkerd.IssuerName}, got: {identity.IssuerProblem}",
                new Evidence(source, $"issuer certificate {linkerd.IssuerName} in {LinkerdIdentityObservation.IssuerCertificatePath}", identity.IssuerProblem ?? "absent"));
        }

        CertificateView? issuer;
        IReadOnlyList<CertificateView> anchors = [];
        try
        {
            issuer = CertificateView.ParsePem(identity.Issuer.CertificatePem).FirstOrDefault();
            if (identity.TrustRootsPem is not null)
            {
                anchors = CertificateView.ParsePem(identity.TrustRootsPem);
            }
        }
        catch (FormatException e)
        {
            return Verdict.Fail($"{source} {LinkerdIdentityObservation.IssuerCertificatePath} or the trust roots: not a PEM certificate ({e.Message})", new Evidence(source, "PEM certificates", e.Message));
        }

        if (issuer is null)
        {
            return Verdict.Fail($"{source}: {LinkerdIdentityObservation.IssuerCertificatePath} holds no CERTIFICATE block", new Evidence(source, "a PEM certificate", "no certificate"));
        }

        var f = new Findings();
        var name = $"issuer {issuer.CommonName} ({identity.Issuer.Source}, scheme {identity.Issuer.Scheme})";
        f.Saw(
            "issuer source",
            "the issuer certificate the identity controller serves",
            $"read from {identity.Issuer.Source} (the Helm values the chart also renders into Secret {linkerd.Namespace}/{LinkerdIdentityObservation.IssuerSecret}); that Secret, which the identity controller mounts, is not read because it holds key.pem, so an issuer replaced outside Helm would not show here");
        f.Saw(name, $"named {linkerd.IssuerName}", issuer.ToString());
        if (!issuer.HasName(linkerd.IssuerName))
        {
            f.Fail(name, $"named {linkerd.IssuerName} (CN or DNS SAN)", $"CN={issuer.CommonName}{(issuer.DnsNames.Count > 0 ? ", DNS " + string.Join(",", issuer.DnsNames) : "")}");
        }

        CertificateRules.Crypto(f, name, issuer);
        CertificateRules.Ca(f, name, issuer);
        Signature(f, name, issuer, anchors, identity.TrustRootsProblem);
        CertificateRules.Lifetime(f, name, issuer, context.Time.GetUtcNow(), linkerd.ExpiryWarningDays);
        return f.ToVerdict($"the issuer {issuer.CommonName} is signed by the trust anchor and valid until {CertificateView.Day(issuer.NotAfter)}");
    }

    private static void Signature(Findings f, string name, CertificateView issuer, IReadOnlyList<CertificateView> anchors, string? rootsProblem)
    {
        const string Expected = "signed by a trust anchor in linkerd-identity-trust-roots";
        if (anchors.Count == 0)
        {
            f.Fail(name, Expected, $"no trust anchor to verify against ({rootsProblem ?? "empty bundle"})");
            return;
        }

        var signer = anchors.FirstOrDefault(issuer.IsSignedBy);
        if (signer is null)
        {
            f.Fail(name, Expected, $"issued by \"{issuer.Issuer}\", but its signature verifies with none of the anchors ({string.Join(" + ", anchors)}) — signed by another root");
        }
        else
        {
            f.Saw(name, Expected, $"signature verifies with the anchor {signer.CommonName} (sha256 {signer.ShortFingerprint})");
        }
    }
}
