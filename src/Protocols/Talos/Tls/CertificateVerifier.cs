using System.Globalization;
using System.Net;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.X509;

namespace Deepthought.Protocols.Talos.Tls;

/// <summary>
/// The PKIX checks BouncyCastle's TLS layer leaves to its user, as Go's crypto/tls does them for talosctl: chain to
/// the talosconfig CA, validity of every certificate, CA constraints, extended key usage, and (for servers) the
/// endpoint's IP or DNS name in the subject alternative names. Each method returns the rejection reason or null.
/// </summary>
public static class CertificateVerifier
{
    /// <summary>Verifies a server chain for <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static string? VerifyServer(IReadOnlyList<X509Certificate> chain, X509Certificate ca, string host, int port, DateTimeOffset now)
    {
        var subject = $"server certificate for {host}:{port}";
        return VerifyChain(chain, ca, now, subject, KeyPurposeID.id_kp_serverAuth, "the talosconfig CA")
            ?? VerifyName(chain[0], host, subject);
    }

    /// <summary>Verifies a client chain (the twin's apid, as Go's RequireAndVerifyClientCert does).</summary>
    public static string? VerifyClient(IReadOnlyList<X509Certificate> chain, X509Certificate ca, DateTimeOffset now) =>
        VerifyChain(chain, ca, now, "client certificate", KeyPurposeID.id_kp_clientAuth, "the Talos OS CA");

    public static string? VerifyChain(IReadOnlyList<X509Certificate> chain, X509Certificate ca, DateTimeOffset now, string subject, KeyPurposeID purpose, string caName)
    {
        if (chain.Count == 0)
        {
            return $"{subject}: no certificate was presented";
        }

        var leaf = chain[0];
        var validity = Validity(leaf, now, subject) ?? Validity(ca, now, $"{subject}: {caName}");
        if (validity is not null)
        {
            return validity;
        }

        var usage = leaf.GetExtendedKeyUsage();
        if (usage is not null && usage.Count > 0 && !usage.Any(u => u.Id == purpose.Id || u.Id == KeyPurposeID.AnyExtendedKeyUsage.Id))
        {
            return $"{subject} ({leaf.SubjectDN}) is not valid for {(purpose.Equals(KeyPurposeID.id_kp_serverAuth) ? "server" : "client")} authentication (extended key usage)";
        }

        // Walk up the presented chain; the last certificate must be signed by the CA.
        var current = leaf;
        for (var i = 1; i <= chain.Count; i++)
        {
            if (SignedBy(current, ca))
            {
                return null;
            }

            if (i == chain.Count)
            {
                break;
            }

            var issuer = chain[i];
            if (issuer.GetBasicConstraints() < 0 || !SignedBy(current, issuer))
            {
                break;
            }

            var issuerValidity = Validity(issuer, now, $"{subject}: intermediate {issuer.SubjectDN}");
            if (issuerValidity is not null)
            {
                return issuerValidity;
            }

            current = issuer;
        }

        return $"{subject} is not signed by {caName} (issuer {leaf.IssuerDN}, CA {ca.SubjectDN})";
    }

    public static string? Validity(X509Certificate certificate, DateTimeOffset now, string subject)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (now < notBefore)
        {
            return $"{subject} is not valid before {Format(notBefore)} (now {Format(now)})";
        }

        return now > notAfter ? $"{subject} expired on {Format(notAfter)} (now {Format(now)})" : null;
    }

    public static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static bool SignedBy(X509Certificate certificate, X509Certificate issuer)
    {
        if (!certificate.IssuerDN.Equivalent(issuer.SubjectDN))
        {
            return false;
        }

        try
        {
            certificate.Verify(issuer.GetPublicKey());
            return true;
        }
        catch (Exception e) when (e is CertificateException or InvalidKeyException or SignatureException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    // As Go: an IP endpoint must be in the IP SANs, a name in the DNS SANs (one wildcard label allowed); no CN fallback.
    private static string? VerifyName(X509Certificate leaf, string host, string subject)
    {
        var sans = leaf.GetSubjectAlternativeNames() ?? [];
        var ips = new List<string>();
        var names = new List<string>();
        foreach (var entry in sans)
        {
            var tag = Convert.ToInt32(entry[0], CultureInfo.InvariantCulture);
            var value = entry[1]?.ToString() ?? "";
            if (tag == GeneralName.IPAddress)
            {
                ips.Add(value);
            }
            else if (tag == GeneralName.DnsName)
            {
                names.Add(value);
            }
        }

        if (IPAddress.TryParse(host, out var ip))
        {
            return ips.Any(v => IPAddress.TryParse(v, out var san) && san.Equals(ip))
                ? null
                : $"{subject} is not valid for the IP {host} (its IP SANs: {Join(ips)}) — add the endpoint to machine.certSANs or use an endpoint the certificate names";
        }

        return names.Any(n => NameMatches(n, host))
            ? null
            : $"{subject} is not valid for the name {host} (its DNS SANs: {Join(names)})";
    }

    private static bool NameMatches(string pattern, string host)
    {
        if (string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return false;
        }

        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && string.Equals(pattern[1..], host[dot..], StringComparison.OrdinalIgnoreCase);
    }

    private static string Join(List<string> values) => values.Count == 0 ? "none" : string.Join(", ", values);
}
