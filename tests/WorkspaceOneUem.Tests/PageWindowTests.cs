using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// How a listing pages through a big search: at most PageConcurrency requests on the server, the next page
    /// asked for as soon as an answer arrives, never more than twice PageConcurrency pages ahead of the caller,
    /// and the records handed out in page order. Timings come from the simulator's journal (arrival times).
    /// </summary>
    public sealed class PageWindowTests : IAsyncLifetime
    {
        private const int Users = 5800; // 12 pages: 11 of 500 and one of 300
        private const int Concurrency = 2;
        private TestSimulator _sim;
        private Ws1Session _session;

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: Users, seed: 11);
            Ws1ConnectionSettings settings = _sim.BasicSettings();
            settings.PageConcurrency = Concurrency;
            settings.RequestsPerMinute = 100000;
            _session = await _sim.ConnectAsync("window", settings);
        }

        public async Task DisposeAsync()
        {
            _session.Dispose();
            await _sim.DisposeAsync();
        }

        [Fact]
        public async Task A_slow_page_holds_up_no_other_and_the_window_stops_twice_the_concurrency_ahead()
        {
            const int slowPage = 2;
            const int stallMs = 1500;
            await _sim.AddFaultAsync(new { Kind = "Latency", DelayMs = stallMs, Method = "GET", PathContains = $"page={slowPage}&" });
            await _sim.ClearJournalAsync();

            List<long> ids = _session.Users.SearchAsync(null, CancellationToken.None).Sync().Select(u => u.Id).ToList();

            Assert.Equal(Enumerable.Range(1, Users).Select(i => (long)i), ids); // every user once, in page order
            List<(int Page, DateTime Time)> arrivals = await PageArrivalsAsync();
            // Less a margin: the simulator's timer can end a delay a few milliseconds early, and the next page
            // goes out within milliseconds of the slow one's answer.
            DateTime slowAnswering = arrivals.Single(a => a.Page == slowPage).Time.AddMilliseconds(stallMs - 200);
            List<int> askedWhileStalled = arrivals.Where(a => a.Page > slowPage && a.Time < slowAnswering).Select(a => a.Page).OrderBy(p => p).ToList();
            // The caller waits on page 2 having taken it, so pages 3 .. 2 + 2 x concurrency may be asked for; no further.
            Assert.Equal(Enumerable.Range(slowPage + 1, 2 * Concurrency), askedWhileStalled);
        }

        [Fact]
        public async Task No_more_than_PageConcurrency_requests_are_on_the_server_at_once()
        {
            const int delayMs = 250;
            await _sim.AddFaultAsync(new { Kind = "Latency", DelayMs = delayMs, Method = "GET", PathContains = "users/search" });
            await _sim.ClearJournalAsync();

            Assert.Equal(Users, _session.Users.SearchAsync(null, CancellationToken.None).Sync().Count());

            List<DateTime> times = (await PageArrivalsAsync()).Select(a => a.Time).ToList();
            Assert.Equal(12, times.Count);
            Assert.Equal(Concurrency, Arrivals.MostAtOnce(times, delayMs));
        }

        [Fact]
        public async Task Users_added_while_paging_are_listed_when_the_last_page_comes_back_full()
        {
            const int lastPage = 11, added = 200, stallMs = 5000;
            await _sim.AddFaultAsync(new { Kind = "Latency", DelayMs = stallMs, Method = "GET", PathContains = $"page={lastPage}&" });
            await _sim.ClearJournalAsync();

            Task<List<long>> listing = Task.Run(() => _session.Users.SearchAsync(null, CancellationToken.None).Sync().Select(u => u.Id).ToList());
            // The journal shows a page once it is answered: when pages 0-10 are, page 11 is waiting on the server.
            while ((await PageArrivalsAsync()).Count < lastPage && !listing.IsCompleted)
                await Task.Delay(20);
            Assert.False(listing.IsCompleted, "the listing ended before users could be added");
            var newIds = new List<long>();
            for (int i = 0; i < added; i++)
                newIds.Add(await _session.Users.AddAsync(new NewUser { UserName = $"late.{i}", Email = $"late.{i}@x.example", Password = TestSimulator.Secure("Pw-123456") }, CancellationToken.None));
            List<long> ids = await listing;

            // Page 11 now holds 500 users, so the listing asks for page 12, which the total did not announce (and is empty).
            Assert.Equal(Enumerable.Range(1, Users).Select(i => (long)i).Concat(newIds), ids);
            Assert.Equal(Enumerable.Range(0, lastPage + 2), (await PageArrivalsAsync()).Select(a => a.Page).OrderBy(p => p));
        }

        private async Task<List<(int Page, DateTime Time)>> PageArrivalsAsync()
        {
            var pages = new List<(int, DateTime)>();
            foreach (JObject e in await _sim.JournalAsync())
            {
                if (!((string)e["Path"]).EndsWith("users/search", StringComparison.Ordinal))
                    continue;
                Match m = Regex.Match((string)e["Query"] ?? string.Empty, @"[?&]page=(\d+)");
                Assert.True(m.Success, $"a search without a page number: {e["Query"]}");
                pages.Add((int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), (DateTime)e["Time"]));
            }
            return pages;
        }
    }
}
