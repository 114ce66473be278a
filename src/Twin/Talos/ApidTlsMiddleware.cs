using System.IO.Pipelines;
using Deepthought.Protocols.Talos.Tls;
using Microsoft.AspNetCore.Connections;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Deepthought.Twin.Talos;

/// <summary>
/// Kestrel connection middleware that replaces a twin apid connection's transport with BouncyCastle mutual TLS
/// (Ed25519, which Kestrel's SslStream cannot serve), then hands the decrypted stream to Kestrel's HTTP/2.
/// </summary>
public sealed class ApidTlsMiddleware(TwinNode node, ApidCluster cluster, Action<string> log)
{
    // An empty HTTP/2 SETTINGS frame: the server preface. grpc-go (real apid) sends its SETTINGS right after the
    // handshake, before reading the client preface; Kestrel waits for the client. Sending one here makes the twin
    // speak first like apid, so clients can wait for the server's first data to learn the certificate was accepted.
    // Kestrel's own SETTINGS follow as a second SETTINGS frame, which HTTP/2 allows.
    private static readonly byte[] EmptySettings = [0, 0, 0, 4, 0, 0, 0, 0, 0];
    private static readonly BcTlsCrypto Crypto = new(new SecureRandom());

    public async Task InvokeAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var server = new ApidTlsServer(Crypto, node.ServerCertificate!, cluster.Pki.Ca.Certificate, cluster.Time);
        var tls = new TlsProtocolStream(new DuplexPipeStream(connection.Transport), new TlsServerProtocol());
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await tls.HandshakeAsync(p => ((TlsServerProtocol)p).Accept(server), () => server.HandshakeComplete, timeout.Token);
            await tls.WriteAsync(EmptySettings, timeout.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            log($"apid {node.Name}: TLS handshake with {connection.RemoteEndPoint} refused: {server.RejectionReason ?? e.Message}");
            await tls.DisposeAsync();
            return;
        }

        connection.Features.Set(new ApidPeer(node, server.PeerOrganizations, server.PeerSubject));
        var original = connection.Transport;
        connection.Transport = new StreamPipe(tls);
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = original;
            await tls.DisposeAsync();
        }
    }

    /// <summary>A stream over a connection's pipes (the TLS records go through it).</summary>
    private sealed class DuplexPipeStream(IDuplexPipe pipe) : Stream
    {
        private readonly Stream _input = pipe.Input.AsStream(leaveOpen: true);
        private readonly Stream _output = pipe.Output.AsStream(leaveOpen: true);

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _input.ReadAsync(buffer, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _output.WriteAsync(buffer, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => _output.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => _input.Read(buffer, offset, count);

        public override void Write(byte[] buffer, int offset, int count) => _output.Write(buffer, offset, count);

        public override void Flush() => _output.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            await _input.DisposeAsync();
            await _output.DisposeAsync();
            await base.DisposeAsync();
        }
    }

    /// <summary>Pipes over the decrypted stream, for Kestrel's HTTP/2.</summary>
    private sealed class StreamPipe(Stream stream) : IDuplexPipe
    {
        public PipeReader Input { get; } = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));

        public PipeWriter Output { get; } = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }
}
