using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>UserApi's deletes and status changes over real HTTP: single calls, bulk chunks and bulk answers.</summary>
    public sealed class UserChangeClientTests : IAsyncLifetime
    {
        private TestSimulator _sim;
        private Ws1Session _session;

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: 1200, seed: 21);
            _session = await _sim.ConnectAsync();
        }

        public async Task DisposeAsync()
        {
            _session.Dispose();
            await _sim.DisposeAsync();
        }

        private List<Ws1User> Users(int count) => _session.Users.SearchAsync(null, CancellationToken.None).Sync().Take(count).ToList();

        private async Task<List<JObject>> WritesAsync() =>
            (await _sim.JournalAsync()).Where(e => (string)e["Method"] != "GET").ToList();

        private static IEnumerable<string> BulkIds(JObject entry) =>
            JObject.Parse((string)entry["Body"])["BulkValues"]["Value"].Select(v => (string)v);

        [Fact]
        public async Task Deleting_1000_users_sends_two_bulk_calls_of_500_and_leaves_none()
        {
            List<Ws1User> doomed = Users(1000);
            await _sim.ClearJournalAsync();

            Ws1UserChangeResult result = await _session.Users.ChangeAsync(Ws1UserChange.Delete, doomed, CancellationToken.None);

            Assert.Empty(result.Failed);
            Assert.Equal(doomed.Select(u => u.Id).OrderBy(i => i), result.Changed.Select(u => u.Id).OrderBy(i => i));
            List<JObject> writes = await WritesAsync();
            Assert.Equal(2, writes.Count);
            Assert.All(writes, w => Assert.Equal("/API/system/users/delete", (string)w["Path"]));
            Assert.All(writes, w => Assert.Equal(500, BulkIds(w).Count()));
            List<string> sent = writes.SelectMany(BulkIds).ToList();
            Assert.Equal(1000, sent.Distinct().Count());
            Assert.Equal(doomed.Select(u => u.Id.ToString()).OrderBy(s => s), sent.OrderBy(s => s));
            Assert.Equal(200, _session.Users.SearchAsync(null, CancellationToken.None).Sync().Count());
        }

        [Fact]
        public async Task A_bulk_answer_of_200_still_reports_the_users_it_failed()
        {
            List<Ws1User> three = Users(3);
            await _session.Users.ChangeAsync(Ws1UserChange.Delete, new[] { three[1] }, CancellationToken.None);
            await _sim.ClearJournalAsync();

            Ws1UserChangeResult result = await _session.Users.ChangeAsync(Ws1UserChange.Deactivate, three, CancellationToken.None);

            JObject call = (await WritesAsync()).Single();
            Assert.Equal("/API/system/users/deactivate", (string)call["Path"]);
            Assert.Equal(200, (int)call["Status"]);
            Ws1UserChangeFailure failure = Assert.Single(result.Failed);
            Assert.Equal(three[1].Id, failure.User.Id);
            Assert.Equal(Ws1ErrorKind.NotFound, failure.Error.Kind);
            Assert.Equal(new[] { three[0].Id, three[2].Id }, result.Changed.Select(u => u.Id));
            Assert.All(result.Changed, u => Assert.Equal(Ws1UserStatus.Inactive, u.Status));
            Assert.All(new[] { three[0], three[2] }, u =>
                Assert.Equal(Ws1UserStatus.Inactive, _session.Users.GetAsync(u.Id, CancellationToken.None).GetAwaiter().GetResult().Status));
        }

        [Fact]
        public async Task One_user_goes_through_its_own_endpoint()
        {
            Ws1User user = Users(1).Single();
            await _sim.ClearJournalAsync();

            Ws1UserChangeResult deactivated = await _session.Users.ChangeAsync(Ws1UserChange.Deactivate, new[] { user, user }, CancellationToken.None);
            Ws1UserChangeResult activated = await _session.Users.ChangeAsync(Ws1UserChange.Activate, new[] { user }, CancellationToken.None);

            Assert.Equal(Ws1UserStatus.Inactive, Assert.Single(deactivated.Changed).Status);
            Assert.Equal(Ws1UserStatus.Active, Assert.Single(activated.Changed).Status);
            Assert.Equal(new[] { $"POST /API/system/users/{user.Id}/deactivate", $"POST /API/system/users/{user.Id}/activate" },
                (await WritesAsync()).Select(w => $"{w["Method"]} {w["Path"]}"));
            Assert.Equal(Ws1UserStatus.Active, (await _session.Users.GetAsync(user.Id, CancellationToken.None)).Status);
        }

        [Fact]
        public async Task A_bulk_write_that_may_have_happened_is_reported_unknown_and_not_sent_again()
        {
            List<Ws1User> two = Users(2);
            await _sim.AddFaultAsync(new { Kind = "Error500", Count = 1, PathContains = "users/delete", Phase = "After" });
            await _sim.ClearJournalAsync();

            Ws1UserChangeResult result = await _session.Users.ChangeAsync(Ws1UserChange.Delete, two, CancellationToken.None);

            Assert.Empty(result.Changed);
            Assert.Equal(2, result.Failed.Count);
            Assert.All(result.Failed, f => Assert.Equal(Ws1ErrorKind.OutcomeUnknown, f.Error.Kind));
            Assert.Single(await WritesAsync());
        }

        [Fact]
        public async Task Failures_counted_but_not_named_make_the_unnamed_users_unknown_not_changed()
        {
            using var server = new CannedServer(CannedServer.OneOfTwoFailuresNamed);
            using Ws1Session session = await server.ConnectAsync(_sim.BasicSettings());
            var users = new[] { 1L, 2L, 3L }.Select(id => new Ws1User { Id = id, UserName = "u" + id, AccountName = "canned" }).ToList();

            Ws1UserChangeResult result = await session.Users.ChangeAsync(Ws1UserChange.Delete, users, CancellationToken.None);

            Assert.Empty(result.Changed);
            Assert.Equal(Ws1ErrorKind.BadRequest, result.Failed.Single(f => f.User.Id == 2).Error.Kind);
            Assert.Contains("Locked.", result.Failed.Single(f => f.User.Id == 2).Error.Message);
            Assert.All(result.Failed.Where(f => f.User.Id != 2), f => Assert.Equal(Ws1ErrorKind.OutcomeUnknown, f.Error.Kind));
        }

        [Theory]
        [InlineData(Ws1SecurityType.Basic, null, "ann@x.example", "Password")]
        [InlineData(Ws1SecurityType.Basic, "pw", "ann@x", "Email")]
        [InlineData(Ws1SecurityType.Basic, "pw", "ann x@x.example", "Email")]
        [InlineData(Ws1SecurityType.Basic, "pw", "ann@@x.example", "Email")]
        [InlineData(Ws1SecurityType.Basic, "pw", "ann@x.example", null)]
        [InlineData(Ws1SecurityType.Directory, null, null, null)]
        public void A_new_user_the_server_would_refuse_is_caught_before_sending(Ws1SecurityType type, string password, string email, string faultyProperty)
        {
            var user = new NewUser { UserName = "ann", SecurityType = type, Email = email, Password = password == null ? null : TestSimulator.Secure(password) };
            string problem = user.FindProblem(out string property);
            Assert.Equal(faultyProperty, property);
            Assert.Equal(faultyProperty == null, problem == null);
        }

        [Fact]
        public async Task AddAsync_refuses_a_bad_user_without_a_request()
        {
            await _sim.ClearJournalAsync();
            var ex = await Assert.ThrowsAsync<ArgumentException>(() => _session.Users.AddAsync(new NewUser { UserName = "nopassword" }, CancellationToken.None));
            Assert.Equal("Password", ex.ParamName);
            Assert.Empty(await _sim.JournalAsync());
        }
    }
}
