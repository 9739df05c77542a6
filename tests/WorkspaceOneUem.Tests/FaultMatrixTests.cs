using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// Each fault the simulator can produce, against a read and against a write, judged from the server's
    /// journal: reads recover; writes are sent exactly once unless the answer proves they were not processed.
    /// </summary>
    public sealed class FaultMatrixTests : IAsyncLifetime
    {
        private TestSimulator _sim;
        private Ws1Session _session;

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: 300, seed: 21);
            Ws1ConnectionSettings settings = _sim.BasicSettings();
            settings.RequestTimeout = TimeSpan.FromSeconds(3); // short, for the stall cases; long enough for a loaded machine
            _session = await _sim.ConnectAsync("faults", settings);
        }

        public async Task DisposeAsync()
        {
            _session.Dispose();
            await _sim.DisposeAsync();
        }

        private async Task<List<JObject>> CallsAsync(string method, string pathPart) =>
            (await _sim.JournalAsync()).Where(e => (string)e["Method"] == method && ((string)e["Path"]).Contains(pathPart, StringComparison.OrdinalIgnoreCase)).ToList();

        [Theory]
        [InlineData("Throttle429")]
        [InlineData("Throttle429RetryAfter")]
        [InlineData("Error500")]
        [InlineData("Error502")]
        [InlineData("Error503")]
        [InlineData("Error503RetryAfter")]
        [InlineData("Reset")]
        [InlineData("Stall")]
        [InlineData("Html200")]
        [InlineData("MalformedJson")]
        [InlineData("EmptyBody200")]
        public async Task A_read_recovers(string kind)
        {
            await _sim.ClearJournalAsync();
            await _sim.AddFaultAsync(new { Kind = kind, Count = 2, Method = "GET", PathContains = "users/search" });
            var log = new SignalLog();
            Ws1Diagnostics.Current = log;
            List<Ws1User> users = _session.Users.SearchAsync(null, CancellationToken.None).Sync().ToList();
            Ws1Diagnostics.Current = null;

            Assert.Equal(300, users.Count);
            Assert.Equal(300, users.Select(u => u.Id).Distinct().Count());
            List<JObject> calls = await CallsAsync("GET", "users/search");
            Assert.Equal(3, calls.Count); // two faulted attempts, then the good one
            Assert.Equal(2, log.Lines.Count(m => m.StartsWith("Retrying GET system/users/search", StringComparison.Ordinal)));
        }

        [Theory]
        [InlineData("Throttle429", 2)]
        [InlineData("Throttle429RetryAfter", 2)]
        [InlineData("Error503RetryAfter", 2)]
        public async Task A_write_is_resent_only_when_the_answer_proves_it_was_not_processed(string kind, int expectedPosts)
        {
            Ws1User user = _session.Users.SearchAsync(new UserSearch { Status = Ws1UserStatus.Inactive }, CancellationToken.None).Sync().First();
            await _sim.ClearJournalAsync();
            await _sim.AddFaultAsync(new { Kind = kind, Count = 1, Method = "POST", PathContains = "/activate" });

            Ws1UserChangeResult result = await _session.Users.ActivateAsync(new[] { user }, CancellationToken.None);

            Assert.Empty(result.Failed);
            Assert.Equal(expectedPosts, (await CallsAsync("POST", "/activate")).Count);
            Assert.Equal(Ws1UserStatus.Active, (await _session.Users.GetAsync(user.Id, CancellationToken.None)).Status);
        }

        [Theory]
        [InlineData("Error500", "After")]
        [InlineData("Error500", "Before")]
        [InlineData("Error502", "After")]
        [InlineData("Error503", "After")]
        [InlineData("Reset", "After")]
        [InlineData("Stall", "After")]
        [InlineData("Html200", "After")]
        [InlineData("MalformedJson", "After")]
        public async Task An_ambiguous_write_is_never_resent(string kind, string phase)
        {
            Ws1User user = _session.Users.SearchAsync(new UserSearch { Status = Ws1UserStatus.Active }, CancellationToken.None).Sync().Skip(3).First();
            await _sim.ClearJournalAsync();
            await _sim.AddFaultAsync(new { Kind = kind, Count = 1, Method = "POST", PathContains = "/deactivate", Phase = phase });

            Ws1UserChangeResult result = await _session.Users.DeactivateAsync(new[] { user }, CancellationToken.None);

            Ws1ApiException ex = Assert.Single(result.Failed).Error;
            Assert.Equal(Ws1ErrorKind.OutcomeUnknown, ex.Kind);
            Assert.Contains("outcome", ex.Message);
            Assert.Contains("unknown", ex.Message);
            Assert.Contains(user.UserName, ex.Message);
            // Every call is journaled before its answer, stall or reset starts, so once the client has given up the journal holds all it sent.
            Assert.Single(await CallsAsync("POST", "/deactivate"));
            if (kind != "Stall" && kind != "Reset")
                Assert.False(string.IsNullOrEmpty(ex.CorrelationId));
        }

        [Fact]
        public Task Retry_After_in_seconds_is_honoured() =>
            RetryAfterIsHonouredAsync("Throttle429RetryAfter", clock => "30");

        [Fact]
        public Task Retry_After_as_an_http_date_is_honoured() =>
            RetryAfterIsHonouredAsync("Error503RetryAfter", clock => clock.GetUtcNow().AddSeconds(30).ToString("r", CultureInfo.InvariantCulture));

        /// <summary>The retry waits the server's 30 s on the session's clock: not sent before, sent once the clock gets there.</summary>
        private async Task RetryAfterIsHonouredAsync(string kind, Func<TestClock, string> retryAfter)
        {
            var clock = new TestClock();
            using Ws1Session session = await ClockedSessionAsync(clock);
            await _sim.ClearJournalAsync();
            await _sim.AddFaultAsync(new { Kind = kind, Count = 1, Method = "GET", PathContains = "system/info", RetryAfter = retryAfter(clock) });
            var log = new SignalLog();
            Ws1Diagnostics.Current = log;
            try
            {
                Task<Ws1SystemInfo> call = session.GetSystemInfoAsync(CancellationToken.None);
                string retrying = Assert.Single(await log.WaitForAsync(l => l.StartsWith("Retrying GET system/info", StringComparison.Ordinal)));
                Assert.Contains(" in 30 s ", retrying);
                await clock.TimerSetAsync(TimeSpan.FromSeconds(30));

                clock.Advance(TimeSpan.FromSeconds(29.9));
                Assert.False(call.IsCompleted);
                Assert.Single(await CallsAsync("GET", "system/info"));
                clock.Advance(TimeSpan.FromSeconds(0.1));
                await Waiting.Within(call, () => "The retry after 30 s");
                Assert.Equal(2, (await CallsAsync("GET", "system/info")).Count);
            }
            finally
            {
                Ws1Diagnostics.Current = null;
            }
        }

        private async Task<Ws1Session> ClockedSessionAsync(TimeProvider clock)
        {
            Ws1ConnectionSettings settings = _sim.BasicSettings();
            settings.TimeProvider = clock;
            return await _sim.ConnectAsync("clocked", settings);
        }

        [Fact]
        public async Task A_persistent_html_page_gives_a_specific_error_not_a_parser_trace()
        {
            await _sim.AddFaultAsync(new { Kind = "Html200", Count = 10, Method = "GET", PathContains = "system/info" });
            var ex = await Assert.ThrowsAsync<Ws1ApiException>(() => _session.GetSystemInfoAsync(CancellationToken.None));
            Assert.Equal(Ws1ErrorKind.HtmlResponse, ex.Kind);
            Assert.Contains("HTML page, likely a login or gateway page", ex.Message);
            Assert.Equal(200, ex.StatusCode);
            await _sim.ControlAsync(HttpMethod.Delete, "faults");
        }

        [Fact]
        public async Task Persistent_malformed_json_names_status_and_correlation_id()
        {
            await _sim.AddFaultAsync(new { Kind = "MalformedJson", Count = 10, Method = "GET", PathContains = "system/info" });
            var ex = await Assert.ThrowsAsync<Ws1ApiException>(() => _session.GetSystemInfoAsync(CancellationToken.None));
            Assert.Equal(Ws1ErrorKind.MalformedResponse, ex.Kind);
            Assert.Contains("not valid JSON", ex.Message);
            Assert.False(string.IsNullOrEmpty(ex.CorrelationId));
            Assert.IsNotType<Newtonsoft.Json.JsonException>(ex);
            await _sim.ControlAsync(HttpMethod.Delete, "faults");
        }

        [Fact]
        public async Task The_api_error_body_is_reported_with_its_error_code()
        {
            var ex = await Assert.ThrowsAsync<Ws1ApiException>(() => _session.Users.GetAsync(987654, CancellationToken.None));
            Assert.Equal(Ws1ErrorKind.NotFound, ex.Kind);
            Assert.Equal(404, ex.StatusCode);
            Assert.False(string.IsNullOrEmpty(ex.CorrelationId));
            Assert.Contains(ex.CorrelationId, ex.Message);
        }

        [Fact]
        public async Task An_endless_body_ends_at_the_size_limit_and_is_not_fetched_again()
        {
            await _sim.AddFaultAsync(new { Kind = "EndlessBody200", Count = 5, Method = "GET", PathContains = "users/search" });
            Ws1ConnectionSettings settings = _sim.BasicSettings();
            settings.MaxResponseSize = 1024 * 1024;
            using Ws1Session session = await _sim.ConnectAsync("endless", settings);
            await _sim.ClearJournalAsync();

            var ex = Assert.Throws<Ws1ApiException>(() => session.Users.SearchAsync(null, CancellationToken.None).Sync().ToList());

            Assert.Equal(Ws1ErrorKind.ResponseTooLarge, ex.Kind);
            Assert.Contains("larger than 1 MB", ex.Message);
            Assert.Single(await CallsAsync("GET", "users/search"));
            await _sim.ControlAsync(HttpMethod.Delete, "faults");
        }

        [Fact]
        public async Task Cancelling_stops_a_retry_wait_at_once()
        {
            // The clock never moves, so only the cancellation can end the 60 s wait.
            using Ws1Session session = await ClockedSessionAsync(new TestClock());
            await _sim.ClearJournalAsync();
            await _sim.AddFaultAsync(new { Kind = "Throttle429RetryAfter", Count = 1, Method = "GET", PathContains = "system/info", RetryAfter = "60" });
            var log = new SignalLog();
            Ws1Diagnostics.Current = log;
            try
            {
                using var cts = new CancellationTokenSource();
                Task<Ws1SystemInfo> call = session.GetSystemInfoAsync(cts.Token);
                await log.WaitForAsync(l => l.StartsWith("Retrying GET system/info in 60 s", StringComparison.Ordinal));
                cts.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Waiting.Within(call, () => "The cancelled call"));
                Assert.Single(await CallsAsync("GET", "system/info"));
            }
            finally
            {
                Ws1Diagnostics.Current = null;
                await _sim.ControlAsync(HttpMethod.Delete, "faults");
            }
        }

        [Fact]
        public async Task Listing_20000_users_under_a_10_percent_mixed_fault_rate_loses_and_duplicates_nothing()
        {
            await using TestSimulator big = await TestSimulator.StartAsync(users: 20000, seed: 5);
            Ws1ConnectionSettings settings = big.BasicSettings();
            settings.RequestTimeout = TimeSpan.FromSeconds(1);
            settings.MaxRetryCount = 8;
            using Ws1Session session = await big.ConnectAsync("mixed", settings);
            foreach (string kind in new[] { "Throttle429", "Error500", "Error502", "Error503", "Reset", "Html200", "MalformedJson", "EmptyBody200" })
                await big.AddFaultAsync(new { Kind = kind, Rate = 0.0125, Method = "GET", PathContains = "users/search" });
            await big.AddFaultAsync(new { Kind = "Stall", Rate = 0.005, Method = "GET", PathContains = "users/search" });

            List<long> ids = session.Users.SearchAsync(null, CancellationToken.None).Sync().Select(u => u.Id).ToList();

            Assert.Equal(20000, ids.Count);
            Assert.Equal(Enumerable.Range(1, 20000).Select(i => (long)i), ids.OrderBy(i => i));
            var faulted = (await big.JournalAsync()).Count(e => e["Fault"] != null && e["Fault"].Type != JTokenType.Null);
            Assert.True(faulted > 0, "the fault rules never fired");
        }
    }
}
