namespace Deepthought.Twin.Mesh;

/// <summary>A connection stream that counts the bytes each way and reports them once when the connection closes.</summary>
internal sealed class CountingStream(Stream inner, Action<long, long> onClose) : Stream
{
    private long _read;
    private long _written;
    private int _closed;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        Interlocked.Add(ref _written, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken);
        Interlocked.Add(ref _written, buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close(inner.Dispose);
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.CompareExchange(ref _closed, 1, 0) == 0)
        {
            await inner.DisposeAsync();
            onClose(Interlocked.Read(ref _read), Interlocked.Read(ref _written));
        }

        await base.DisposeAsync();
    }

    private void Close(Action dispose)
    {
        if (Interlocked.CompareExchange(ref _closed, 1, 0) == 0)
        {
            dispose();
            onClose(Interlocked.Read(ref _read), Interlocked.Read(ref _written));
        }
    }

    private int Counted(int n)
    {
        Interlocked.Add(ref _read, n);
        return n;
    }
}
