using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>
    /// A response body held in memory to be parsed, in 64 KB pieces from a small shared pool. A page is read whole
    /// before it is parsed (<see cref="BoundedReadStream.ReadAllAsync"/>); one array per page would be a large object
    /// (600 KB for a page of devices), and hundreds of those in a listing cost full collections. Pieces stay below
    /// that size and are used again. Where one contiguous copy is needed (<see cref="Whole"/>, PowerShell 7 only), it
    /// comes from the runtime's shared pool and goes back to it, so it is not a new large object per page either.
    /// </summary>
    internal sealed class BodyBuffer : Stream
    {
        private const int PieceSize = 64 * 1024;

        // Enough for the pages of a listing in flight at once; more are left to the collector.
        private const int MaxPooled = 64;

        private static readonly ConcurrentQueue<byte[]> Pool = new ConcurrentQueue<byte[]>();
        private static int _pooled;

        private readonly List<byte[]> _pieces = new List<byte[]>();
#if NET8_0_OR_GREATER
        private byte[]? _whole;
#endif
        private long _length;
        private long _position;
        private bool _disposed;

        /// <summary>Where the next bytes go: the free end of the last piece, a new piece when it is full.</summary>
        internal ArraySegment<byte> FreeSpace()
        {
            int used = (int)(_length % PieceSize);
            if (used == 0 && _length == (long)_pieces.Count * PieceSize)
                _pieces.Add(Take());
            return new ArraySegment<byte>(_pieces[_pieces.Count - 1], used, PieceSize - used);
        }

        /// <summary>Counts <paramref name="count"/> bytes written into the last <see cref="FreeSpace"/>.</summary>
        internal void Filled(int count) => _length += count;

#if NET8_0_OR_GREATER
        /// <summary>
        /// The body in one piece, for <see cref="Json.Utf8Pages"/>: its only piece, or the pieces copied into
        /// an array from the runtime's shared pool, given back when the buffer is disposed.
        /// </summary>
        internal ArraySegment<byte> Whole()
        {
            if (_pieces.Count <= 1)
                return new ArraySegment<byte>(_pieces.Count == 0 ? Array.Empty<byte>() : _pieces[0], 0, (int)_length);
            if (_whole == null)
            {
                _whole = System.Buffers.ArrayPool<byte>.Shared.Rent((int)_length);
                for (int i = 0; i < _pieces.Count; i++)
                    Buffer.BlockCopy(_pieces[i], 0, _whole, i * PieceSize, (int)Math.Min(PieceSize, _length - (long)i * PieceSize));
            }
            return new ArraySegment<byte>(_whole, 0, (int)_length);
        }
#endif

        public override bool CanRead => !_disposed;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_disposed)
                throw new ObjectDisposedException(nameof(BodyBuffer));
            int copied = 0;
            while (copied < count && _position < _length)
            {
                int inPiece = (int)(_position % PieceSize);
                int n = (int)Math.Min(Math.Min(count - copied, PieceSize - inPiece), _length - _position);
                Buffer.BlockCopy(_pieces[(int)(_position / PieceSize)], inPiece, buffer, offset + copied, n);
                copied += n;
                _position += n;
            }
            return copied;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;
                foreach (byte[] piece in _pieces)
                {
                    if (Interlocked.Increment(ref _pooled) <= MaxPooled)
                        Pool.Enqueue(piece);
                    else
                        Interlocked.Decrement(ref _pooled);
                }
                _pieces.Clear();
#if NET8_0_OR_GREATER
                if (_whole != null)
                    System.Buffers.ArrayPool<byte>.Shared.Return(_whole);
                _whole = null;
#endif
            }
            base.Dispose(disposing);
        }

        private static byte[] Take()
        {
            if (Pool.TryDequeue(out byte[]? piece))
            {
                Interlocked.Decrement(ref _pooled);
                return piece;
            }
            return new byte[PieceSize];
        }
    }
}
