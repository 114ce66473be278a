using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Tls;

namespace Deepthought.Protocols.Talos.Tls;

/// <summary>Signature schemes for the key types a talosconfig may hold (Ed25519 by default; ECDSA and RSA work too).</summary>
public static class SignatureSchemes
{
    /// <summary>Picks the signature scheme for our key among those the server accepts (TLS 1.3 pins the hash to the curve).</summary>
    public static SignatureAndHashAlgorithm? Choose(IList<SignatureAndHashAlgorithm>? offered, Org.BouncyCastle.Crypto.AsymmetricKeyParameter key, bool tls13)
    {
        IEnumerable<SignatureAndHashAlgorithm> candidates = key switch
        {
            Ed25519PrivateKeyParameters => [SignatureAndHashAlgorithm.ed25519],
            ECPrivateKeyParameters ec => ec.Parameters.Curve.FieldSize switch
            {
                <= 256 => [Ecdsa(HashAlgorithm.sha256)],
                <= 384 => tls13 ? [Ecdsa(HashAlgorithm.sha384)] : [Ecdsa(HashAlgorithm.sha384), Ecdsa(HashAlgorithm.sha256)],
                _ => tls13 ? [Ecdsa(HashAlgorithm.sha512)] : [Ecdsa(HashAlgorithm.sha512), Ecdsa(HashAlgorithm.sha256)],
            },
            Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters => tls13
                ? [SignatureAndHashAlgorithm.rsa_pss_rsae_sha256, SignatureAndHashAlgorithm.rsa_pss_rsae_sha384]
                : [SignatureAndHashAlgorithm.rsa_pss_rsae_sha256, new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa)],
            _ => [],
        };
        return offered is null ? candidates.FirstOrDefault() : candidates.FirstOrDefault(offered.Contains);
    }

    private static SignatureAndHashAlgorithm Ecdsa(short hash) => new(hash, SignatureAlgorithm.ecdsa);
}
