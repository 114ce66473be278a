using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Deepthought.Twin.Linkerd;

/// <summary>How the twin's issuer relates to its anchor (the identity scenarios).</summary>
public enum IssuerShape
{
    Healthy,
    ExpiresInTenDays,
    Expired,
    SignedByForeignRoot,
}

/// <summary>
/// Linkerd's identity PKI made like the seed's step commands: an ECDSA P-256 root CA
/// (`step certificate create root.linkerd.cluster.local ca.crt ca.key --profile root-ca`, 10 years, pathlen 1) and an
/// intermediate issuer (`--profile intermediate-ca --not-after 8760h`, CN identity.linkerd.cluster.local, pathlen 0)
/// signed by it. The issuer key leaves this type only as the Secret's key.pem; it is never logged or reported.
/// </summary>
public sealed class LinkerdPki
{
    public static readonly TimeSpan RootLifetime = TimeSpan.FromDays(3650);
    public static readonly TimeSpan IssuerLifetime = TimeSpan.FromHours(8760);

    private LinkerdPki(string anchorPem, string anchorFingerprint, string anchorCommonName, string issuerPem, string issuerKeyPem, DateTimeOffset issuerNotAfter)
    {
        AnchorPem = anchorPem;
        AnchorFingerprintSha256 = anchorFingerprint;
        AnchorCommonName = anchorCommonName;
        IssuerCertificatePem = issuerPem;
        IssuerKeyPem = issuerKeyPem;
        IssuerNotAfter = issuerNotAfter;
    }

    /// <summary>The trust anchor (ca.crt) as PEM: what linkerd-identity-trust-roots distributes.</summary>
    public string AnchorPem { get; }

    /// <summary>Upper-case hex SHA-256 of the anchor's DER (a profile's mesh.linkerd.trustAnchor.fingerprintSha256).</summary>
    public string AnchorFingerprintSha256 { get; }

    public string AnchorCommonName { get; }

    /// <summary>The issuer certificate (issuer.crt) as PEM.</summary>
    public string IssuerCertificatePem { get; }

    /// <summary>The issuer key (issuer.key, SEC1 "EC PRIVATE KEY" like step writes): only for the Secret's key.pem.</summary>
    internal string IssuerKeyPem { get; }

    public DateTimeOffset IssuerNotAfter { get; }

    public static LinkerdPki Create(DateTimeOffset now, string anchorCommonName, string issuerName, IssuerShape shape)
    {
        // The root was made at install time, before the issuer's current validity window.
        var rootNotBefore = now - TimeSpan.FromDays(400);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = Root(anchorCommonName, rootKey, rootNotBefore);

        using var foreignKey = shape == IssuerShape.SignedByForeignRoot ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
        using var foreign = foreignKey is null ? null : Root(anchorCommonName, foreignKey, rootNotBefore);

        var notAfter = shape switch
        {
            IssuerShape.ExpiresInTenDays => now + TimeSpan.FromDays(10),
            IssuerShape.Expired => now - TimeSpan.FromDays(3),
            _ => now - TimeSpan.FromDays(30) + IssuerLifetime,
        };
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issuer = Issuer(issuerName, issuerKey, foreign ?? root, foreignKey ?? rootKey, notAfter - IssuerLifetime, notAfter);
        return new LinkerdPki(
            root.ExportCertificatePem(),
            root.GetCertHashString(HashAlgorithmName.SHA256),
            anchorCommonName,
            issuer.ExportCertificatePem(),
            issuerKey.ExportECPrivateKeyPem(),
            notAfter);
    }

    private static X509Certificate2 Root(string commonName, ECDsa key, DateTimeOffset notBefore)
    {
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(notBefore, notBefore + RootLifetime);
    }

    private static X509Certificate2 Issuer(string commonName, ECDsa key, X509Certificate2 root, ECDsa rootKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        // Signed through a generator so the validity window may lie outside the root's (the expired scenarios).
        return request.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), notBefore, notAfter, serial);
    }
}
