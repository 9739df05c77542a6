using System.Collections.Generic;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>
    /// The record ids a listing has handed out, so a record is never handed out twice however the server pages.
    /// UEM ids are dense database keys, so ids are kept as bits in blocks of 1,024 once a block holds enough of them:
    /// a million users take about 200 KB, where a HashSet&lt;long&gt; takes 20-40 MB and would make a big listing's
    /// memory grow with the tenant. Scattered ids (the content hashes that stand in for device apps' ids) stay in a
    /// plain set.
    /// </summary>
    internal sealed class IdSet
    {
        private const int BlockBits = 10;
        private const int BlockSize = 1 << BlockBits;
        private const long Offset = BlockSize - 1;

        // A block becomes a 128-byte bitmap when it holds this many loose ids (each costs about 20 bytes in a HashSet).
        private const int DenseAt = 16;

        private readonly Dictionary<long, ulong[]> _dense = new Dictionary<long, ulong[]>();
        private readonly Dictionary<long, int> _looseCounts = new Dictionary<long, int>();
        private readonly HashSet<long> _loose = new HashSet<long>();

        public long Count { get; private set; }

        /// <summary>Adds an id; false when it was there already. Once per record of a listing: compiled optimized on first use.</summary>
#if NET8_0_OR_GREATER
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
        public bool Add(long id)
        {
            long block = id >> BlockBits;
            int bit = (int)(id & Offset);
            if (_dense.TryGetValue(block, out ulong[]? bits))
            {
                ulong mask = 1UL << (bit & 63);
                if ((bits[bit >> 6] & mask) != 0)
                    return false;
                bits[bit >> 6] |= mask;
                Count++;
                return true;
            }
            if (!_loose.Add(id))
                return false;
            Count++;
            _looseCounts.TryGetValue(block, out int inBlock);
            if (++inBlock < DenseAt)
            {
                _looseCounts[block] = inBlock;
                return true;
            }
            _looseCounts.Remove(block);
            bits = new ulong[BlockSize / 64];
            long first = block << BlockBits;
            for (int i = 0; i < BlockSize; i++)
            {
                if (_loose.Remove(first + i))
                    bits[i >> 6] |= 1UL << (i & 63);
            }
            _dense.Add(block, bits);
            return true;
        }
    }
}
