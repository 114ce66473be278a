using System.Buffers;
using System.Runtime.InteropServices;
using Org.BouncyCastle.Tls;

namespace Deepthought.Protocols.Talos.Tls;

/// <summary>
/// A BouncyCastle <see cref="TlsProtocol"/> in non-blocking mode, driven by real async I/O on a transport stream.
/// Reads and writes may be in flight at the same time: HTTP/2 always keeps a read pending, which deadlocks
/// BouncyCastle's own blocking TlsStream (its async methods serialize on Stream's defaults). Used by the Talos client
/// and by the twin's apid, so both ends speak Ed25519 mutual TLS the same way.
/// </summary>
public sealed partial class TlsProtocolStream : Stream
{
    // A TLS record is at most 2^14 bytes of plaintext plus expansion; one read of this size keeps records flowing.
    private const int ReadChunk = 17 * 1024;

    private readonly Stream _transport;
    private readonly TlsProtocol _protocol;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _readLock = new(1, 1);
    private readonly byte[] _readBuffer = new byte[ReadChunk];
    private Task<int>? _pendingTransportRead;
    private bool _inputClosed;
    private int _disposed;

    public TlsProtocolStream(Stream transport, TlsProtocol protocol)
    {
        _transport = transport;
        _protocol = protocol;
    }

    public TlsProtocol Protocol => _protocol;

    /// <summary>Starts the protocol (Connect or Accept) and pumps records until <paramref name="isComplete"/> holds.</summary>
    public async Task HandshakeAsync(Action<TlsProtocol> start, Func<bool> isComplete, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            start(_protocol);
        }

        await FlushOutputAsync(cancellationToken);
        while (!isComplete())
        {
            if (!await PumpAsync(cancellationToken))
            {
                throw new IOException("the peer closed the connection during the TLS handshake");
            }
        }
    }

    /// <summary>
    /// Waits until the peer sends its first application data (or an alert, which throws), for at most
    /// <paramref name="grace"/>: in TLS 1.3 a server rejects the client certificate only after the client's Finished.
    /// Returns whether data arrived; a read still in flight is kept for the next <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>.
    /// </summary>
    public async Task<bool> WaitForPeerDataAsync(TimeSpan grace, TimeProvider time, CancellationToken cancellationToken)
    {
        using var delayCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(grace, time, delayCancel.Token);
        while (true)
        {
            lock (_gate)
            {
                if (_protocol.GetAvailableInputBytes() > 0)
                {
                    return true;
                }

                if (_inputClosed || _protocol.IsClosed)
                {
                    throw new IOException("the peer closed the connection right after the TLS handshake");
                }
            }

            // The read runs without the caller's token so that no bytes are lost when the grace period ends first.
            _pendingTransportRead ??= _transport.ReadAsync(_readBuffer, CancellationToken.None).AsTask();
            if (await Task.WhenAny(_pendingTransportRead, delay) == delay)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return false;
            }

            await OfferAsync(await TakePendingReadAsync(), cancellationToken);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _readLock.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                lock (_gate)
                {
                    var available = _protocol.GetAvailableInputBytes();
                    if (available > 0)
                    {
                        var count = Math.Min(available, buffer.Length);
                        var chunk = ArrayPool<byte>.Shared.Rent(count);
                        try
                        {
                            var read = _protocol.ReadInput(chunk, 0, count);
                            chunk.AsSpan(0, read).CopyTo(buffer.Span);
                            return read;
                        }
                        finally
                        {
                            ArrayPool<byte>.Shared.Return(chunk);
                        }
                    }

                    if (_inputClosed || _protocol.IsClosed)
                    {
                        return 0;
                    }
                }

                if (!await PumpAsync(cancellationToken))
                {
                    return 0;
                }
            }
        }
        finally
        {
            _readLock.Release();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        var segment = MemoryMarshal.TryGetArray(buffer, out var s) ? s : new ArraySegment<byte>(buffer.ToArray());
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            byte[] output;
            lock (_gate)
            {
                _protocol.WriteApplicationData(segment.Array!, segment.Offset, segment.Count);
                output = DrainOutput();
            }

            await _transport.WriteAsync(output, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Reads one chunk from the transport and offers it to the protocol; false at the end of the stream.</summary>
    private async Task<bool> PumpAsync(CancellationToken cancellationToken)
    {
        var n = _pendingTransportRead is not null
            ? await TakePendingReadAsync()
            : await _transport.ReadAsync(_readBuffer, cancellationToken);
        return await OfferAsync(n, cancellationToken);
    }

    private async Task<int> TakePendingReadAsync()
    {
        var pending = _pendingTransportRead!;
        _pendingTransportRead = null;
        return await pending;
    }

    private async Task<bool> OfferAsync(int n, CancellationToken cancellationToken)
    {
        if (n == 0)
        {
            lock (_gate)
            {
                _inputClosed = true;
                try
                {
                    _protocol.CloseInput();
                }
                catch (IOException)
                {
                    // EOF without close_notify: the reader sees end of stream either way.
                }
            }

            return false;
        }

        try
        {
            lock (_gate)
            {
                _protocol.OfferInput(_readBuffer, 0, n);
            }
        }
        catch (IOException)
        {
            // Send our alert (if any) before surfacing the failure.
            await TryFlushAsync();
            throw;
        }

        await FlushOutputAsync(cancellationToken);
        return true;
    }

    private async Task TryFlushAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await FlushOutputAsync(timeout.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Best effort: the connection is failing anyway.
        }
    }

    private async Task FlushOutputAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_protocol.GetAvailableOutputBytes() == 0)
            {
                return;
            }
        }

        // Output is drained and written under one lock so records reach the wire in the order the protocol made them.
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            byte[] output;
            lock (_gate)
            {
                output = DrainOutput();
            }

            if (output.Length > 0)
            {
                await _transport.WriteAsync(output, cancellationToken);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private byte[] DrainOutput()
    {
        var count = _protocol.GetAvailableOutputBytes();
        if (count == 0)
        {
            return [];
        }

        var output = new byte[count];
        _protocol.ReadOutput(output, 0, count);
        return output;
    }
}
