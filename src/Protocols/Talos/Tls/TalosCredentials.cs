using System.Text;
using Deepthought.Protocols;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Deepthought.Protocols.Talos.Tls;

/// <summary>
/// The CA, client certificate chain and private key of one talosconfig context, parsed with BouncyCastle (Talos keys
/// are Ed25519, which .NET's X509Certificate2 cannot use). The key never leaves this object: no property, message or
/// <see cref="ToString"/> shows it.
/// </summary>
public sealed class TalosCredentials
{
    private TalosCredentials(X509Certificate ca, IReadOnlyList<X509Certificate> clientChain, AsymmetricKeyParameter privateKey)
    {
        Ca = ca;
        ClientChain = clientChain;
        PrivateKey = privateKey;
    }

    public X509Certificate Ca { get; }

    /// <summary>The client certificate first, then any intermediates the talosconfig carries.</summary>
    public IReadOnlyList<X509Certificate> ClientChain { get; }

    public X509Certificate ClientCertificate => ClientChain[0];

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>Builds credentials from PEM text; <paramref name="where"/> names the source in errors (file and context).</summary>
    public static TalosCredentials FromPem(string caPem, string certificatePem, string keyPem, string where)
    {
        var ca = Pem.ReadCertificates(caPem, $"{where}: ca").FirstOrDefault()
            ?? throw new ConfigurationException($"{where}: 'ca' holds no PEM certificate — copy it from the talosconfig `talosctl gen config` wrote");
        var chain = Pem.ReadCertificates(certificatePem, $"{where}: crt");
        if (chain.Count == 0)
        {
            throw new ConfigurationException($"{where}: 'crt' holds no PEM certificate — regenerate the client certificate (talosctl config new)");
        }

        var key = Pem.ReadPrivateKey(keyPem, $"{where}: key");
        if (!KeyMatches(chain[0], key))
        {
            throw new ConfigurationException($"{where}: 'key' does not belong to the client certificate in 'crt' — take crt and key from the same talosconfig context");
        }

        return new TalosCredentials(ca, chain, key);
    }

    /// <summary>Same as <see cref="FromPem"/>, from the talosconfig's base64-of-PEM fields.</summary>
    public static TalosCredentials FromBase64(string? ca, string? crt, string? key, string where) =>
        FromPem(Decode(ca, "ca", where), Decode(crt, "crt", where), Decode(key, "key", where), where);

    /// <summary>The algorithm of a certificate's key, for evidence: Ed25519, ECDSA P-256, RSA 2048...</summary>
    public static string Algorithm(X509Certificate certificate) => certificate.GetPublicKey() switch
    {
        Ed25519PublicKeyParameters => "Ed25519",
        ECPublicKeyParameters ec => $"ECDSA ({ec.Parameters.Curve.FieldSize} bit)",
        RsaKeyParameters rsa => $"RSA {rsa.Modulus.BitLength}",
        var other => other.GetType().Name,
    };

    public override string ToString() =>
        $"talosconfig credentials (client {ClientCertificate.SubjectDN}, CA {Ca.SubjectDN}, key {Algorithm(ClientCertificate)})";

    private static string Decode(string? base64, string field, string where)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            throw new ConfigurationException($"{where}: '{field}' is empty — the context needs ca, crt and key (base64 of PEM) as `talosctl gen config` writes them");
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim()));
        }
        catch (FormatException)
        {
            throw new ConfigurationException($"{where}: '{field}' is not base64 — talosconfig fields hold base64 of PEM text");
        }
    }

    // Proves the key and the certificate are a pair without ever printing either: sign a probe and verify it.
    private static bool KeyMatches(X509Certificate certificate, AsymmetricKeyParameter key)
    {
        var algorithm = key switch
        {
            Ed25519PrivateKeyParameters => "Ed25519",
            ECPrivateKeyParameters => "SHA256withECDSA",
            RsaKeyParameters => "SHA256withRSA",
            _ => null,
        };
        if (algorithm is null)
        {
            return false;
        }

        var probe = "deepthought key check"u8.ToArray();
        var signer = SignerUtilities.GetSigner(algorithm);
        signer.Init(true, key);
        signer.BlockUpdate(probe, 0, probe.Length);
        var signature = signer.GenerateSignature();
        var verifier = SignerUtilities.GetSigner(algorithm);
        try
        {
            verifier.Init(false, certificate.GetPublicKey());
        }
        catch (InvalidKeyException)
        {
            return false;
        }

        verifier.BlockUpdate(probe, 0, probe.Length);
        return verifier.VerifySignature(signature);
    }
}
