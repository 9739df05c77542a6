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
    /// <summary>UserGroupApi and SmartGroupApi over real HTTP, without a runspace: the groups of users, membership changes, smart group devices.</summary>
    public sealed class UserGroupClientTests : IAsyncLifetime
    {
        private const int PageCap = 50;
        private TestSimulator _sim;
        private Ws1Session _session;

        public async Task InitializeAsync()
        {
            // Small pages, so a group's members and the device listing take several pages.
            _sim = await TestSimulator.StartAsync(users: 1200, seed: 31, configure: o => o.PageCap = PageCap);
            _session = await _sim.ConnectAsync();
        }

        public async Task DisposeAsync()
        {
            _session.Dispose();
            await _sim.DisposeAsync();
        }

        private List<Ws1UserGroup> Groups(Ws1UserGroupType? type = null) =>
            _session.UserGroups.SearchAsync(new UserGroupSearch { Type = type }, CancellationToken.None).Sync().ToList();

        private List<Ws1User> Members(Ws1UserGroup group) => _session.UserGroups.GetMembersAsync(group.Id, CancellationToken.None).Sync().ToList();

        private Ws1UserGroup Group(string name) => Groups().Single(g => g.Name == name);

        private static int Pages(long count) => (int)((count + PageCap - 1) / PageCap);

        /// <summary>
        /// Every user, read to the end: a listing stopped early cancels pages on the wire, whose calls the journal
        /// may show only after a test has cleared it.
        /// </summary>
        private List<Ws1User> AllUsers() => _session.Users.SearchAsync(null, CancellationToken.None).Sync().ToList();

        [Fact]
        public void The_search_tells_custom_from_directory_groups_and_filters_by_type()
        {
            List<Ws1UserGroup> all = Groups();
            Assert.Contains(all, g => g.Name == "VPN Users" && g.Type == Ws1UserGroupType.Custom && g.OrganizationGroupId == 570 && g.OrganizationGroupName == "Simulated Corp");
            Ws1UserGroup sales = Assert.Single(all, g => g.Name == "Sales");
            Assert.Equal(Ws1UserGroupType.Directory, sales.Type);
            Assert.StartsWith("CN=Sales,", sales.DistinguishedName);
            Assert.NotNull(sales.LastSyncOn);
            Assert.All(Groups(Ws1UserGroupType.Directory), g => Assert.Equal(Ws1UserGroupType.Directory, g.Type));
            Assert.All(Groups(Ws1UserGroupType.Custom), g => Assert.Equal(Ws1UserGroupType.Custom, g.Type));
            Assert.Equal(all.Count, Groups(Ws1UserGroupType.Directory).Count + Groups(Ws1UserGroupType.Custom).Count);
            Assert.All(all, g => Assert.Equal(Members(g).Count, g.MemberCount));
            Assert.All(all, g => Assert.Equal("sim", g.AccountName));
        }

        [Fact]
        public void A_directory_group_holds_directory_users_only_and_every_one_of_its_organization_group()
        {
            Ws1UserGroup everyone = Group("All Employees");
            List<Ws1User> members = Members(everyone);
            List<Ws1User> directoryUsers = _session.Users.SearchAsync(null, CancellationToken.None).Sync().Where(u => u.SecurityType == Ws1SecurityType.Directory).ToList();
            Assert.NotEmpty(members);
            Assert.Equal(directoryUsers.Select(u => u.Id).OrderBy(i => i), members.Select(u => u.Id).OrderBy(i => i));
        }

        [Fact]
        public async Task The_custom_groups_of_a_user_are_found_with_one_listing_of_the_groups_and_one_of_each_groups_members()
        {
            List<Ws1UserGroup> custom = Groups(Ws1UserGroupType.Custom);
            Dictionary<long, List<long>> membersOf = custom.ToDictionary(g => g.Id, g => Members(g).Select(u => u.Id).ToList());
            // A user in several custom groups and in a directory group too.
            long userId = membersOf.SelectMany(m => m.Value).GroupBy(id => id).OrderByDescending(g => g.Count()).First().Key;
            List<long> expected = custom.Where(g => membersOf[g.Id].Contains(userId)).Select(g => g.Id).ToList();
            Assert.True(expected.Count >= 2);
            await _sim.ClearJournalAsync();

            IReadOnlyList<Ws1UserGroup> found = await _session.UserGroups.FindCustomGroupsOfUserAsync(userId, CancellationToken.None);

            Assert.Equal(expected, found.Select(g => g.Id));
            Assert.All(found, g => Assert.Equal(Ws1UserGroupType.Custom, g.Type));
            IReadOnlyList<JObject> calls = await _sim.JournalAsync();
            int expectedCalls = 1 + custom.Where(g => g.MemberCount > 0).Sum(g => Pages(g.MemberCount));
            Assert.Equal(expectedCalls, calls.Count);
            Assert.All(calls, c => Assert.Equal("GET", (string)c["Method"]));
            Assert.DoesNotContain(calls, c => ((string)c["Path"]).Contains("/" + Group("All Employees").Id + "/"));
            Assert.Single(calls, c => (string)c["Path"] == "/API/system/usergroups/search");
        }

        [Fact]
        public async Task Asking_for_many_users_at_once_costs_what_one_user_costs()
        {
            List<long> ids = AllUsers().Take(300).Select(u => u.Id).ToList();
            await _sim.ClearJournalAsync();
            await _session.UserGroups.FindCustomGroupsOfUserAsync(ids[0], CancellationToken.None);
            int one = (await _sim.JournalAsync()).Count;
            await _sim.ClearJournalAsync();

            IReadOnlyDictionary<long, IReadOnlyList<Ws1UserGroup>> all = await _session.UserGroups.FindCustomGroupsOfUsersAsync(ids, CancellationToken.None);

            Assert.Equal(one, (await _sim.JournalAsync()).Count);
            Assert.Equal(ids.OrderBy(i => i), all.Keys.OrderBy(i => i));
            foreach (Ws1UserGroup group in Groups(Ws1UserGroupType.Custom))
            {
                HashSet<long> members = Members(group).Select(u => u.Id).ToHashSet();
                Assert.All(ids, id => Assert.Equal(members.Contains(id), all[id].Any(g => g.Id == group.Id)));
            }
            Assert.Contains(all.Values, groups => groups.Count == 0);
        }

        [Fact]
        public async Task Adding_and_removing_a_member_changes_the_groups_found_for_the_user()
        {
            Ws1UserGroup executives = Group("Executives");
            HashSet<long> members = Members(executives).Select(m => m.Id).ToHashSet();
            Ws1User user = AllUsers().First(u => !members.Contains(u.Id));
            await _sim.ClearJournalAsync();

            await _session.UserGroups.AddMemberAsync(executives, user, CancellationToken.None);

            JObject add = Assert.Single(await _sim.JournalAsync());
            Assert.Equal("POST", (string)add["Method"]);
            Assert.Equal($"/API/system/usergroups/{executives.Id}/user/{user.Id}/addusertogroup", (string)add["Path"]);
            Assert.True(add["Body"].Type == JTokenType.Null);
            Assert.Contains(await _session.UserGroups.FindCustomGroupsOfUserAsync(user.Id, CancellationToken.None), g => g.Id == executives.Id);

            await _session.UserGroups.RemoveMemberAsync(executives, user, CancellationToken.None);

            Assert.DoesNotContain(await _session.UserGroups.FindCustomGroupsOfUserAsync(user.Id, CancellationToken.None), g => g.Id == executives.Id);
            Assert.DoesNotContain(Members(executives), m => m.Id == user.Id);
        }

        [Fact]
        public async Task A_directory_group_is_refused_before_anything_is_sent()
        {
            Ws1UserGroup sales = Group("Sales");
            Ws1User member = Members(sales).First();
            await _sim.ClearJournalAsync();

            var ex = await Assert.ThrowsAsync<Ws1ApiException>(() => _session.UserGroups.RemoveMemberAsync(sales, member, CancellationToken.None));

            Assert.Equal(Ws1ErrorKind.DirectorySyncedGroup, ex.Kind);
            Assert.Contains("synced from the directory", ex.Message);
            Assert.Contains("Nothing was sent", ex.Message);
            Assert.Empty(await _sim.JournalAsync());
            Assert.Null(UserGroupApi.FindChangeProblem(Group("Executives")));
        }

        [Fact]
        public async Task The_simulator_refuses_a_directory_group_change_sent_anyway()
        {
            Ws1UserGroup sales = Group("Sales");
            Ws1User member = Members(sales).First();
            JToken answer = await RawPostAsync($"system/usergroups/{sales.Id}/user/{member.Id}/removeuserfromgroup");
            Assert.Equal(1001, (int)answer["errorCode"]);
            Assert.Contains("synced from the directory", (string)answer["message"]);
            Assert.Contains(Members(sales), m => m.Id == member.Id);
        }

        private async Task<JToken> RawPostAsync(string path)
        {
            Ws1ApiException ex = await Assert.ThrowsAsync<Ws1ApiException>(() =>
                _session.Raw.SendAsync(new Ws1RawRequest { Method = "POST", Path = path }, CancellationToken.None));
            Assert.Equal(400, ex.StatusCode);
            return JObject.FromObject(new { errorCode = ex.ErrorCode, message = ex.Message });
        }

        [Fact]
        public async Task A_group_or_user_of_another_account_is_never_sent()
        {
            Ws1UserGroup executives = Group("Executives");
            Ws1User user = Members(Group("VPN Users")).First();
            await _sim.ClearJournalAsync();
            executives.AccountName = "other";

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => _session.UserGroups.AddMemberAsync(executives, user, CancellationToken.None));

            Assert.Contains("'other'", ex.Message);
            Assert.Empty(await _sim.JournalAsync());
        }

        [Fact]
        public async Task A_role_without_the_user_group_rows_gets_403_naming_them()
        {
            Ws1UserGroup executives = Group("Executives");
            Ws1User user = Members(Group("VPN Users")).First();
            using Ws1Session readOnly = await _sim.ConnectAsync("ro", _sim.BasicSettings(TestSimulator.ReadOnlyUser, TestSimulator.ReadOnlyPassword));
            executives.AccountName = "ro";
            user.AccountName = "ro";

            var ex = await Assert.ThrowsAsync<Ws1ApiException>(() => readOnly.UserGroups.AddMemberAsync(executives, user, CancellationToken.None));

            Assert.Equal(Ws1ErrorKind.PermissionDenied, ex.Kind);
            Assert.Contains("Accounts > User Groups > User Groups > Add/Edit (Edit)", ex.Message);
            Assert.Contains("API > REST > Users (Read and Edit)", ex.Message);
        }

        [Fact]
        public async Task An_unknown_group_is_not_found()
        {
            var get = await Assert.ThrowsAsync<Ws1ApiException>(() => _session.UserGroups.GetAsync(999, CancellationToken.None));
            Assert.Equal(Ws1ErrorKind.NotFound, get.Kind);
            var members = Assert.Throws<Ws1ApiException>(() => _session.UserGroups.GetMembersAsync(999, CancellationToken.None).Sync().ToList());
            Assert.Equal(Ws1ErrorKind.NotFound, members.Kind);
            Assert.Contains("User group 999 was not found", members.Message);
        }

        [Fact]
        public async Task A_small_smart_group_reads_each_device_and_a_large_one_joins_one_listing()
        {
            List<Ws1SmartGroup> groups = _session.SmartGroups.SearchAsync(null, CancellationToken.None).Sync().ToList();
            Ws1SmartGroup large = groups.Single(g => g.Name == "Sales Devices");
            Assert.Equal(571, large.OrganizationGroupId);
            IReadOnlyList<long> largeIds = await _session.SmartGroups.GetDeviceIdsAsync(large.Id, CancellationToken.None);
            Assert.Equal(large.DeviceCount, largeIds.Count);
            long inSales = await _session.Devices.CountAsync(new DeviceSearch { OrganizationGroupId = 571 }, CancellationToken.None);
            Assert.True(Pages(inSales) < largeIds.Count);
            await _sim.ClearJournalAsync();

            List<Ws1Device> devices = _session.SmartGroups.GetDevicesAsync(large, CancellationToken.None).Sync().ToList();

            Assert.Equal(largeIds.OrderBy(i => i), devices.Select(d => d.Id).OrderBy(i => i));
            IReadOnlyList<JObject> calls = await _sim.JournalAsync();
            Assert.DoesNotContain(calls, c => System.Text.RegularExpressions.Regex.IsMatch((string)c["Path"], @"/mdm/devices/\d+$"));
            // The ids, the count, then at most the listing's pages.
            Assert.True(calls.Count <= 2 + Pages(inSales), $"{calls.Count} calls");
            Assert.Empty(_session.SmartGroups.GetDevicesAsync(groups.Single(g => g.Name == "Kiosks"), CancellationToken.None).Sync());
        }

        [Fact]
        public async Task A_smart_group_of_one_or_two_devices_is_read_one_device_at_a_time()
        {
            // A small tenant, where some smart group holds one or two devices: reading them costs no more than counting and listing.
            await using TestSimulator sim = await TestSimulator.StartAsync(users: 12, seed: 31);
            using Ws1Session session = await sim.ConnectAsync();
            Ws1SmartGroup group = session.SmartGroups.SearchAsync(null, CancellationToken.None).Sync().ToList().First(g => g.DeviceCount is 1 or 2);
            IReadOnlyList<long> ids = await session.SmartGroups.GetDeviceIdsAsync(group.Id, CancellationToken.None);
            await sim.ClearJournalAsync();

            List<Ws1Device> devices = session.SmartGroups.GetDevicesAsync(group, CancellationToken.None).Sync().ToList();

            Assert.Equal(ids, devices.Select(d => d.Id));
            IReadOnlyList<JObject> calls = await sim.JournalAsync();
            Assert.Equal(1 + ids.Count, calls.Count); // the ids, then each device
            Assert.DoesNotContain(calls, c => ((string)c["Path"]).EndsWith("/devices/search"));
        }
    }
}
