using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Client
{
    /// <summary>What the client needs of async sequences, without a dependency for it.</summary>
    internal static class AsyncSequences
    {
        /// <summary>Every item of a sequence that is expected to be small (one user's devices, a wipe queue).</summary>
        internal static async Task<List<T>> CollectAsync<T>(this IAsyncEnumerable<T> source, CancellationToken ct)
        {
            var items = new List<T>();
            await foreach (T item in source.WithCancellation(ct).ConfigureAwait(false))
                items.Add(item);
            return items;
        }

        /// <summary>
        /// The first item with this id, or a NotFound error saying <paramref name="notFound"/>: for records the API
        /// lists but offers no call to read one of (user groups).
        /// </summary>
        internal static async Task<T> FindByIdAsync<T>(this IAsyncEnumerable<T> source, System.Func<T, long> idOf, long id, string notFound, CancellationToken ct)
        {
            await foreach (T item in source.WithCancellation(ct).ConfigureAwait(false))
            {
                if (idOf(item) == id)
                    return item;
            }
            throw new Ws1ApiException(Ws1ErrorKind.NotFound, notFound);
        }

        /// <summary>A sequence read from memory or a local file, offered where an async sequence is expected.</summary>
        internal static IAsyncEnumerable<T> FromSync<T>(IEnumerable<T> source) => new SyncSequence<T>(source);

        private sealed class SyncSequence<T> : IAsyncEnumerable<T>
        {
            private readonly IEnumerable<T> _source;

            public SyncSequence(IEnumerable<T> source) => _source = source;

            public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
                new Enumerator(_source.GetEnumerator(), cancellationToken);

            private sealed class Enumerator : IAsyncEnumerator<T>
            {
                private readonly IEnumerator<T> _inner;
                private readonly CancellationToken _ct;

                public Enumerator(IEnumerator<T> inner, CancellationToken ct)
                {
                    _inner = inner;
                    _ct = ct;
                }

                public T Current => _inner.Current;

                public ValueTask<bool> MoveNextAsync()
                {
                    _ct.ThrowIfCancellationRequested();
                    return new ValueTask<bool>(_inner.MoveNext());
                }

                public ValueTask DisposeAsync()
                {
                    _inner.Dispose();
                    return default;
                }
            }
        }
    }
}
