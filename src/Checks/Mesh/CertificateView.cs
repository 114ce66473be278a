using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Deepthought.Checks.Mesh;

/// <summary>
/// The facts Linkerd's identity checks need about one X.509 certificate, read with the platform's X.509 parser;
/// signatures are verified with BouncyCastle (a real ECDSA verification of the TBS bytes, like Go's CheckSignatureFrom).
/// </summary>
public sealed class CertificateView
{
    public const string EcPublicKeyOid = "1.2.840.10045.2.1";
    public const string P256Oid = "1.2.840.10045.3.1.7";
    public const string EcdsaWithSha256Oid = "1.2.840.10045.4.3.2";

    private readonly BcCertificate _bc;

    private CertificateView(byte[] der)
    {
        Der = der;
        using var cert = X509CertificateLoader.LoadCertificate(der);
        Subject = cert.Subject;
        Issuer = cert.Issuer;
        CommonName = cert.GetNameInfo(X509NameType.SimpleName, false);
        NotBefore = new DateTimeOffset(cert.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        NotAfter = new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        FingerprintSha256 = Convert.ToHexString(SHA256.HashData(der));
        var basic = cert.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        IsCa = basic?.CertificateAuthority ?? false;
        PathLength = basic is { HasPathLengthConstraint: true } ? basic.PathLengthConstraint : null;
        DnsNames = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(s => s.EnumerateDnsNames()).ToArray();
        KeyAlgorithm = Describe(cert.PublicKey);
        IsEcdsaP256 = KeyAlgorithm == "ECDSA P-256";
        SignatureAlgorithm = cert.SignatureAlgorithm.Value == EcdsaWithSha256Oid ? "ECDSA-SHA256" : cert.SignatureAlgorithm.FriendlyName ?? cert.SignatureAlgorithm.Value ?? "unknown";
        _bc = new BcCertificate(der);
    }

    public byte[] Der { get; }

    public string Subject { get; }

    public string Issuer { get; }

    public string CommonName { get; }

    public IReadOnlyList<string> DnsNames { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>Upper-case hex SHA-256 of the DER (what <c>step certificate fingerprint</c> prints, in lower case).</summary>
    public string FingerprintSha256 { get; }

    public bool IsCa { get; }

    public int? PathLength { get; }

    public string KeyAlgorithm { get; }

    public bool IsEcdsaP256 { get; }

    public string SignatureAlgorithm { get; }

    /// <summary>Linkerd accepts only ECDSA P-256 keys signed with ECDSA-SHA256.</summary>
    public bool HasSupportedCrypto => IsEcdsaP256 && SignatureAlgorithm == "ECDSA-SHA256";

    /// <summary>The name the certificate is valid for: its CN or one of its DNS SANs.</summary>
    public bool HasName(string name) =>
        string.Equals(CommonName, name, StringComparison.OrdinalIgnoreCase) || DnsNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="parent"/>'s public key verifies this certificate's signature.</summary>
    public bool IsSignedBy(CertificateView parent)
    {
        try
        {
            return _bc.IsSignatureValid(parent._bc.GetPublicKey());
        }
        catch (Exception e) when (e is Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.Certificates.CertificateException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Short description for evidence: never key material, only public facts.</summary>
    public override string ToString() =>
        $"CN={CommonName} ({KeyAlgorithm}, {(IsCa ? "CA" : "not a CA")}, valid {Day(NotBefore)} to {Day(NotAfter)}, sha256 {ShortFingerprint})";

    public string ShortFingerprint => FingerprintSha256[..16].ToLowerInvariant() + "…";

    public static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Every certificate in a PEM text, in order; other PEM blocks (keys) are skipped, never parsed.</summary>
    public static IReadOnlyList<CertificateView> ParsePem(string pem)
    {
        var list = new List<CertificateView>();
        var rest = pem.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            if (rest.Span[fields.Label] is "CERTIFICATE")
            {
                var der = Convert.FromBase64String(rest.Span[fields.Base64Data].ToString());
                list.Add(FromDer(der));
            }

            rest = rest[fields.Location.End..];
        }

        return list;
    }

    public static CertificateView FromDer(byte[] der)
    {
        try
        {
            return new CertificateView(der);
        }
        catch (CryptographicException e)
        {
            throw new FormatException($"not a valid X.509 certificate: {e.Message}", e);
        }
    }

    /// <summary>Normalizes a profiled fingerprint: colons, spaces and case do not matter.</summary>
    public static string NormalizeFingerprint(string value) =>
        new string(value.Where(Uri.IsHexDigit).ToArray()).ToUpperInvariant();

    private static string Describe(PublicKey key)
    {
        if (key.Oid.Value != EcPublicKeyOid)
        {
            return key.Oid.FriendlyName ?? key.Oid.Value ?? "unknown";
        }

        try
        {
            var curve = new AsnReader(key.EncodedParameters?.RawData ?? [], AsnEncodingRules.DER).ReadObjectIdentifier();
            return curve == P256Oid ? "ECDSA P-256" : $"ECDSA curve {curve}";
        }
        catch (AsnContentException)
        {
            return "ECDSA (unknown curve)";
        }
    }
}
