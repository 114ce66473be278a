using System.Net;

namespace Deepthought.Twin.Mesh;

/// <summary>
/// A response body passed through unchanged that tells the proxies when its stream ends, so response_total carries
/// the gRPC status from the trailers (linkerd counts a response when its stream ends).
/// </summary>
internal sealed class ObservedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly Action _onEnd;
    private int _ended;

    public ObservedContent(HttpContent inner, Action onEnd)
    {
        _inner = inner;
        _onEnd = onEnd;
        foreach (var h in inner.Headers)
        {
            Headers.TryAddWithoutValidation(h.Key, h.Value);
        }
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await _inner.CopyToAsync(stream, cancellationToken);
        End();
    }

    protected override async Task<Stream> CreateContentReadStreamAsync() => await CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new EndStream(await _inner.ReadAsStreamAsync(cancellationToken), End);

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? 0;
        return _inner.Headers.ContentLength.HasValue;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            End();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void End()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _onEnd();
        }
    }

    /// <summary>Reports the end of the body (EOF or dispose) exactly once.</summary>
    private sealed class EndStream(Stream inner, Action onEnd) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Seen(inner.Read(buffer, offset, count), count);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Seen(await inner.ReadAsync(buffer, cancellationToken), buffer.Length);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                onEnd();
            }

            base.Dispose(disposing);
        }

        private int Seen(int n, int asked)
        {
            if (n == 0 && asked > 0)
            {
                onEnd();
            }

            return n;
        }
    }
}
