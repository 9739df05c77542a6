using System;
using System.Collections.Generic;
using System.Linq;

namespace WorkspaceOneUem.Tests
{
    /// <summary>How many requests were on the simulator at once, read from the arrival times in its journal.</summary>
    internal static class Arrivals
    {
        /// <summary>
        /// The most arrivals within one stretch a little shorter than <paramref name="stayMs"/>. When every request
        /// stays on the server at least that long (a latency fault), more arrivals than a bound within one such
        /// stretch mean more requests at once than the bound.
        /// </summary>
        public static int MostAtOnce(IEnumerable<DateTime> arrivals, int stayMs)
        {
            List<DateTime> times = arrivals.OrderBy(t => t).ToList();
            return times.Max(t => times.Count(u => u >= t && u < t.AddMilliseconds(stayMs - 20)));
        }
    }
}
