using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using WorkspaceOneUem.Client.Json;
using WorkspaceOneUem.Client.Models;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>
    /// Reads every page of a v1 search. The first page tells the total; the rest are fetched with bounded
    /// concurrency through a <see cref="PageWindow{TPage}"/> and handed out in page order, so memory holds only
    /// the window. Offsets shift when records change during paging, so ids seen on the previous page are skipped.
    /// </summary>
    internal static class PagedSearch
    {
        public const int MaxPageSize = 500;

        public static IEnumerable<TItem> Read<TPage, TItem>(Ws1Transport transport, string path, QueryString query, Ws1Action action,
            string operation, Func<TItem, long> idOf, int concurrency, CancellationToken ct, PagingStyle paging = null)
            where TPage : class, ISearchPage<TItem>
        {
            paging = paging ?? PagingStyle.V1;
            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                PageWindow<TPage> window = null;
                try
                {
                    TPage first = Fetch<TPage>(transport, path, query, paging, 0, action, operation, cts.Token).GetAwaiter().GetResult();
                    if (first == null || first.Items == null || first.Items.Count == 0)
                        yield break;

                    int pageSize = PageSizeOf(first, paging);
                    int knownPages = (int)Math.Ceiling(first.Total / (double)pageSize);
                    var previousIds = new HashSet<long>();
                    var currentIds = new HashSet<long>();
                    TPage page = first;
                    int nextPage = Math.Max(1, knownPages); // where the tail goes on if the total was too low
                    window = new PageWindow<TPage>(1, knownPages, concurrency,
                        (number, answerArriving) => Fetch<TPage>(transport, path, query, paging, number, action, operation, cts.Token, answerArriving));
                    int lastCount;
                    long handedOut = 0;
                    while (true)
                    {
                        currentIds.Clear();
                        lastCount = page?.Items?.Count ?? 0;
                        if (knownPages > 1)
                            Ws1Diagnostics.Progress(operation, handedOut, Math.Max(first.Total, handedOut));
                        if (page?.Items != null)
                        {
                            foreach (TItem item in page.Items)
                            {
                                long id = idOf(item);
                                if (previousIds.Contains(id) || !currentIds.Add(id))
                                    continue;
                                handedOut++;
                                yield return item;
                            }
                        }
                        var swap = previousIds;
                        previousIds = currentIds;
                        currentIds = swap;

                        if (window.HasNext)
                        {
                            page = window.TakeNext();
                            continue;
                        }
                        // The total may have grown while paging: a full last page means there may be more.
                        if (lastCount < pageSize)
                            yield break;
                        page = Fetch<TPage>(transport, path, query, paging, nextPage++, action, operation, cts.Token).GetAwaiter().GetResult();
                        if (page?.Items == null || page.Items.Count == 0)
                            yield break;
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
        /// Every item of a search that is expected to be small (the devices of one user), one page after another
        /// without blocking a thread, so a caller can run many such searches at once. Stops after a page that is
        /// not full; an item seen on an earlier page is skipped.
        /// </summary>
        public static async Task<List<TItem>> ReadAllAsync<TPage, TItem>(Ws1Transport transport, string path, QueryString query, Ws1Action action,
            string operation, Func<TItem, long> idOf, CancellationToken ct, PagingStyle paging = null)
            where TPage : class, ISearchPage<TItem>
        {
            paging = paging ?? PagingStyle.V1;
            var items = new List<TItem>();
            var seen = new HashSet<long>();
            for (int number = 0; ; number++)
            {
                TPage page = await Fetch<TPage>(transport, path, query, paging, number, action, operation, ct).ConfigureAwait(false);
                if (page?.Items == null || page.Items.Count == 0)
                    return items;
                foreach (TItem item in page.Items)
                {
                    if (seen.Add(idOf(item)))
                        items.Add(item);
                }
                if (page.Items.Count < PageSizeOf(page, paging))
                    return items;
            }
        }

        /// <summary>
        /// The size of a full page: what the server says it used, never more than we asked for. When it says nothing,
        /// not the size asked for (a server that ignored it would seem to end after one page) but the operation's
        /// default, or as many items as the page holds when that is more: no page holds more than its size.
        /// </summary>
        private static int PageSizeOf<TItem>(ISearchPage<TItem> page, PagingStyle paging) =>
            page.PageSize > 0
                ? Math.Min(page.PageSize, paging.PageSize)
                : Math.Max(paging.ServerDefault, Math.Min(page.Items?.Count ?? 0, paging.PageSize));

        private static Task<TPage> Fetch<TPage>(Ws1Transport transport, string path, QueryString query, PagingStyle paging, int page, Ws1Action action,
            string operation, CancellationToken ct, Action answerArriving = null)
            where TPage : class
        {
            string target = query.Copy()
                .Add(paging.PageName, page.ToString(CultureInfo.InvariantCulture))
                .Add(paging.PageSizeName, paging.PageSize.ToString(CultureInfo.InvariantCulture))
                .AppendTo(path);
            var request = new ApiRequest(HttpMethod.Get, target, action, $"{operation}, page {page}");
            return transport.SendAsync(request, reader =>
            {
                answerArriving?.Invoke();
                return Ws1Json.Serializer.Deserialize<TPage>(reader);
            }, ct);
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
