using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>
    /// The pages of one search asked for ahead of the caller, who takes them in page order.
    /// At most <c>concurrency</c> requests wait on the server at once. When an answer starts to arrive (its headers
    /// are in), the next page is asked for on that same thread before the body is read, so the server keeps <c>concurrency</c>
    /// requests while pages remain and a slow page holds up no other. At most twice <c>concurrency</c> pages are
    /// asked for and not yet taken, so memory does not grow with the tenant. A page whose answer arrived but could
    /// not be read (cut off, not JSON) is sent again by the retry policy without waiting for a place; that is the
    /// one way the server briefly sees more than <c>concurrency</c> requests from one listing.
    /// </summary>
    internal sealed class PageWindow<TPage> where TPage : class
    {
        /// <summary>Fetches a page; calls the action as soon as the answer starts to arrive (its headers are in).</summary>
        public delegate Task<TPage?> PageFetch(int page, Action answerArriving);

        private readonly object _gate = new object();
        private readonly Dictionary<int, TaskCompletionSource<TPage?>> _pages = new Dictionary<int, TaskCompletionSource<TPage?>>();
        private readonly PageFetch _fetch;
        private readonly int _end;
        private readonly int _concurrency;
        private int _next;
        private int _taken;
        private int _onServer;
        private bool _closed;

        /// <param name="first">The first page to ask for.</param>
        /// <param name="end">One past the last page to ask for.</param>
        public PageWindow(int first, int end, int concurrency, PageFetch fetch)
        {
            _next = first;
            _taken = first;
            _end = end;
            _concurrency = Math.Max(1, concurrency);
            _fetch = fetch;
            StartWhatFits();
        }

        /// <summary>True while pages remain for the caller to take.</summary>
        public bool HasNext
        {
            get { lock (_gate) return _taken < _end; }
        }

        /// <summary>Takes the next page in order; the task ends when it has arrived.</summary>
        public Task<TPage?> TakeNextAsync()
        {
            // Every page taken before has arrived, so the server has room for this one if it was not asked for yet.
            StartWhatFits();
            TaskCompletionSource<TPage?>? slot;
            lock (_gate)
            {
                if (!_pages.TryGetValue(_taken, out slot))
                    throw new InvalidOperationException($"Page {_taken} was taken before it was asked for.");
                _pages.Remove(_taken);
                _taken++;
            }
            // Taking a page makes room: ask for the next ones before waiting on this one.
            StartWhatFits();
            return slot.Task;
        }

        /// <summary>Stops asking for pages; what is on the wire is cancelled by the caller's token.</summary>
        public void Close()
        {
            lock (_gate)
            {
                _closed = true;
                foreach (TaskCompletionSource<TPage?> slot in _pages.Values)
                    slot.Task.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                _pages.Clear();
            }
        }

        private void StartWhatFits()
        {
            while (true)
            {
                int page;
                TaskCompletionSource<TPage?> slot;
                lock (_gate)
                {
                    if (_closed || _next >= _end || _onServer >= _concurrency || _next - _taken >= 2 * _concurrency)
                        return;
                    page = _next++;
                    _onServer++;
                    slot = new TaskCompletionSource<TPage?>();
                    _pages.Add(page, slot);
                }
                _ = RunAsync(page, slot);
            }
        }

        private async Task RunAsync(int page, TaskCompletionSource<TPage?> slot)
        {
            int arrived = 0;
            void AnswerArriving()
            {
                if (Interlocked.Exchange(ref arrived, 1) != 0)
                    return;
                lock (_gate)
                    _onServer--;
                StartWhatFits();
            }
            // The page leaves the server's count before the caller can see it, so the caller's next page has room.
            TPage? result;
            try
            {
                result = await _fetch(page, AnswerArriving).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                AnswerArriving();
                slot.TrySetCanceled();
                return;
            }
            catch (Exception ex)
            {
                AnswerArriving();
                slot.TrySetException(ex);
                return;
            }
            AnswerArriving();
            slot.TrySetResult(result);
        }
    }
}
