using Deepthought.Protocols;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using PemObjectReader = Org.BouncyCastle.Utilities.IO.Pem.PemReader;

namespace Deepthought.Protocols.Talos.Tls;

/// <summary>PEM reading for talosconfig material. Errors name the source, never the content.</summary>
public static class Pem
{
    public static IReadOnlyList<X509Certificate> ReadCertificates(string pem, string where)
    {
        var certificates = new List<X509Certificate>();
        foreach (var (label, der) in Objects(pem, where))
        {
            if (label != "CERTIFICATE")
            {
                continue;
            }

            try
            {
                certificates.Add(new X509CertificateParser().ReadCertificate(der));
            }
            catch (Exception e) when (e is IOException or ArgumentException or Org.BouncyCastle.Security.Certificates.CertificateException or InvalidCastException)
            {
                throw new ConfigurationException($"{where}: a CERTIFICATE block is not a valid X.509 certificate ({e.GetType().Name})");
            }
        }

        return certificates;
    }

    /// <summary>
    /// Reads the private key: Talos writes Ed25519 keys as PKCS#8 under the label "ED25519 PRIVATE KEY"; ECDSA keys
    /// may be SEC1 ("EC PRIVATE KEY"), RSA keys PKCS#1 ("RSA PRIVATE KEY"); "PRIVATE KEY" is PKCS#8 for any of them.
    /// </summary>
    public static AsymmetricKeyParameter ReadPrivateKey(string pem, string where)
    {
        foreach (var (label, der) in Objects(pem, where))
        {
            if (!label.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                return label switch
                {
                    "EC PRIVATE KEY" => FromSec1(der),
                    "RSA PRIVATE KEY" => FromPkcs1(der),
                    _ => PrivateKeyFactory.CreateKey(der),
                };
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException or InvalidOperationException or SecurityUtilityException)
            {
                throw new ConfigurationException($"{where}: the {label} block is not a readable private key ({e.GetType().Name}) — use the key `talosctl` generated");
            }
        }

        throw new ConfigurationException($"{where}: no PEM private key found — the context's key must be base64 of a PEM private key");
    }

    private static ECPrivateKeyParameters FromSec1(byte[] der)
    {
        var sec1 = ECPrivateKeyStructure.GetInstance(der);
        var curveOid = (Org.BouncyCastle.Asn1.DerObjectIdentifier)sec1.Parameters;
        return new ECPrivateKeyParameters("EC", sec1.GetKey(), curveOid);
    }

    private static RsaPrivateCrtKeyParameters FromPkcs1(byte[] der)
    {
        var rsa = RsaPrivateKeyStructure.GetInstance(der);
        return new RsaPrivateCrtKeyParameters(rsa.Modulus, rsa.PublicExponent, rsa.PrivateExponent, rsa.Prime1, rsa.Prime2, rsa.Exponent1, rsa.Exponent2, rsa.Coefficient);
    }

    private static IEnumerable<(string Label, byte[] Der)> Objects(string pem, string where)
    {
        using var reader = new PemObjectReader(new StringReader(pem));
        while (true)
        {
            Org.BouncyCastle.Utilities.IO.Pem.PemObject? obj;
            try
            {
                obj = reader.ReadPemObject();
            }
            catch (IOException e)
            {
                throw new ConfigurationException($"{where}: not valid PEM ({e.Message.Split('\n')[0]})");
            }

            if (obj is null)
            {
                yield break;
            }

            yield return (obj.Type, obj.Content);
        }
    }
}
