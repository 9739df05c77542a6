using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>OAuth, quota, pacing and cancellation, through the client and through the cmdlets.</summary>
    public sealed class ResilienceTests : IAsyncLifetime
    {
        private const string OAuthClient = "sim-oauth-client";
        private const string OAuthSecret = "Sim-OAuth-Secret-1";
        private TestSimulator _sim;

        public async Task InitializeAsync() => _sim = await TestSimulator.StartAsync(users: 700, seed: 31);

        public async Task DisposeAsync() => await _sim.DisposeAsync();

        private Ws1ConnectionSettings OAuthSettings(string secret = OAuthSecret) => new Ws1ConnectionSettings
        {
            ApiBaseUri = Ws1ServerAddress.Parse(_sim.Url),
            AuthType = Ws1AuthType.OAuth,
            ClientId = OAuthClient,
            ClientSecret = TestSimulator.Secure(secret),
            TokenUri = new Uri(_sim.Url + "/connect/token"),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            RequestsPerMinute = 100000,
        };

        private async Task<List<JObject>> JournalAsync(string pathPart) =>
            (await _sim.JournalAsync()).Where(e => ((string)e["Path"]).Contains(pathPart, StringComparison.OrdinalIgnoreCase)).ToList();

        [Fact]
        public async Task OAuth_token_is_cached_and_a_401_on_an_expired_token_refreshes_once()
        {
            await _sim.ClearJournalAsync();
            using Ws1Session session = await _sim.ConnectAsync("oauth", OAuthSettings());
            Assert.Equal(700, session.Users.SearchAsync(null, CancellationToken.None).Sync().Count());
            Assert.Single(await JournalAsync("connect/token"));

            await _sim.ControlAsync(HttpMethod.Post, "expire-tokens");
            await session.Users.GetAsync(1, CancellationToken.None);
            Assert.Equal(2, (await JournalAsync("connect/token")).Count);
            var userCalls = (await JournalAsync("system/users/1")).Select(e => (int)e["Status"]).ToList();
            Assert.Equal(new[] { 401, 200 }, userCalls);
            Assert.All(await _sim.JournalAsync(), e => Assert.DoesNotContain(OAuthSecret, e.ToString()));
        }

        [Fact]
        public async Task OAuth_token_is_renewed_before_it_expires()
        {
            // The simulator's tokens last an hour (expires_in 3600); the session's clock is a fake one moved by hand.
            var clock = new TestClock();
            Ws1ConnectionSettings settings = OAuthSettings();
            settings.TimeProvider = clock;
            await _sim.ClearJournalAsync();
            using Ws1Session session = await _sim.ConnectAsync("renew", settings);

            clock.Advance(TimeSpan.FromMinutes(30));
            await session.GetSystemInfoAsync(CancellationToken.None);
            Assert.Single(await JournalAsync("connect/token"));

            clock.Advance(TimeSpan.FromMinutes(29)); // a minute before the token expires
            await session.GetSystemInfoAsync(CancellationToken.None);
            Assert.Equal(2, (await JournalAsync("connect/token")).Count);
            Assert.Equal(new[] { 200, 200, 200 }, (await JournalAsync("system/info")).Select(e => (int)e["Status"]));
        }

        [Fact]
        public async Task A_wrong_client_secret_is_an_authentication_error_without_the_secret()
        {
            var ex = await Assert.ThrowsAsync<Ws1ApiException>(() => _sim.ConnectAsync("bad", OAuthSettings("Not-The-Secret")));
            Assert.Equal(Ws1ErrorKind.InvalidCredentials, ex.Kind);
            Assert.Contains(OAuthClient, ex.Message);
            Assert.DoesNotContain("Not-The-Secret", ex.ToString());
        }

        [Fact]
        public async Task Quota_warning_below_5_percent_then_a_clear_error_when_exhausted_without_retry_storm()
        {
            await using TestSimulator small = await TestSimulator.StartAsync(users: 20, configure: o => o.DailyQuota = 30);
            using Ws1Session session = await small.ConnectAsync();
            var log = new SignalLog();
            Ws1Diagnostics.Current = log;
            try
            {
                Ws1ApiException error = null;
                for (int i = 0; i < 40 && error == null; i++)
                {
                    try { await session.GetSystemInfoAsync(CancellationToken.None); }
                    catch (Ws1ApiException ex) { error = ex; }
                }
                Assert.NotNull(error);
                Assert.Equal(Ws1ErrorKind.QuotaExhausted, error.Kind);
                Assert.Contains("daily API quota of 30", error.Message);
                Assert.Contains("resets at", error.Message);
                Assert.Single(log.Lines, w => w.StartsWith("WARNING: ", StringComparison.Ordinal) && w.Contains("under 5%"));
                var refused = (await small.JournalAsync()).Count(e => (int)e["Status"] == 429);
                Assert.Equal(1, refused);
            }
            finally
            {
                Ws1Diagnostics.Current = null;
            }
        }

        [Fact]
        public async Task The_session_paces_itself_to_its_requests_per_minute()
        {
            Ws1ConnectionSettings settings = _sim.BasicSettings();
            settings.RequestsPerMinute = 4;
            using Ws1Session session = await _sim.ConnectAsync("paced", settings); // uses 1 of the 4
            await _sim.ClearJournalAsync();
            var log = new SignalLog();
            Ws1Diagnostics.Current = log;
            try
            {
                using var cts = new CancellationTokenSource();
                var calls = Enumerable.Range(0, 5).Select(_ => session.GetSystemInfoAsync(cts.Token)).ToList();

                // Pacing runs on the real clock: two calls are queued for permits that come back a minute later, so
                // once both say so and three calls have their answers, nothing more is sent that minute.
                await log.WaitForAsync(l => l.StartsWith("GET system/info waits for the session's pace of 4 requests a minute", StringComparison.Ordinal), count: 2);
                async Task ThreeAnswered()
                {
                    var pending = calls.Cast<Task>().ToList();
                    for (int i = 0; i < 3; i++)
                        pending.Remove(await Task.WhenAny(pending));
                }
                await Waiting.Within(ThreeAnswered(), () => "Three answers");
                Assert.Equal(3, calls.Count(c => c.Status == TaskStatus.RanToCompletion));
                Assert.Equal(3, (await JournalAsync("system/info")).Count);

                cts.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.WhenAll(calls));
                Assert.Equal(3, (await JournalAsync("system/info")).Count);
            }
            finally
            {
                Ws1Diagnostics.Current = null;
            }
        }

        [Fact]
        public async Task Stopping_a_cmdlet_cancels_in_flight_requests_at_once()
        {
            using var ps = new ModuleRunspace();
            Assert.Null(ps.Run("param($s,$k) Connect-Ws1Uem -Server $s -ApiKey $k -RequestTimeout 120 -Credential ([pscredential]::new('apiadmin', (ConvertTo-SecureString 'Sim-Admin-Pass-1' -AsPlainText -Force)))",
                new Hashtable { ["s"] = _sim.Url, ["k"] = _sim.TenantCode }).Error);
            await _sim.ClearJournalAsync();
            await _sim.AddFaultAsync(new { Kind = "Stall", Count = 1, Method = "GET", PathContains = "users/search" });
            try
            {
                var invocation = ps.Begin("Get-Ws1User");
                await _sim.WaitForJournalAsync(j => j.Any(IsStalledSearch), "the stalled search");
                var watch = Stopwatch.StartNew();
                invocation.Stop();
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {watch.Elapsed}");
                // The server would hold the call for 120 s and the client wait as long: a 499 now means the client hung up.
                await _sim.WaitForJournalAsync(j => j.Any(e => IsStalledSearch(e) && (int)e["Status"] == 499), "the stalled search ended by its client (499)");
            }
            finally
            {
                await _sim.ControlAsync(HttpMethod.Delete, "faults");
            }
        }

        private static bool IsStalledSearch(JObject entry) =>
            (string)entry["Fault"] == "Stall" && ((string)entry["Path"]).Contains("users/search", StringComparison.OrdinalIgnoreCase);

        [Fact]
        public void SkipCertificateCheck_warns_every_time_and_http_is_refused_off_loopback()
        {
            using var ps = new ModuleRunspace();
            var p = new Hashtable { ["s"] = _sim.Url, ["k"] = _sim.TenantCode };
            const string connect = "param($s,$k) Connect-Ws1Uem -Server $s -ApiKey $k -SkipCertificateCheck -Credential ([pscredential]::new('apiadmin', (ConvertTo-SecureString 'Sim-Admin-Pass-1' -AsPlainText -Force)))";
            Assert.Contains(ps.Run(connect, p).Warnings, w => w.Contains("SkipCertificateCheck"));
            Assert.Contains(ps.Run(connect, p).Warnings, w => w.Contains("SkipCertificateCheck"));
            RunResult refused = ps.Run("Connect-Ws1Uem -Server http://10.1.2.3 -ApiKey x -Credential ([pscredential]::new('a', (ConvertTo-SecureString 'b' -AsPlainText -Force)))");
            Assert.Equal(ErrorCategory.InvalidArgument, refused.Error.CategoryInfo.Category);
        }
    }
}
