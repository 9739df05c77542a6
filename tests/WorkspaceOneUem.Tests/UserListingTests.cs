using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    public sealed class UserListingTests : IAsyncLifetime
    {
        private const int SeededUsers = 1234;
        private TestSimulator _sim;
        private Ws1Session _session;

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: SeededUsers, seed: 7);
            _session = await _sim.ConnectAsync();
        }

        public async Task DisposeAsync()
        {
            _session.Dispose();
            await _sim.DisposeAsync();
        }

        [Fact]
        public async Task Lists_every_seeded_user_across_pages_exactly_once()
        {
            await _sim.ClearJournalAsync();
            List<Ws1User> users = _session.Users.SearchAsync(null, CancellationToken.None).Sync().ToList();
            Assert.Equal(SeededUsers, users.Count);
            Assert.Equal(SeededUsers, users.Select(u => u.Id).Distinct().Count());
            Assert.Equal(Enumerable.Range(1, SeededUsers).Select(i => (long)i), users.Select(u => u.Id).OrderBy(i => i));
            var pages = (await _sim.JournalAsync()).Where(e => ((string)e["Path"]).EndsWith("users/search")).ToList();
            Assert.Equal(3, pages.Count); // 500 + 500 + 234
        }

        /// <summary>A v1 user search page with users firstId..lastId (none when lastId is below firstId).</summary>
        private static string CannedPage(int page, int firstId, int lastId, int total) =>
            "{\"Users\":[" + string.Join(",", Enumerable.Range(firstId, Math.Max(0, lastId - firstId + 1)).Select(id =>
                $"{{\"Id\":{{\"Value\":{id}}},\"UserName\":\"u{id}\",\"Email\":\"u{id}@x.example\",\"Status\":true}}")) +
            $"],\"Page\":{page},\"PageSize\":500,\"Total\":{total}}}";

        [Fact]
        public async Task Users_a_shifted_page_repeats_are_handed_out_once()
        {
            // Five users were added ahead of the reader after page 0: page 1 starts five users early, and the
            // last five move to a page 2 that the total (1000) did not announce.
            using var server = new CannedServer(pathAndQuery =>
                pathAndQuery.Contains("page=0&") ? CannedPage(0, 1, 500, 1000) :
                pathAndQuery.Contains("page=1&") ? CannedPage(1, 496, 995, 1000) :
                pathAndQuery.Contains("page=2&") ? CannedPage(2, 996, 1000, 1000) : CannedPage(3, 1, 0, 1000));
            using Ws1Session session = await server.ConnectAsync(_sim.BasicSettings());

            List<long> ids = session.Users.SearchAsync(null, CancellationToken.None).Sync().Select(u => u.Id).ToList();

            Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), ids);
        }

        [Fact]
        public async Task A_full_first_page_that_announces_no_total_goes_on_from_page_1()
        {
            using var server = new CannedServer(pathAndQuery =>
                pathAndQuery.Contains("page=0&") ? CannedPage(0, 1, 500, 0) : CannedPage(1, 501, 503, 0));
            using Ws1Session session = await server.ConnectAsync(_sim.BasicSettings());

            List<long> ids = session.Users.SearchAsync(null, CancellationToken.None).Sync().Select(u => u.Id).ToList();

            Assert.Equal(Enumerable.Range(1, 503).Select(i => (long)i), ids);
            Assert.Equal(new[] { "page=0", "page=1" }, SearchPages(server));
        }

        [Fact]
        public async Task A_small_search_read_all_at_once_follows_full_pages_and_skips_repeats()
        {
            // What a user-name lookup reads: page 0 is full, so page 1 is read; it repeats two users and is not full.
            using var server = new CannedServer(pathAndQuery =>
                pathAndQuery.Contains("page=0&") ? CannedPage(0, 1, 500, 510) : CannedPage(1, 499, 510, 510));
            using Ws1Session session = await server.ConnectAsync(_sim.BasicSettings());

            List<Ws1User> users = await session.Users.SearchAsync(new UserSearch { UserName = "u" }, CancellationToken.None).ToListAsync(CancellationToken.None);

            Assert.Equal(Enumerable.Range(1, 510).Select(i => (long)i), users.Select(u => u.Id));
            Assert.Equal(new[] { "page=0", "page=1" }, SearchPages(server));
        }

        private static IEnumerable<string> SearchPages(CannedServer server) =>
            server.Requests.Where(r => r.Contains("/users/search")).Select(r => System.Text.RegularExpressions.Regex.Match(r, "page=\\d+").Value);

        [Fact]
        public async Task No_match_is_an_empty_result_not_an_error()
        {
            var users = _session.Users.SearchAsync(new UserSearch { UserName = "no-such-user-anywhere" }, CancellationToken.None).Sync().ToList();
            Assert.Empty(users);
            var last = (await _sim.JournalAsync()).Last(e => ((string)e["Path"]).EndsWith("users/search"));
            Assert.Equal(204, (int)last["Status"]);
        }

        [Fact]
        public async Task Parses_real_v1_types_ids_as_objects_counts_as_strings()
        {
            Ws1User user = _session.Users.SearchAsync(null, CancellationToken.None).Sync().First(u => u.EnrolledDeviceCount > 0);
            // Read the same record raw to compare the wire types with what was parsed.
            using var http = new HttpClient();
            var request = new HttpRequestMessage(HttpMethod.Get, $"{_sim.Url}/api/system/users/{user.Id}");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
                System.Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{TestSimulator.AdminUser}:{TestSimulator.AdminPassword}")));
            request.Headers.Add("aw-tenant-code", _sim.TenantCode);
            JObject raw = JObject.Parse(await (await http.SendAsync(request)).Content.ReadAsStringAsync());
            Assert.Equal(JTokenType.Object, raw["Id"].Type);
            Assert.Equal(user.Id, (long)raw["Id"]["Value"]);
            Assert.Equal(JTokenType.String, raw["EnrolledDevicesCount"].Type);
            Assert.Equal(int.Parse((string)raw["EnrolledDevicesCount"]), user.EnrolledDeviceCount);
            Assert.Equal(JTokenType.String, raw["LocationGroupId"].Type);
            Assert.Equal(long.Parse((string)raw["LocationGroupId"]), user.OrganizationGroupId);
            Assert.Equal((bool)raw["Status"] ? Ws1UserStatus.Active : Ws1UserStatus.Inactive, user.Status);
            Assert.Equal((int)raw["SecurityType"] == 1 ? Ws1SecurityType.Directory : Ws1SecurityType.Basic, user.SecurityType);
            Assert.Equal(user.Status == Ws1UserStatus.Active ? "Workspace One" : "None", user.LicenseType);
            Assert.Equal("sim", user.AccountName);
        }

        [Fact]
        public void Status_filter_is_sent_and_honoured()
        {
            var inactive = _session.Users.SearchAsync(new UserSearch { Status = Ws1UserStatus.Inactive }, CancellationToken.None).Sync().ToList();
            Assert.NotEmpty(inactive);
            Assert.All(inactive, u => Assert.Equal(Ws1UserStatus.Inactive, u.Status));
            int active = _session.Users.SearchAsync(new UserSearch { Status = Ws1UserStatus.Active }, CancellationToken.None).Sync().Count();
            Assert.Equal(SeededUsers, active + inactive.Count);
        }
    }
}
