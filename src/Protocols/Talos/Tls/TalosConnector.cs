using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Deepthought.Protocols.Talos.Tls;

/// <summary>What one connection's setup took (tests and the report's timings).</summary>
public sealed record TalosHandshake(string Endpoint, string Version, TimeSpan Connect, TimeSpan Handshake, TimeSpan FirstData);

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> for Talos endpoints: TCP, then mutual TLS by BouncyCastle
/// (Ed25519 certificates, which SslStream cannot use), then — in TLS 1.3, where a server rejects the client
/// certificate only after the client's Finished — a short wait for the server's first application data (its HTTP/2
/// SETTINGS), so a refused client certificate surfaces here as a clear error instead of a later "broken pipe".
/// </summary>
public sealed class TalosConnector
{
    private readonly TalosCredentials _credentials;
    private readonly TimeProvider _time;
    private readonly BcTlsCrypto _crypto = new(new SecureRandom());

    public TalosConnector(TalosCredentials credentials, TimeProvider time, TimeSpan timeout)
    {
        _credentials = credentials;
        _time = time;
        Timeout = timeout;
    }

    /// <summary>Bounds TCP connect plus handshake.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How long to wait for the server's first bytes after a TLS 1.3 handshake (servers that wait for the client's preface get this much delay once).</summary>
    public TimeSpan FirstDataGrace { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Raised after every successful connection setup.</summary>
    public event Action<TalosHandshake>? Connected;

    /// <summary>A handler whose connections are made by this connector (HTTP/2 with prior knowledge over the TLS stream).</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        ConnectCallback = (context, token) => ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, token),
        ConnectTimeout = Timeout,
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        // apid enforces grpc-go's minimum ping interval (5 min): no keepalive pings from here.
        KeepAlivePingDelay = System.Threading.Timeout.InfiniteTimeSpan,
    };

    public async ValueTask<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var endpoint = $"{host}:{port}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var started = Stopwatch.GetTimestamp();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(host, port), timeout.Token);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new TalosConnectionException($"cannot reach the Talos API at {endpoint}: {e.Message}", tlsRefused: false, e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TalosConnectionException($"cannot reach the Talos API at {endpoint}: no TCP connection within {Timeout.TotalSeconds:0.#} s", tlsRefused: false);
        }

        var connected = Stopwatch.GetElapsedTime(started);
        var client = new TalosTlsClient(_crypto, _credentials, host, port, _time);
        var stream = new TlsProtocolStream(new NetworkStream(socket, ownsSocket: true), new TlsClientProtocol());
        try
        {
            await stream.HandshakeAsync(p => ((TlsClientProtocol)p).Connect(client), () => client.HandshakeComplete, timeout.Token);
            var handshake = Stopwatch.GetElapsedTime(started);
            if (client.NegotiatedProtocol != "h2")
            {
                throw new TalosConnectionException($"the Talos API at {endpoint} did not agree to HTTP/2 (ALPN {client.NegotiatedProtocol ?? "none"})", tlsRefused: true);
            }

            if (client.IsTls13)
            {
                await stream.WaitForPeerDataAsync(FirstDataGrace, _time, timeout.Token);
            }

            Connected?.Invoke(new TalosHandshake(endpoint, client.NegotiatedVersion, connected, handshake, Stopwatch.GetElapsedTime(started)));
            return stream;
        }
        catch (Exception e) when (e is not TalosConnectionException)
        {
            await stream.DisposeAsync();
            throw Explain(e, client, endpoint, cancellationToken);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    private Exception Explain(Exception e, TalosTlsClient client, string endpoint, CancellationToken cancellationToken)
    {
        if (client.RejectionReason is not null)
        {
            var remedy = client.RejectionReason.Contains("is not signed by", StringComparison.Ordinal)
                ? " — the talosconfig's ca is not the CA of the cluster at this endpoint: use the talosconfig generated with this cluster's secrets (talosctl gen config)"
                : "";
            return new TalosConnectionException(client.RejectionReason + remedy, tlsRefused: true, e);
        }

        switch (e)
        {
            case TlsFatalAlertReceived received:
                var alert = AlertDescription.GetText(received.AlertDescription);
                var expiry = CertificateVerifier.Validity(_credentials.ClientCertificate, _time.GetUtcNow(), "the talosconfig client certificate");
                var cause = expiry is not null
                    ? $" — {expiry}; get a new one with `talosctl config new` from an admin"
                    : received.AlertDescription is AlertDescription.bad_certificate or AlertDescription.unknown_ca or AlertDescription.certificate_required
                        ? " — the client certificate is not signed by this cluster's Talos CA (a talosconfig of another cluster?)"
                        : "";
                return new TalosConnectionException($"the Talos API at {endpoint} refused the talosconfig client certificate (TLS alert {alert}){cause}", tlsRefused: true, e);
            case TlsFatalAlert sent:
                return new TalosConnectionException($"TLS with the Talos API at {endpoint} failed: {AlertDescription.GetText(sent.AlertDescription)} ({sent.Message})", tlsRefused: true, e);
            case OperationCanceledException when !cancellationToken.IsCancellationRequested:
                return new TalosConnectionException($"no TLS handshake with the Talos API at {endpoint} within {Timeout.TotalSeconds:0.#} s (TCP connected; is this a Talos apid port?)", tlsRefused: false, e);
            case IOException:
                return new TalosConnectionException($"the Talos API at {endpoint} closed the connection during the TLS handshake ({e.Message})", tlsRefused: false, e);
            default:
                return e;
        }
    }
}
