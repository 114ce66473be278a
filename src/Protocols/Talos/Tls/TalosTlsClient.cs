using System.Net;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Deepthought.Protocols.Talos.Tls;

/// <summary>
/// The TLS client side of a Talos API connection, configured like talosctl's Go client meets apid: TLS 1.3 down to
/// 1.2, X25519 first (apid accepts only X25519), ALPN h2, ECDHE_ECDSA suites for Ed25519/ECDSA certificates (and
/// ECDHE_RSA for RSA ones), the talosconfig client certificate, and full server verification with the reason kept.
/// </summary>
public sealed class TalosTlsClient : DefaultTlsClient
{
    private static readonly int[] Suites =
    [
        CipherSuite.TLS_AES_128_GCM_SHA256,
        CipherSuite.TLS_AES_256_GCM_SHA384,
        CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    ];

    private readonly TalosCredentials _credentials;
    private readonly TimeProvider _time;

    public TalosTlsClient(BcTlsCrypto crypto, TalosCredentials credentials, string host, int port, TimeProvider time)
        : base(crypto)
    {
        _credentials = credentials;
        _time = time;
        Host = host;
        Port = port;
    }

    public string Host { get; }

    public int Port { get; }

    public bool HandshakeComplete { get; private set; }

    /// <summary>Why this client refused the server (BouncyCastle only tells the peer "bad_certificate").</summary>
    public string? RejectionReason { get; internal set; }

    public bool IsTls13 => TlsUtilities.IsTlsV13(m_context.ServerVersion);

    public string? NegotiatedProtocol => m_context.SecurityParameters.ApplicationProtocol?.GetUtf8Decoding();

    public string NegotiatedVersion => m_context.ServerVersion?.ToString() ?? "none";

    internal TlsClientContext Context => m_context;

    internal TalosCredentials Credentials => _credentials;

    internal DateTimeOffset Now => _time.GetUtcNow();

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        HandshakeComplete = true;
    }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.TLSv13.DownTo(ProtocolVersion.TLSv12);

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, Suites);

    protected override IList<int> GetSupportedGroups(IList<int> namedGroupRoles) =>
        [NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.secp384r1];

    protected override IList<ProtocolName> GetProtocolNames() => [ProtocolName.Http_2_Tls];

    // No SNI for IP endpoints (as Go); a name endpoint sends its name.
    protected override IList<ServerName>? GetSniServerNames() =>
        IPAddress.TryParse(Host, out _) ? null : [new ServerName(NameType.host_name, Encoding.ASCII.GetBytes(Host))];

    private sealed class Authentication(TalosTlsClient owner) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            var presented = serverCertificate.Certificate;
            var chain = new List<X509Certificate>();
            for (var i = 0; i < presented.Length; i++)
            {
                chain.Add(new X509Certificate(presented.GetCertificateAt(i).GetEncoded()));
            }

            var reason = CertificateVerifier.VerifyServer(chain, owner._credentials.Ca, owner.Host, owner.Port, owner.Now);
            if (reason is not null)
            {
                owner.RejectionReason = reason;
                throw new TlsFatalAlert(reason.Contains("expired", StringComparison.Ordinal) ? AlertDescription.certificate_expired : AlertDescription.bad_certificate);
            }
        }

        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest)
        {
            var context = owner.Context;
            var tls13 = TlsUtilities.IsTlsV13(context.ServerVersion);
            var key = owner._credentials.PrivateKey;
            var signature = SignatureSchemes.Choose(certificateRequest.SupportedSignatureAlgorithms, key, tls13);
            if (signature is null)
            {
                owner.RejectionReason = $"the Talos API at {owner.Host}:{owner.Port} accepts no signature scheme for the talosconfig client key ({TalosCredentials.Algorithm(owner._credentials.ClientCertificate)})";
                throw new TlsFatalAlert(AlertDescription.handshake_failure);
            }

            var crypto = (BcTlsCrypto)owner.Crypto;
            var entries = owner._credentials.ClientChain.Select(c => crypto.CreateCertificate(c.GetEncoded())).ToArray();
            var certificate = tls13
                ? new Certificate(certificateRequest.GetCertificateRequestContext(), entries.Select(e => new CertificateEntry(e, null)).ToArray())
                : new Certificate(entries);
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, key, certificate, signature);
        }
    }
}
