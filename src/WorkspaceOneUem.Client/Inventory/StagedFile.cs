using System;
using System.IO;
using System.Security.Cryptography;

namespace WorkspaceOneUem.Client.Inventory
{
    /// <summary>
    /// A file written beside its target under a temporary name ("target.1a2b3c4d.tmp") and moved over the target
    /// only when complete, so an interrupted write never leaves a half-written file where a complete one was.
    /// Disposing without <see cref="Commit"/> deletes the temporary file. A process killed outright cannot delete
    /// it; the ".tmp" name says what it is.
    /// </summary>
    internal sealed class StagedFile : IDisposable
    {
        public const string TempSuffix = ".tmp";

        private readonly Stream _file;
        private bool _closed;
        private bool _committed;

        private StagedFile(string target, Func<string, Stream>? open)
        {
            Target = target;
            TempPath = target + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + TempSuffix;
            _file = (open ?? OpenNew)(TempPath);
            Hashing = new HashingStream(_file);
        }

        public string Target { get; }

        public string TempPath { get; }

        /// <summary>Writes to the temporary file, hashing what passes.</summary>
        public HashingStream Hashing { get; }

        /// <summary>
        /// Starts a staged file. <paramref name="open"/> creates the temporary file at the path it is given (tests
        /// pass one that fails like a full disk); by default a new, unshared file.
        /// </summary>
        public static StagedFile Create(string target, Func<string, Stream>? open = null) => new StagedFile(target, open);

        // CreateNew: never reuse someone else's file; no sharing: nobody reads a half-written file.
        private static Stream OpenNew(string path) => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);

        /// <summary>
        /// Flushes to disk and closes the temporary file, returning the SHA-256 of its bytes (lower-case hex). When the
        /// flush fails (a full disk) the file is closed all the same and the flush's error thrown, so that
        /// <see cref="Dispose"/> can still delete it.
        /// </summary>
        public string Close()
        {
            if (_closed)
                throw new InvalidOperationException("The file is already closed.");
            _closed = true;
            try
            {
                Hashing.Flush();
                if (_file is FileStream file)
                    file.Flush(true);
            }
            catch
            {
                CloseAbandoned();
                throw;
            }
            _file.Dispose();
            return Hashing.HashHex();
        }

        /// <summary>
        /// Moves the finished temporary file over the target. Without <paramref name="overwrite"/> an existing
        /// target is an IOException and stays as it was.
        /// </summary>
        public void Commit(bool overwrite)
        {
            if (!_closed)
                Close();
            if (File.Exists(Target))
            {
                if (!overwrite)
                    throw new IOException($"'{Target}' exists; it was not replaced.");
                // A rename on one volume: the target is the old file or the new one, never a mix.
                File.Replace(TempPath, Target, null);
            }
            else
            {
                File.Move(TempPath, Target);
            }
            _committed = true;
        }

        /// <summary>Deletes the temporary file unless it was committed, even when closing it fails.</summary>
        public void Dispose()
        {
            try
            {
                if (!_closed)
                {
                    _closed = true;
                    Hashing.Dispose();
                    CloseAbandoned();
                }
            }
            finally
            {
                if (!_committed)
                    DeleteTemp();
            }
        }

        // Closing flushes what is buffered; for a file about to be deleted, a failure to write it (a full disk)
        // does not matter, and must not keep the delete from running. The handle is closed either way.
        private void CloseAbandoned()
        {
            try
            {
                _file.Dispose();
            }
            catch (IOException)
            {
            }
        }

        private void DeleteTemp()
        {
            try
            {
                File.Delete(TempPath);
            }
            catch (IOException)
            {
                // Left behind under its temporary name; the target is untouched either way.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Passes reads or writes through to a stream and computes the SHA-256 of the bytes that passed.</summary>
    internal sealed class HashingStream : Stream
    {
        private readonly Stream _inner;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private string? _hex;

        public HashingStream(Stream inner)
        {
            _inner = inner;
        }

        public long BytesPassed { get; private set; }

        /// <summary>The SHA-256 of every byte read or written so far, as lower-case hex. Ends the hashing.</summary>
        public string HashHex()
        {
            if (_hex == null)
            {
                byte[] digest = _hash.GetHashAndReset();
                _hex = BitConverter.ToString(digest).Replace("-", string.Empty).ToLowerInvariant();
            }
            return _hex;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = _inner.Read(buffer, offset, count);
            if (read > 0)
            {
                _hash.AppendData(buffer, offset, read);
                BytesPassed += read;
            }
            return read;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _hash.AppendData(buffer, offset, count);
            BytesPassed += count;
            _inner.Write(buffer, offset, count);
        }

        // After the staged file is closed, a text writer disposed later may still flush: nothing is left to write.
        public override void Flush()
        {
            if (_inner.CanWrite)
                _inner.Flush();
        }

        public override bool CanRead => _inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => _inner.CanWrite;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesPassed; set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
