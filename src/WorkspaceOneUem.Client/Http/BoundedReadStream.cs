using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>
    /// A response body read under a byte limit and a cancellation token. Past the limit a read throws
    /// <see cref="ResponseTooLargeException"/>, so a body that never ends costs no more than the limit. Bodies are
    /// read asynchronously (<see cref="ReadAllAsync"/>, <see cref="ReadPrefixAsync"/>), so a cancelled read is cancelled
    /// on the wire and its connection closed. Cancelling also disposes the inner stream, so that .NET Framework's
    /// reads, which ignore tokens, end at once instead of waiting for bytes that may never come.
    /// </summary>
    internal sealed class BoundedReadStream : Stream
    {
        private readonly Stream _inner;
        private readonly long _limit;
        private readonly CancellationToken _ct;
        private readonly CancellationTokenRegistration _onCancel;
        private long _read;
        private long _lastByteAt = Stopwatch.GetTimestamp();

        public BoundedReadStream(Stream inner, long limit, CancellationToken ct)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            _limit = limit;
            _ct = ct;
            _onCancel = ct.Register(s => ((Stream)s!).Dispose(), inner); // the state is inner, checked above
        }

        /// <summary>Bytes of the body read so far.</summary>
        public long BytesRead => Interlocked.Read(ref _read);

        /// <summary>How long since the last bytes arrived (or since the headers, before any): tells a stalled body from a slow one.</summary>
        public TimeSpan IdleFor => TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - Interlocked.Read(ref _lastByteAt)) / (double)Stopwatch.Frequency);

        public override int Read(byte[] buffer, int offset, int count)
        {
            _ct.ThrowIfCancellationRequested();
            int n;
            try
            {
                n = _inner.Read(buffer, offset, count);
            }
            catch (Exception ex) when (_ct.IsCancellationRequested && IsReadAborted(ex))
            {
                throw new OperationCanceledException(_ct);
            }
            return Count(n);
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _ct.ThrowIfCancellationRequested();
            int n;
            try
            {
                using (CancellationTokenSource both = CancellationTokenSource.CreateLinkedTokenSource(_ct, cancellationToken))
                    n = await _inner.ReadAsync(buffer, offset, count, both.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (_ct.IsCancellationRequested && IsReadAborted(ex))
            {
                throw new OperationCanceledException(_ct);
            }
            return Count(n);
        }

        private int Count(int n)
        {
            if (n > 0)
                Interlocked.Exchange(ref _lastByteAt, Stopwatch.GetTimestamp());
            if (Interlocked.Add(ref _read, n) > _limit)
                throw new ResponseTooLargeException(_limit);
            return n;
        }

        private static bool IsReadAborted(Exception ex) =>
            ex is ObjectDisposedException || ex is IOException || ex is HttpRequestException || ex is OperationCanceledException;

        /// <summary>The whole body, read asynchronously under the limit and the token.</summary>
        /// <remarks>
        /// A parser reading the network synchronously cannot be cancelled: a stop then had to dispose the body under
        /// its blocked read, and the HTTP stack could drain and reuse that connection while the read was still
        /// pending, so that a later request read the rest of an old answer as its own (a garbled status line) or lost
        /// its answer to the old read (no answer until the timeout). Read whole first, the parser never waits on the
        /// network.
        /// </remarks>
        public async Task<BodyBuffer> ReadAllAsync()
        {
            var body = new BodyBuffer();
            try
            {
                while (true)
                {
                    ArraySegment<byte> free = body.FreeSpace();
                    int n = await ReadAsync(free.Array!, free.Offset, free.Count, _ct).ConfigureAwait(false); // FreeSpace always has its array
                    if (n == 0)
                        return body;
                    body.Filled(n);
                }
            }
            catch
            {
                body.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Up to <paramref name="maxBytes"/> bytes of the body as UTF-8 text, and whether the body went on past them.
        /// What follows is never read: error pages and command answers need no more.
        /// </summary>
        public async Task<BodyPrefix> ReadPrefixAsync(int maxBytes)
        {
            var buffer = new byte[Math.Min(maxBytes + 1, 16 * 1024)];
            var kept = new MemoryStream();
            while (kept.Length <= maxBytes)
            {
                int n = await ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, maxBytes + 1 - kept.Length), _ct).ConfigureAwait(false);
                if (n == 0)
                    break;
                kept.Write(buffer, 0, n);
            }
            return new BodyPrefix(Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)Math.Min(kept.Length, maxBytes)), kept.Length > maxBytes);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

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
                _onCancel.Dispose();
                _inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>The start of a body read with <see cref="BoundedReadStream.ReadPrefixAsync"/>.</summary>
    internal sealed class BodyPrefix
    {
        public BodyPrefix(string text, bool cut)
        {
            Text = text;
            Cut = cut;
        }

        public string Text { get; }

        /// <summary>True when the body went on past the bytes read.</summary>
        public bool Cut { get; }
    }

    /// <summary>A response body went past the session's limit; the transport turns it into <see cref="Ws1ErrorKind.ResponseTooLarge"/>.</summary>
    internal sealed class ResponseTooLargeException : Exception
    {
        public ResponseTooLargeException(long limit)
            : base($"The answer is larger than {limit} bytes.")
        {
            Limit = limit;
        }

        public long Limit { get; }
    }
}
