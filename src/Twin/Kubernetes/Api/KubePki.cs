using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>A client identity the twin CA issued: the certificate and its private key, both PEM.</summary>
public sealed record ClientIdentity(string User, string CertificatePem, string KeyPem);

/// <summary>
/// The twin API server's PKI: a self-made ECDSA P-256 CA, a server certificate for 127.0.0.1/localhost and client
/// certificates (CN = user, O = groups) like kubeadm's. The CA private key lives only in memory and is never written.
/// </summary>
public sealed class KubePki : IDisposable
{
    private readonly ECDsa _caKey;

    private KubePki(ECDsa caKey, X509Certificate2 ca, X509Certificate2 server)
    {
        _caKey = caKey;
        Ca = ca;
        Server = server;
    }

    /// <summary>The CA certificate (public part only, usable as a trust anchor).</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The server certificate with its key, for Kestrel.</summary>
    public X509Certificate2 Server { get; }

    public string CaPem => Ca.ExportCertificatePem();

    /// <param name="now">Wall-clock time: TLS peers check validity against their own clock, not the twin's.</param>
    public static KubePki Create(string clusterName, DateTimeOffset now)
    {
        var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={clusterName}-kubernetes-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var caWithKey = caRequest.CreateSelfSigned(now.AddHours(-1), now.AddYears(10));
        var ca = X509CertificateLoader.LoadCertificate(caWithKey.RawData);

        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        san.AddDnsName("kubernetes");
        san.AddDnsName("kubernetes.default.svc");
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var serverCert = Issue(caWithKey, caKey, serverKey, new X500DistinguishedName("CN=kube-apiserver"), "1.3.6.1.5.5.7.3.1", san.Build(), now);
        // A PKCS#12 round trip gives the key a form every TLS backend accepts for a server certificate.
        var server = X509CertificateLoader.LoadPkcs12(serverCert.Export(X509ContentType.Pkcs12), null);
        return new KubePki(caKey, ca, server);
    }

    /// <summary>Issues a client certificate: CN = the user, O = each group (what the API server maps to user and groups).</summary>
    public ClientIdentity IssueClient(string user, IReadOnlyList<string> groups, DateTimeOffset now)
    {
        var subject = new X500DistinguishedNameBuilder();
        foreach (var g in groups)
        {
            subject.AddOrganizationName(g);
        }

        subject.AddCommonName(user);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = Issue(Ca, _caKey, key, subject.Build(), "1.3.6.1.5.5.7.3.2", null, now);
        return new ClientIdentity(user, cert.ExportCertificatePem(), key.ExportECPrivateKeyPem());
    }

    /// <summary>True when <paramref name="cert"/> chains to this CA (client certificate verification).</summary>
    public bool Verify(X509Certificate2 cert)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(cert);
    }

    private static X509Certificate2 Issue(X509Certificate2 issuer, ECDsa issuerKey, ECDsa key, X500DistinguishedName subject, string usageOid, X509Extension? san, DateTimeOffset now)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var signer = X509SignatureGenerator.CreateForECDsa(issuerKey);
        using var cert = request.Create(issuer.SubjectName, signer, now.AddHours(-1), now.AddYears(1), serial);
        return cert.CopyWithPrivateKey(key);
    }

    public void Dispose()
    {
        _caKey.Dispose();
        Ca.Dispose();
        Server.Dispose();
    }
}
