using System.Net;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities.IO.Pem;
using Org.BouncyCastle.X509;
using PemWriter = Org.BouncyCastle.Utilities.IO.Pem.PemWriter;

namespace Deepthought.Twin.Talos;

/// <summary>Key algorithms a Talos-like PKI can use: Talos's own default is Ed25519.</summary>
public enum KeyAlgorithm
{
    Ed25519,
    EcdsaP256,
    Rsa2048,
}

/// <summary>A certificate with its private key; PEM output as Talos writes it (Ed25519 keys under "ED25519 PRIVATE KEY").</summary>
public sealed class CertifiedKey(X509Certificate certificate, AsymmetricKeyParameter privateKey)
{
    public X509Certificate Certificate { get; } = certificate;

    internal AsymmetricKeyParameter PrivateKey { get; } = privateKey;

    public string CertificatePem => ToPem("CERTIFICATE", Certificate.GetEncoded());

    /// <summary>PKCS#8 PEM; the label follows Talos (ED25519 PRIVATE KEY) or the standard one.</summary>
    public string PrivateKeyPem => ToPem(PrivateKey is Ed25519PrivateKeyParameters ? "ED25519 PRIVATE KEY" : "PRIVATE KEY", PrivateKeyInfoFactory.CreatePrivateKeyInfo(PrivateKey).GetEncoded());

    public override string ToString() => $"{Certificate.SubjectDN} (until {Certificate.NotAfter:yyyy-MM-dd})";

    private static string ToPem(string label, byte[] der)
    {
        using var text = new StringWriter();
        var writer = new PemWriter(text);
        writer.WriteObject(new PemObject(label, der));
        writer.Writer.Flush();
        return text.ToString();
    }
}

/// <summary>
/// A Talos-like PKI: a self-signed OS CA (O=talos, 10 years) issuing apid server certificates (24 h, CN = the node,
/// IP/DNS SANs) and client certificates whose Organization values are the Talos roles (os:admin, os:reader...).
/// </summary>
public sealed class TalosPki
{
    private static readonly SecureRandom Random = new();

    private TalosPki(CertifiedKey ca, KeyAlgorithm algorithm)
    {
        Ca = ca;
        Algorithm = algorithm;
    }

    public CertifiedKey Ca { get; }

    public KeyAlgorithm Algorithm { get; }

    public static TalosPki Create(DateTimeOffset now, KeyAlgorithm algorithm = KeyAlgorithm.Ed25519, string organization = "talos")
    {
        var keys = Generate(algorithm);
        var name = new X509Name($"O={organization}");
        var generator = Generator(name, name, keys.Public, now.AddHours(-1), now.AddYears(10));
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(true));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.DigitalSignature));
        return new TalosPki(new CertifiedKey(generator.Generate(Signer(keys.Private)), keys.Private), algorithm);
    }

    /// <summary>An apid server certificate (ExtKeyUsage ServerAuth) for the given IPs and names.</summary>
    public CertifiedKey IssueServer(string commonName, IEnumerable<string> ips, IEnumerable<string> dnsNames, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var names = ips.Select(ip => new GeneralName(GeneralName.IPAddress, IPAddress.Parse(ip).ToString()))
            .Concat(dnsNames.Select(d => new GeneralName(GeneralName.DnsName, d)))
            .ToArray();
        return Issue(new X509Name($"CN={commonName}"), KeyPurposeID.id_kp_serverAuth, notBefore, notAfter,
            g => g.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(names)));
    }

    /// <summary>A client certificate with the roles as Organization values (as <c>talosctl config new --roles</c>).</summary>
    public CertifiedKey IssueClient(IReadOnlyList<string> roles, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var oids = roles.Select(_ => X509Name.O).ToList();
        var values = roles.ToList();
        return Issue(new X509Name(oids, values), KeyPurposeID.id_kp_clientAuth, notBefore, notAfter, _ => { });
    }

    private CertifiedKey Issue(X509Name subject, KeyPurposeID purpose, DateTimeOffset notBefore, DateTimeOffset notAfter, Action<X509V3CertificateGenerator> extend)
    {
        var keys = Generate(Algorithm);
        var generator = Generator(Ca.Certificate.SubjectDN, subject, keys.Public, notBefore, notAfter);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
        generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        extend(generator);
        return new CertifiedKey(generator.Generate(Signer(Ca.PrivateKey)), keys.Private);
    }

    private static X509V3CertificateGenerator Generator(X509Name issuer, X509Name subject, AsymmetricKeyParameter publicKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BigInteger(128, Random).Add(BigInteger.One));
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(notBefore.UtcDateTime);
        generator.SetNotAfter(notAfter.UtcDateTime);
        generator.SetPublicKey(publicKey);
        return generator;
    }

    private static AsymmetricCipherKeyPair Generate(KeyAlgorithm algorithm)
    {
        switch (algorithm)
        {
            case KeyAlgorithm.Ed25519:
                var ed = new Ed25519KeyPairGenerator();
                ed.Init(new Ed25519KeyGenerationParameters(Random));
                return ed.GenerateKeyPair();
            case KeyAlgorithm.EcdsaP256:
                var ec = new ECKeyPairGenerator("EC");
                ec.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, Random));
                return ec.GenerateKeyPair();
            default:
                var rsa = new RsaKeyPairGenerator();
                rsa.Init(new KeyGenerationParameters(Random, 2048));
                return rsa.GenerateKeyPair();
        }
    }

    private static Asn1SignatureFactory Signer(AsymmetricKeyParameter key) => key switch
    {
        Ed25519PrivateKeyParameters => new Asn1SignatureFactory("Ed25519", key, Random),
        ECPrivateKeyParameters => new Asn1SignatureFactory("SHA256WITHECDSA", key, Random),
        _ => new Asn1SignatureFactory("SHA256WITHRSA", key, Random),
    };

    /// <summary>Base64 of PEM, as talosconfig stores ca, crt and key.</summary>
    public static string Base64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
}
