using Deepthought.Protocols.Talos.Tls;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Deepthought.Twin.Talos;

/// <summary>
/// The TLS server side of a twin apid, configured like siderolabs/crypto's defaults for apid: TLS 1.3 and 1.2 (only
/// ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 for 1.2), X25519 only, ALPN h2, and a client certificate required and verified
/// against the OS CA (RequireAndVerifyClientCert). The roles are the client certificate's Organization values.
/// </summary>
public sealed class ApidTlsServer : DefaultTlsServer
{
    private static readonly int[] Suites =
    [
        CipherSuite.TLS_AES_128_GCM_SHA256,
        CipherSuite.TLS_AES_256_GCM_SHA384,
        CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        // Only for RSA PKIs (tests); a real apid's CA is Ed25519.
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    ];

    private readonly CertifiedKey _serverKey;
    private readonly X509Certificate _ca;
    private readonly TimeProvider _time;

    public ApidTlsServer(BcTlsCrypto crypto, CertifiedKey serverKey, X509Certificate ca, TimeProvider time)
        : base(crypto)
    {
        _serverKey = serverKey;
        _ca = ca;
        _time = time;
    }

    public bool HandshakeComplete { get; private set; }

    /// <summary>Why the client was refused (logged by the twin; the client only sees the alert).</summary>
    public string? RejectionReason { get; private set; }

    /// <summary>The client certificate's Organization values (Talos roles).</summary>
    public IReadOnlyList<string> PeerOrganizations { get; private set; } = [];

    public string PeerSubject { get; private set; } = "";

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        HandshakeComplete = true;
    }

    public override CertificateRequest GetCertificateRequest()
    {
        var algorithms = new List<SignatureAndHashAlgorithm>
        {
            SignatureAndHashAlgorithm.ed25519,
            new(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
            new(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
            SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
        };
        if (TlsUtilities.IsTlsV13(m_context.ServerVersion))
        {
            return new CertificateRequest(TlsUtilities.EmptyBytes, algorithms, null, null);
        }

        algorithms.Add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
        return new CertificateRequest([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], algorithms, null);
    }

    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty)
        {
            RejectionReason = "no client certificate";
            throw new TlsFatalAlert(TlsUtilities.IsTlsV13(m_context.ServerVersion) ? AlertDescription.certificate_required : AlertDescription.bad_certificate);
        }

        var chain = Enumerable.Range(0, clientCertificate.Length)
            .Select(i => new X509Certificate(clientCertificate.GetCertificateAt(i).GetEncoded()))
            .ToList();
        var reason = CertificateVerifier.VerifyClient(chain, _ca, _time.GetUtcNow());
        if (reason is not null)
        {
            RejectionReason = reason;
            // Go's crypto/tls answers bad_certificate for every verification failure.
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }

        PeerSubject = chain[0].SubjectDN.ToString();
        PeerOrganizations = chain[0].SubjectDN.GetValueList(X509Name.O).ToList();
    }

    public override TlsCredentials GetCredentials()
    {
        var crypto = (BcTlsCrypto)Crypto;
        var certificate = crypto.CreateCertificate(_serverKey.Certificate.GetEncoded());
        var tls13 = TlsUtilities.IsTlsV13(m_context.ServerVersion);
        var chain = tls13 ? new Certificate(TlsUtilities.EmptyBytes, [new CertificateEntry(certificate, null)]) : new Certificate([certificate]);
        var offered = m_context.SecurityParameters.ClientSigAlgs;
        var signature = TalosTlsClientSignature(offered, tls13)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "the client accepts no signature scheme for the server key");
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), crypto, _serverKey.PrivateKey, chain, signature);
    }

    public override int[] GetSupportedGroups() => [NamedGroup.x25519];

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.TLSv13.DownTo(ProtocolVersion.TLSv12);

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, Suites);

    protected override IList<ProtocolName> GetProtocolNames() => [ProtocolName.Http_2_Tls];

    private SignatureAndHashAlgorithm? TalosTlsClientSignature(IList<SignatureAndHashAlgorithm>? offered, bool tls13) => _serverKey.PrivateKey switch
    {
        Ed25519PrivateKeyParameters or ECPrivateKeyParameters or RsaKeyParameters => SignatureSchemes.Choose(offered, _serverKey.PrivateKey, tls13),
        _ => null,
    };
}
