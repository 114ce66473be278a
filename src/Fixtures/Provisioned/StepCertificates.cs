using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Deepthought.Fixtures.Provisioned;

/// <summary>A certificate with its private key, as PEM.</summary>
public sealed record PemPair(string CertificatePem, string PrivateKeyPem);

/// <summary>
/// The seed's two `step certificate create` calls, without step: an ECDSA P-256 trust anchor with the root-ca profile
/// (self-signed CA, keyUsage certSign+cRLSign, path length 1, step's default ten years) and an issuer with the
/// intermediate-ca profile (CA, keyUsage certSign+cRLSign, path length 0) signed by it, valid for the seed's
/// --not-after 8760h. Both key usage and basic constraints are critical, subject = CN only.
/// </summary>
public static class StepCertificates
{
    public const string TrustAnchorName = "root.linkerd.cluster.local";

    public const string IssuerName = "identity.linkerd.cluster.local";

    /// <summary>step's default validity for --profile root-ca and intermediate-ca: 24 h × 365 × 10.</summary>
    public static readonly TimeSpan DefaultCaValidity = TimeSpan.FromHours(24 * 365 * 10);

    /// <summary>The seed's --not-after 8760h for the issuer.</summary>
    public static readonly TimeSpan SeedIssuerValidity = TimeSpan.FromHours(8760);

    public static (PemPair Anchor, PemPair Issuer) Create(DateTimeOffset now)
    {
        using var anchorKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var anchor = CreateCa(TrustAnchorName, anchorKey, pathLength: 1, now, now + DefaultCaValidity, signer: null, signerKey: null);
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issuer = CreateCa(IssuerName, issuerKey, pathLength: 0, now, now + SeedIssuerValidity, anchor, anchorKey);
        return (new PemPair(anchor.ExportCertificatePem(), anchorKey.ExportPkcs8PrivateKeyPem()),
                new PemPair(issuer.ExportCertificatePem(), issuerKey.ExportPkcs8PrivateKeyPem()));
    }

    /// <summary>Writes ca.crt, ca.key, issuer.crt and issuer.key (keys readable by the owner only), as the seed's step calls do.</summary>
    public static void WriteTo(string directory, DateTimeOffset now)
    {
        Directory.CreateDirectory(directory);
        var (anchor, issuer) = Create(now);
        File.WriteAllText(Path.Combine(directory, "ca.crt"), anchor.CertificatePem + "\n");
        WriteKey(Path.Combine(directory, "ca.key"), anchor.PrivateKeyPem);
        File.WriteAllText(Path.Combine(directory, "issuer.crt"), issuer.CertificatePem + "\n");
        WriteKey(Path.Combine(directory, "issuer.key"), issuer.PrivateKeyPem);
    }

    private static void WriteKey(string path, string pem)
    {
        File.WriteAllText(path, pem + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static X509Certificate2 CreateCa(string commonName, ECDsa key, int pathLength, DateTimeOffset notBefore, DateTimeOffset notAfter, X509Certificate2? signer, ECDsa? signerKey)
    {
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLength, critical: true));
        var subjectKeyId = new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false);
        request.CertificateExtensions.Add(subjectKeyId);
        if (signer is null)
        {
            return request.CreateSelfSigned(notBefore, notAfter);
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(signer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(signer.SubjectName, X509SignatureGenerator.CreateForECDsa(signerKey!), notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }
}
