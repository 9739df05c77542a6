using System;
using System.Collections.Generic;
using System.Linq;
using WorkspaceOneUem.Client.Http;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>The set that lets a listing hand out each record once: right answers, and small for dense ids.</summary>
    public sealed class IdSetTests
    {
        [Fact]
        public void Agrees_with_a_hash_set_on_dense_scattered_negative_and_repeated_ids()
        {
            var random = new Random(13);
            IEnumerable<long> ids = Enumerable.Range(1, 5000).Select(i => (long)i)
                .Concat(Enumerable.Range(0, 5000).Select(_ => (long)random.Next(1, 20000)))
                .Concat(Enumerable.Range(0, 2000).Select(_ => ((long)random.Next() << 32) | (uint)random.Next()))
                .Concat(new[] { 0L, -1L, -1024L, -1025L, long.MinValue, long.MaxValue, long.MaxValue, 0L })
                .OrderBy(_ => random.Next())
                .ToList();
            var expected = new HashSet<long>();
            var set = new IdSet();

            foreach (long id in ids)
                Assert.Equal(expected.Add(id), set.Add(id));

            Assert.Equal(expected.Count, set.Count);
        }

        [Fact]
        public void A_million_dense_ids_take_well_under_a_megabyte()
        {
            var set = new IdSet();
            long before = GC.GetAllocatedBytesForCurrentThread();

            for (long id = 1; id <= 1_000_000; id++)
                Assert.True(set.Add(id));

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(1_000_000, set.Count);
            Assert.True(allocated < 1024 * 1024, $"{allocated:N0} bytes allocated");
            Assert.False(set.Add(123_456));
        }
    }
}
