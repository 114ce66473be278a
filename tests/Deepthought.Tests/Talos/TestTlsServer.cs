using System.Net;
using System.Net.Sockets;
using Deepthought.Protocols.Talos.Tls;
using Deepthought.Twin.Talos;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Deepthought.Tests.Talos;

/// <summary>
/// A loopback TLS server speaking as the twin's apid does (<see cref="ApidTlsServer"/>), without HTTP/2: after the
/// handshake it sends "ready" and echoes what it reads. For the client's TLS tests (certificate checks, key types).
/// </summary>
public sealed class TestTlsServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TestTlsServer(CertifiedKey serverKey, TalosPki clientCa, bool silent = false)
    {
        _listener.Start();
        _loop = Task.Run(() => AcceptLoopAsync(serverKey, clientCa, silent));
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Why the server refused the last client (its own reason, as the twin logs it).</summary>
    public string? LastRejection { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(CertifiedKey serverKey, TalosPki clientCa, bool silent)
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            _ = Task.Run(async () =>
            {
                if (silent)
                {
                    // Accepts TCP and never answers: a blackhole for the client's timeouts.
                    await Task.Delay(Timeout.Infinite, _stop.Token).ContinueWith(_ => socket.Dispose(), TaskScheduler.Default);
                    return;
                }

                var server = new ApidTlsServer(new BcTlsCrypto(new SecureRandom()), serverKey, clientCa.Ca.Certificate, TimeProvider.System);
                await using var tls = new TlsProtocolStream(new NetworkStream(socket, ownsSocket: true), new TlsServerProtocol());
                try
                {
                    await tls.HandshakeAsync(p => ((TlsServerProtocol)p).Accept(server), () => server.HandshakeComplete, _stop.Token);
                    await tls.WriteAsync("ready"u8.ToArray(), _stop.Token);
                    var buffer = new byte[1024];
                    int n;
                    while ((n = await tls.ReadAsync(buffer, _stop.Token)) > 0)
                    {
                        await tls.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
                    }
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
                {
                    LastRejection = server.RejectionReason ?? e.Message;
                }
            });
        }
    }
}
