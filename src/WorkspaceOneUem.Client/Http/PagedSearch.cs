using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using WorkspaceOneUem.Client.Dtos;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>
    /// The one paging core: every listing and search reads its pages here, as an <see cref="IAsyncEnumerable{T}"/>.
    /// The first page tells the total and the page size; the rest are fetched with bounded concurrency through a
    /// <see cref="PageWindow{TPage}"/> and handed out in page order, so memory holds only the window. Every record is
    /// handed out once, however the server pages (see <see cref="PageRun{TItem}"/>), and the listing always ends.
    /// Nothing here blocks a thread: a small search (one user's devices) costs one request and no thread while it
    /// waits, so many can run at once.
    /// </summary>
    internal static class PagedSearch
    {
        public const int MaxPageSize = 500;

        /// <param name="knownTotal">
        /// The records the caller already knows the search matches (it counted them to choose this listing): the first
        /// pages are then asked for at once instead of the first alone. Only a head start: the answers still decide.
        /// </param>
        public static async IAsyncEnumerable<TItem> ReadAsync<TPage, TItem>(Ws1Transport transport, string path, QueryString query, Ws1Action action,
            string operation, Func<TItem, long> idOf, int concurrency, [EnumeratorCancellation] CancellationToken ct, PagingStyle? paging = null,
            long? knownTotal = null)
            where TPage : class, ISearchPage<TItem>
        {
            PagingStyle style = paging ?? PagingStyle.V1;
            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                PageWindow<TPage>? window = null;
                try
                {
                    TPage? first;
                    if (knownTotal > style.PageSize)
                    {
                        int pages = (int)Math.Min(int.MaxValue, (knownTotal.Value + style.PageSize - 1) / style.PageSize);
                        window = new PageWindow<TPage>(0, pages, concurrency,
                            (number, answerArriving) => Fetch<TPage>(transport, path, query, style, number, action, operation, cts.Token, answerArriving));
                        first = await window.TakeNextAsync().ConfigureAwait(false);
                    }
                    else
                    {
                        first = await Fetch<TPage>(transport, path, query, style, 0, action, operation, cts.Token).ConfigureAwait(false);
                    }
                    var run = new PageRun<TItem>(operation, SearchAnswer<TPage>.RecordsName, idOf, style);
                    var firstNew = new List<TItem>();
                    foreach (TItem item in ItemsOf(first))
                    {
                        if (run.IsNew(item))
                            firstNew.Add(item);
                    }
                    bool goesOn = run.GoesOnAfter(first, 0, firstNew.Count);
                    if (goesOn && window == null)
                    {
                        // Asked for before the first page is handed out, so the server works while the caller reads.
                        window = new PageWindow<TPage>(1, run.PagesInTotal, concurrency,
                            (number, answerArriving) => Fetch<TPage>(transport, path, query, style, number, action, operation, cts.Token, answerArriving));
                    }
                    foreach (TItem item in firstNew)
                        yield return item;

                    for (int number = 1; goesOn; number++)
                    {
                        TPage? page;
                        if (window!.HasNext)
                        {
                            page = await window.TakeNextAsync().ConfigureAwait(false);
                        }
                        else if (run.Allows(number))
                        {
                            page = await Fetch<TPage>(transport, path, query, style, number, action, operation, cts.Token).ConfigureAwait(false);
                        }
                        else
                        {
                            run.WarnPastTotal(number);
                            yield break;
                        }
                        if (run.PagesInTotal > 1)
                            Ws1Diagnostics.Progress(operation, run.HandedOut, Math.Max(run.Total, run.HandedOut));
                        int fresh = 0;
                        foreach (TItem item in ItemsOf(page))
                        {
                            if (!run.IsNew(item))
                                continue;
                            fresh++;
                            yield return item;
                        }
                        goesOn = run.GoesOnAfter(page, number, fresh);
                    }
                }
                finally
                {
                    // Stopped early (Select-Object -First) or failed: cancel what is still on the wire.
                    window?.Close();
                    cts.Cancel();
                }
            }
        }

        /// <summary>
        /// How many records a search matches, from the Total of a one-record first page; a server that announces no
        /// Total is taken at the records it sent. A 204 is none.
        /// </summary>
        public static async Task<long> CountAsync<TPage, TItem>(Ws1Transport transport, string path, QueryString query, Ws1Action action,
            string operation, CancellationToken ct)
            where TPage : class, ISearchPage<TItem>
        {
            var probe = new PagingStyle(PagingStyle.V1.PageName, PagingStyle.V1.PageSizeName, 1, PagingStyle.V1.ServerDefault);
            TPage? page = await Fetch<TPage>(transport, path, query, probe, 0, action, operation, ct).ConfigureAwait(false);
            int count = page?.Items?.Count ?? 0;
            return Math.Max(page?.Total ?? 0, count);
        }

        /// <summary>A page's records; none for a 204 (the API's "no match").</summary>
        private static IEnumerable<TItem> ItemsOf<TItem>(ISearchPage<TItem>? page) => (IEnumerable<TItem>?)page?.Items ?? Array.Empty<TItem>();

        private static Task<TPage?> Fetch<TPage>(Ws1Transport transport, string path, QueryString query, PagingStyle paging, int page, Ws1Action action,
            string operation, CancellationToken ct, Action? answerArriving = null)
            where TPage : class
        {
            string target = query.Copy()
                .Add(paging.PageName, page.ToString(CultureInfo.InvariantCulture))
                .Add(paging.PageSizeName, paging.PageSize.ToString(CultureInfo.InvariantCulture))
                .AppendTo(path);
            var request = new ApiRequest(HttpMethod.Get, target, action, $"{operation}, page {page}") { AnswerArriving = answerArriving };
#if NET8_0_OR_GREATER
            request.ReadPlainPage = SearchAnswer<TPage>.ReadPlain;
#endif
            return transport.SendAsync(request, SearchAnswer<TPage>.Read, ct);
        }
    }

    /// <summary>
    /// How an operation pages: the names of its page and page-size parameters, the size to ask for, and the size the
    /// server uses when a request names none, which is what a full page holds when an answer does not say.
    /// </summary>
    internal sealed class PagingStyle
    {
        public PagingStyle(string pageName, string pageSizeName, int pageSize, int serverDefault)
        {
            PageName = pageName;
            PageSizeName = pageSizeName;
            PageSize = pageSize;
            ServerDefault = serverDefault;
        }

        /// <summary>The v1 searches: page and pagesize, 500 by default and at most.</summary>
        public static readonly PagingStyle V1 = new PagingStyle("page", "pagesize", PagedSearch.MaxPageSize, PagedSearch.MaxPageSize);

        public string PageName { get; }
        public string PageSizeName { get; }
        public int PageSize { get; }
        public int ServerDefault { get; }
    }
}
