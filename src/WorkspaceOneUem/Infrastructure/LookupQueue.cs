using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// A lookup started on the network and finished on the pipeline thread: <see cref="Finish"/> waits for it and
    /// writes what went wrong as errors, then gives what was found.
    /// </summary>
    internal sealed class PendingLookup<T>
    {
        private readonly Task _call;
        private readonly Func<IEnumerable<T>> _finish;

        public PendingLookup(Task call, Func<IEnumerable<T>> finish)
        {
            _call = call;
            _finish = finish;
        }

        /// <summary>A lookup that needs no call: its answer (or its error) is known already.</summary>
        public static PendingLookup<T> Done(Func<IEnumerable<T>> finish) => new PendingLookup<T>(null, finish);

        public bool IsDone => _call == null || _call.IsCompleted;

        public IEnumerable<T> Finish() => _finish();

        /// <summary>The same call, with its result passed on through <paramref name="next"/>.</summary>
        public PendingLookup<TNext> Then<TNext>(Func<IEnumerable<T>, IEnumerable<TNext>> next) =>
            new PendingLookup<TNext>(_call, () => next(_finish()).ToList());
    }

    /// <summary>
    /// Lookups running ahead of the pipeline, finished in the order they were added, so the caller sees results in
    /// input order however the calls come back.
    /// </summary>
    internal sealed class LookupQueue<T>
    {
        private readonly Queue<PendingLookup<T>> _queue = new Queue<PendingLookup<T>>();

        /// <summary>Finishes the oldest lookups until fewer than <paramref name="running"/> are left; call before starting another.</summary>
        public List<T> MakeRoom(int running)
        {
            var results = new List<T>();
            while (_queue.Count >= Math.Max(1, running))
                results.AddRange(_queue.Dequeue().Finish());
            return results;
        }

        public void Add(PendingLookup<T> lookup) => _queue.Enqueue(lookup);

        /// <summary>Finishes the oldest lookups as long as they are done, without waiting.</summary>
        public List<T> TakeDone()
        {
            var results = new List<T>();
            while (_queue.Count > 0 && _queue.Peek().IsDone)
                results.AddRange(_queue.Dequeue().Finish());
            return results;
        }

        /// <summary>Waits for every lookup left, in order.</summary>
        public List<T> Drain()
        {
            var results = new List<T>();
            while (_queue.Count > 0)
                results.AddRange(_queue.Dequeue().Finish());
            return results;
        }
    }
}
