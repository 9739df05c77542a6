using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Resolution;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// The client's user resolver, without a runspace: references in, typed outcomes out in input order, and the
    /// devices of many users found by the plan that costs fewer requests. The simulator's journal counts them.
    /// </summary>
    public sealed class UserResolverTests : IAsyncLifetime
    {
        private TestSimulator _sim;
        private Ws1Session _session;
        private List<Ws1User> _users;
        private Dictionary<string, List<Ws1Device>> _devicesByUser;
        private int _devicePages;

        public async Task InitializeAsync()
        {
            // About 2,700 devices: a listing of 6 pages, so a handful of users is cheaper searched one by one.
            _sim = await TestSimulator.StartAsync(users: 2000, seed: 31);
            _session = await _sim.ConnectAsync("A");
            _users = _session.Users.SearchAsync(null, CancellationToken.None).Sync().ToList();
            List<Ws1Device> devices = _session.Devices.SearchAsync(null, CancellationToken.None).Sync().ToList();
            _devicesByUser = devices.GroupBy(d => d.UserName, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
            _devicePages = (devices.Count + 499) / 500;
        }

        public async Task DisposeAsync()
        {
            _session.Dispose();
            await _sim.DisposeAsync();
        }

        private UserResolver Resolver(DeviceLookupPlan? devices, string required = null) =>
            new UserResolver(name => string.Equals(name, "A", StringComparison.OrdinalIgnoreCase) ? _session : null, () => _session, required, devices);

        private static async Task<IReadOnlyList<UserOutcome>> Resolve(UserResolver resolver, IEnumerable<UserReference> references)
        {
            foreach (UserReference reference in references)
                resolver.Add(reference, CancellationToken.None);
            return await resolver.FinishAsync(CancellationToken.None);
        }

        private async Task<(int Searches, int Counts, int ListingPages)> DeviceRequestsAsync()
        {
            List<JObject> calls = (await _sim.JournalAsync()).Where(e => ((string)e["Path"]).EndsWith("/devices/search", StringComparison.OrdinalIgnoreCase)).ToList();
            bool Has(JObject e, string part) => ((string)e["Query"] ?? string.Empty).Contains(part, StringComparison.OrdinalIgnoreCase);
            return (calls.Count(e => Has(e, "user=")), calls.Count(e => Has(e, "pagesize=1&") || ((string)e["Query"]).EndsWith("pagesize=1", StringComparison.Ordinal)),
                calls.Count(e => !Has(e, "user=") && Has(e, "pagesize=500")));
        }

        private List<Ws1User> UsersWithDevices(int count, int skip = 0) =>
            _users.Where(u => _devicesByUser.ContainsKey(u.UserName)).Skip(skip).Take(count).ToList();

        [Fact]
        public async Task Every_reference_gets_a_typed_outcome_in_input_order()
        {
            Ws1User first = _users[10], second = _users[11];
            var references = new List<UserReference>
            {
                UserReference.ForName(second.UserName.ToUpperInvariant()),
                UserReference.ForId(first.Id),
                UserReference.ForName("no.such.user.anywhere"),
                UserReference.ForId(99999999),
                new UserReference("row") { Id = first.Id, UserName = second.UserName },
                UserReference.ForName("mark*"),
                new UserReference("other") { UserName = first.UserName, AccountName = "B" },
                UserReference.ForUser(second),
            };
            IReadOnlyList<UserOutcome> outcomes = await Resolve(Resolver(null), references);

            Assert.Equal(new[] { UserOutcomeKind.Found, UserOutcomeKind.Found, UserOutcomeKind.NotFound, UserOutcomeKind.NotFound,
                UserOutcomeKind.Mismatch, UserOutcomeKind.NotExact, UserOutcomeKind.NotConnected, UserOutcomeKind.Found }, outcomes.Select(o => o.Kind));
            Assert.Same(references[6], outcomes[6].Reference);
            Assert.Equal(second.Id, outcomes[0].User.Id);
            Assert.Equal(first.Id, outcomes[1].User.Id);
            Assert.Contains("no.such.user.anywhere", outcomes[2].Message);
            Assert.Same(second, outcomes[7].User);
            Assert.All(outcomes, o => Assert.Null(o.Devices));
        }

        [Fact]
        public async Task A_required_account_refuses_references_of_another()
        {
            IReadOnlyList<UserOutcome> outcomes = await Resolve(Resolver(null, required: "A"),
                new[] { new UserReference("x") { UserName = _users[0].UserName, AccountName = "B" }, new UserReference("y") { UserName = _users[0].UserName, AccountName = "a" } });
            Assert.Equal(new[] { UserOutcomeKind.OtherAccount, UserOutcomeKind.Found }, outcomes.Select(o => o.Kind));
        }

        [Fact]
        public async Task Lookups_run_at_most_PageConcurrency_at_once_and_ready_outcomes_come_in_input_order()
        {
            await _sim.AddFaultAsync(new { Kind = "Latency", DelayMs = 150, PathContains = "users/search" });
            try
            {
                await _sim.ClearJournalAsync();
                UserResolver resolver = Resolver(null);
                List<Ws1User> wanted = _users.Skip(100).Take(12).ToList();
                foreach (Ws1User user in wanted)
                    resolver.Add(UserReference.ForName(user.UserName), CancellationToken.None);
                var taken = new List<UserOutcome>(resolver.TakeReady());
                taken.AddRange(await resolver.FinishAsync(CancellationToken.None));
                Assert.Equal(wanted.Select(u => u.Id), taken.Select(o => o.User.Id));
                IEnumerable<DateTime> arrivals = (await _sim.JournalAsync()).Where(e => ((string)e["Path"]).EndsWith("users/search")).Select(e => (DateTime)e["Time"]);
                Assert.InRange(Arrivals.MostAtOnce(arrivals, 150), 1, _session.PageConcurrency);
            }
            finally
            {
                await _sim.ControlAsync(System.Net.Http.HttpMethod.Delete, "faults");
            }
        }

        [Fact]
        public async Task A_few_users_are_searched_one_by_one_without_counting_the_devices()
        {
            List<Ws1User> two = UsersWithDevices(2);
            await _sim.ClearJournalAsync();
            UserResolver resolver = Resolver(DeviceLookupPlan.Auto);
            IReadOnlyList<UserOutcome> outcomes = await Resolve(resolver, two.Select(UserReference.ForUser));
            Assert.Equal((2, 0, 0), await DeviceRequestsAsync());
            Assert.Equal(DeviceLookupPlan.PerUser, Assert.Single(resolver.Plans).Plan);
            foreach (UserOutcome outcome in outcomes)
                Assert.Equal(_devicesByUser[outcome.User.UserName].Select(d => d.Id).OrderBy(i => i), outcome.Devices.Select(d => d.Id).OrderBy(i => i));
        }

        [Fact]
        public async Task Fewer_users_than_listing_pages_are_searched_one_by_one_after_one_count()
        {
            List<Ws1User> users = UsersWithDevices(_devicePages - 1);
            Assert.True(users.Count > 2, "the tenant must need a listing of more than three pages");
            await _sim.ClearJournalAsync();
            UserResolver resolver = Resolver(DeviceLookupPlan.Auto);
            await Resolve(resolver, users.Select(UserReference.ForUser));
            Assert.Equal((users.Count, 1, 0), await DeviceRequestsAsync());
            DevicePlanChoice plan = Assert.Single(resolver.Plans);
            Assert.Equal(DeviceLookupPlan.PerUser, plan.Plan);
            Assert.Equal(_devicePages, plan.ListingPages);
        }

        [Fact]
        public async Task More_users_than_listing_pages_are_joined_from_one_listing_with_their_own_devices_only()
        {
            List<Ws1User> users = UsersWithDevices(40);
            await _sim.ClearJournalAsync();
            UserResolver resolver = Resolver(DeviceLookupPlan.Auto);
            IReadOnlyList<UserOutcome> outcomes = await Resolve(resolver, users.Select(UserReference.ForUser));
            Assert.Equal((0, 1, _devicePages), await DeviceRequestsAsync());
            Assert.Equal(DeviceLookupPlan.Listing, Assert.Single(resolver.Plans).Plan);
            Assert.Equal(users.Select(u => u.Id), outcomes.Select(o => o.User.Id));
            foreach (UserOutcome outcome in outcomes)
                Assert.Equal(_devicesByUser[outcome.User.UserName].Select(d => d.Id).OrderBy(i => i), outcome.Devices.Select(d => d.Id).OrderBy(i => i));
        }

        [Fact]
        public async Task The_listing_plan_asks_for_its_first_pages_at_once_since_the_count_told_how_many()
        {
            List<Ws1User> users = UsersWithDevices(40);
            Assert.True(_devicePages > 2);
            // The listing's first page is slow: the pages after it are asked for without waiting for it.
            await _sim.AddFaultAsync(new { Kind = "Latency", Count = 1, DelayMs = 1500, Method = "GET", PathContains = "devices/search?page=0&pagesize=500" });
            await _sim.ClearJournalAsync();
            UserResolver resolver = Resolver(DeviceLookupPlan.Auto);
            await Resolve(resolver, users.Select(UserReference.ForUser));
            Assert.Equal(DeviceLookupPlan.Listing, Assert.Single(resolver.Plans).Plan);

            List<JObject> pages = (await _sim.JournalAsync())
                .Where(e => ((string)e["Path"]).EndsWith("/devices/search", StringComparison.OrdinalIgnoreCase) && ((string)e["Query"]).Contains("pagesize=500")).ToList();
            DateTime firstAsked = pages.Select(e => (DateTime)e["Time"]).Min();
            DateTime secondAsked = (DateTime)pages.Single(e => ((string)e["Query"]).Contains("page=1&"))["Time"];
            Assert.True(secondAsked - firstAsked < TimeSpan.FromMilliseconds(1000), $"page 1 was asked for {(secondAsked - firstAsked).TotalMilliseconds:0} ms after the first page, not with it");
        }

        [Fact]
        public async Task Both_plans_give_the_same_devices_and_neither_takes_a_partial_name_match()
        {
            // Seeded names end in their number (mark.williams1), so a name is a prefix of others (mark.williams1 of
            // mark.williams12) and the API's partial match returns their devices too.
            Ws1User prefix = _users.FirstOrDefault(u => _devicesByUser.ContainsKey(u.UserName)
                && _devicesByUser.Keys.Any(k => k.Length > u.UserName.Length && k.StartsWith(u.UserName, StringComparison.OrdinalIgnoreCase)));
            Assert.NotNull(prefix);
            List<Ws1User> users = UsersWithDevices(10).Append(prefix).ToList();
            IReadOnlyList<UserOutcome> perUser = await Resolve(Resolver(DeviceLookupPlan.PerUser), users.Select(UserReference.ForUser));
            IReadOnlyList<UserOutcome> listing = await Resolve(Resolver(DeviceLookupPlan.Listing), users.Select(UserReference.ForUser));
            for (int i = 0; i < users.Count; i++)
            {
                Assert.All(perUser[i].Devices, d => Assert.Equal(users[i].UserName, d.UserName, StringComparer.OrdinalIgnoreCase));
                Assert.Equal(perUser[i].Devices.Select(d => d.Id).OrderBy(x => x), listing[i].Devices.Select(d => d.Id).OrderBy(x => x));
            }
        }

        [Fact]
        public async Task A_failed_listing_marks_every_user_of_the_account_and_is_not_a_silent_empty_result()
        {
            await _sim.AddFaultAsync(new { Kind = "Error500", Count = 10, Method = "GET", PathContains = "devices/search?page=" });
            try
            {
                IReadOnlyList<UserOutcome> outcomes = await Resolve(Resolver(DeviceLookupPlan.Listing), UsersWithDevices(3).Select(UserReference.ForUser));
                Assert.All(outcomes, o =>
                {
                    Assert.Equal(UserOutcomeKind.Found, o.Kind);
                    Assert.Null(o.Devices);
                    Assert.NotNull(o.DeviceError);
                });
            }
            finally
            {
                await _sim.ControlAsync(System.Net.Http.HttpMethod.Delete, "faults");
            }
        }
    }
}
