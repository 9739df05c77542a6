using System;
using WorkspaceOneUem.Client.Dtos;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>
    /// What one listing has handed out, and whether the next page is worth asking for. Paging must end and never
    /// repeat a record whatever the server does: records are handed out once by id across the whole listing (offsets
    /// shift when records change while paging, and some servers ignore the page asked for); a page that brings
    /// nothing new, an empty page or a page that is not full ends the listing; and pages past what the server's Total
    /// allows are asked for only once, in case records were added while paging. The page size is what the server's
    /// answers say, never what was asked for.
    /// </summary>
    internal sealed class PageRun<TItem>
    {
        private readonly IdSet _seen = new IdSet();
        private readonly string _operation;
        private readonly string _records;
        private readonly Func<TItem, long> _idOf;
        private readonly PagingStyle _paging;

        /// <param name="operation">The listing as errors name it, account included ("search users on Contoso").</param>
        /// <param name="records">What it lists, in words ("users").</param>
        /// <param name="paging">How the operation pages: the size asked for and the server's default.</param>
        public PageRun(string operation, string records, Func<TItem, long> idOf, PagingStyle paging)
        {
            _operation = operation;
            _records = records;
            _idOf = idOf;
            _paging = paging ?? PagingStyle.V1;
        }

        /// <summary>
        /// The size of a full page, from the first page: the PageSize it reports (never more than was asked for);
        /// without one, not the size asked for (a server that ignored it would seem to end after one page) but the
        /// operation's default, or as many records as the page holds when that is more.
        /// </summary>
        public int PageSize { get; private set; }

        /// <summary>The largest Total the server has announced; 0 when it announces none.</summary>
        public long Total { get; private set; }

        public long HandedOut => _seen.Count;

        /// <summary>The pages the Total fills (at least the first).</summary>
        public int PagesInTotal => PageSize <= 0 ? 1 : (int)Math.Max(1, Math.Min(int.MaxValue, (Total + PageSize - 1) / PageSize));

        /// <summary>True the first time a record's id is seen in this listing.</summary>
        public bool IsNew(TItem item) => _seen.Add(_idOf(item));

        /// <summary>After page <paramref name="number"/> (null for a 204), whether the listing goes on.</summary>
        /// <param name="fresh">How many of its records had not been handed out before.</param>
        public bool GoesOnAfter(ISearchPage<TItem>? page, int number, int fresh)
        {
            int count = page?.Items?.Count ?? 0;
            if (page == null || count == 0)
                return false;
            if (number == 0)
                PageSize = page.PageSize > 0
                    ? Math.Min(page.PageSize, _paging.PageSize)
                    : Math.Max(_paging.ServerDefault, Math.Min(count, _paging.PageSize));
            Total = Math.Max(Total, page.Total);
            if (fresh == 0)
            {
                Ws1Diagnostics.Warning(
                    $"The server repeated pages for '{_operation}': page {number} brought no {_records} that earlier pages had not sent (the server may ignore the page asked for). Stopped there with {HandedOut:N0} {_records} listed, each once; there may be more.");
                return false;
            }
            return count >= PageSize;
        }

        /// <summary>
        /// Whether page <paramref name="number"/> may hold records: pages within the latest Total, and one more in case
        /// records were added while paging. Without a Total, full pages with new records go on.
        /// </summary>
        public bool Allows(int number) => Total <= 0 || number <= PagesInTotal;

        /// <summary>Full pages of new records went on past the Total: say the listing was cut there.</summary>
        public void WarnPastTotal(int number) =>
            Ws1Diagnostics.Warning(
                $"The server sent more {_records} than its Total of {Total:N0} announced for '{_operation}'. Stopped before page {number} with {HandedOut:N0} {_records} listed, each once; there may be more.");
    }
}
