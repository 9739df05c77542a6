using System.Collections.Generic;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Tests
{
    /// <summary>Tests read the client's async sequences from a plain thread, blocking; the module never does this but in one place.</summary>
    internal static class AsyncSequenceTestExtensions
    {
        public static IEnumerable<T> Sync<T>(this IAsyncEnumerable<T> source)
        {
            IAsyncEnumerator<T> e = source.GetAsyncEnumerator();
            try
            {
                while (e.MoveNextAsync().AsTask().GetAwaiter().GetResult())
                    yield return e.Current;
            }
            finally
            {
                e.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }
}
