using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client;
using Xunit;
using static WorkspaceOneUem.Tests.DeviceCommandEvidence;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// Invoke-Ws1UserOffboarding in a real runspace over real HTTP. The evidence is what reached the simulator (its
    /// journal, its users, devices, groups and wipe log), not what the command says about itself.
    /// </summary>
    public sealed class OffboardingTests : IAsyncLifetime
    {
        // Seed 4 with 600 users has 'ann.thomas50' and 'joann.thomas507': the API's user filter 'ann.thomas50'
        // also matches 'joann.thomas507'.
        private const string Ann = "ann.thomas50";
        private const string Joann = "joann.thomas507";
        private const string AllSteps = "-Disable -LockDevice -WipeDevice -RemoveFromUserGroup -Delete";

        private TestSimulator _sim;
        private Ws1Session _session;
        private ModuleRunspace _ps;
        private Dictionary<string, Ws1User> _users;
        private Dictionary<string, List<Ws1Device>> _devicesByUser;
        private IReadOnlyDictionary<long, IReadOnlyList<Ws1UserGroup>> _groupsOf;
        private readonly HashSet<string> _used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Ann, Joann };

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: 600, seed: 4, o => o.WipeThreshold = 0);
            _session = await _sim.ConnectAsync("A");
            _users = _session.Users.SearchAsync(null, CancellationToken.None).Sync().ToDictionary(u => u.UserName, StringComparer.OrdinalIgnoreCase);
            _devicesByUser = DevicesByUser(_session);
            _groupsOf = await _session.UserGroups.FindCustomGroupsOfUsersAsync(_users.Values.Select(u => u.Id), CancellationToken.None);
            _ps = new ModuleRunspace();
            _ps.Connect(_sim, "A");
            _ps.Connect(_sim, "RO", user: TestSimulator.ReadOnlyUser, password: TestSimulator.ReadOnlyPassword);
            _ps.Connect(_sim, "HD", user: "helpdesk", password: "Sim-Help-Pass-1");
        }

        public async Task DisposeAsync()
        {
            _ps.Dispose();
            _session.Dispose();
            await _sim.DisposeAsync();
        }

        private List<Ws1Device> DevicesOf(string user) => _devicesByUser.TryGetValue(user, out List<Ws1Device> devices) ? devices : new List<Ws1Device>();

        private IReadOnlyList<Ws1UserGroup> GroupsOf(string user) => _groupsOf[_users[user].Id];

        /// <summary>An active user no other test has used whose devices and groups satisfy the condition.</summary>
        private string TakeUser(Func<List<Ws1Device>, IReadOnlyList<Ws1UserGroup>, bool> condition)
        {
            string name = _users.Values.Where(u => u.Status == Ws1UserStatus.Active && !_used.Contains(u.UserName) && condition(DevicesOf(u.UserName), _groupsOf[u.Id]))
                .Select(u => u.UserName).OrderBy(n => n, StringComparer.Ordinal).FirstOrDefault();
            Assert.True(name != null, "The seeded tenant has no free user for this test.");
            _used.Add(name);
            return name;
        }

        private static bool Enrolled(Ws1Device d) => d.EnrollmentStatus == "Enrolled";

        // Devices that take any command without a PIN: none is macOS.
        private static bool Plain(List<Ws1Device> devices, int enrolled = 1) => devices.Count(Enrolled) >= enrolled && devices.All(d => !d.IsMacOS);

        // Every device enrolled and without the need of a PIN: every device step of such a user is Done.
        private static bool AllPlain(List<Ws1Device> devices) => devices.Count > 0 && devices.All(d => Enrolled(d) && !d.IsMacOS);

        private static bool Corporate(Ws1Device d) => d.Ownership != Ws1DeviceOwnership.EmployeeOwned;

        private RunResult Offboard(string switches, params string[] names) =>
            _ps.Run($"param($n) Invoke-Ws1UserOffboarding -UserName $n -AccountName A {switches} -Force", Args("n", names));

        private async Task<List<JObject>> WritesAsync() => (await _sim.JournalAsync()).Where(e => (string)e["Method"] != "GET").ToList();

        private static bool PathHas(JObject call, string part) => ((string)call["Path"] + (string)call["Query"]).Contains(part, StringComparison.OrdinalIgnoreCase);

        /// <summary>The ids a bulk user call names in its body.</summary>
        private static IEnumerable<long> BulkIds(JObject call) => JObject.Parse((string)call["Body"])["BulkValues"]["Value"].Select(v => long.Parse((string)v));

        /// <summary>The user ids a deactivate or delete call named: in its path (one user) or its bulk body.</summary>
        private static IEnumerable<long> UserIds(JObject call, string verb)
        {
            string path = (string)call["Path"];
            if (path.EndsWith("/system/users/" + verb, StringComparison.OrdinalIgnoreCase))
                return BulkIds(call);
            string[] parts = path.Split('/');
            return parts[parts.Length - 1].Equals(verb, StringComparison.OrdinalIgnoreCase) && long.TryParse(parts[parts.Length - 2], out long id) ? new[] { id } : Array.Empty<long>();
        }

        private static List<long> Deactivated(IEnumerable<JObject> writes) => writes.Where(c => (string)c["Method"] == "POST").SelectMany(c => UserIds(c, "deactivate")).ToList();

        private static List<long> Deleted(IEnumerable<JObject> writes) =>
            writes.SelectMany(c => (string)c["Method"] == "DELETE" ? UserIds(c, "delete") : (string)c["Method"] == "POST" && ((string)c["Path"]).EndsWith("/system/users/delete", StringComparison.OrdinalIgnoreCase) ? BulkIds(c) : Array.Empty<long>()).ToList();

        private static List<long> Commanded(IEnumerable<JObject> writes) => writes.Where(c => PathHas(c, "/commands")).SelectMany(SentIds).ToList();

        private static List<PSObject> Of(RunResult r, string user) => r.Output.Where(o => string.Equals((string)P(o, "UserName"), user, StringComparison.OrdinalIgnoreCase)).ToList();

        private static string Status(PSObject o) => P(o, "Status").ToString();

        private static string Step(PSObject o) => P(o, "Step").ToString();

        private static PSObject Row(RunResult r, string user, string step, long? device = null) =>
            Assert.Single(Of(r, user), o => Step(o) == step && (device == null || (long?)P(o, "DeviceId") == device));

        private static void NoErrors(RunResult r) => Assert.Empty(r.AllErrors.Select(e => e.FullyQualifiedErrorId + ": " + e));

        private static ErrorRecord ErrorWithId(RunResult r, string id) =>
            Assert.Single(r.AllErrors, e => e.FullyQualifiedErrorId.StartsWith(id + ",", StringComparison.Ordinal));

        private Task SettingsAsync(object settings) => _sim.ControlAsync(HttpMethod.Post, "settings", settings);

        private Ws1UserGroup CustomGroup(string name) =>
            _session.UserGroups.SearchAsync(new UserGroupSearch { Name = name, Type = Ws1UserGroupType.Custom }, CancellationToken.None).Sync().First(g => g.Name == name);

        private bool IsMember(Ws1UserGroup group, string user) =>
            _session.UserGroups.GetMembersAsync(group.Id, CancellationToken.None).Sync().Any(m => m.Id == _users[user].Id);

        private async Task<bool> ExistsAsync(string user)
        {
            try
            {
                await _session.Users.GetAsync(_users[user].Id, CancellationToken.None);
                return true;
            }
            catch (Ws1ApiException ex) when (ex.Kind == Ws1ErrorKind.NotFound)
            {
                return false;
            }
        }

        [Fact]
        public async Task Every_step_goes_out_in_its_order_to_exactly_the_named_users_and_each_device_gets_the_wipe_of_its_ownership()
        {
            string mixed = TakeUser((d, g) => Plain(d, 2) && d.Any(x => Enrolled(x) && !Corporate(x)) && d.Any(x => Enrolled(x) && Corporate(x)) && g.Count > 0);
            Assert.True(Plain(DevicesOf(Ann)) && Plain(DevicesOf(Joann)));
            // Ann and Joann share a custom group: only Ann may leave it.
            Ws1UserGroup pilot = CustomGroup("Pilot Users");
            foreach (string name in new[] { Ann, Joann })
                await _session.UserGroups.AddMemberAsync(pilot, _users[name], CancellationToken.None);
            await _sim.ClearJournalAsync();

            RunResult r = Offboard(AllSteps + " -MaxDevices 20", Ann, mixed);

            NoErrors(r);
            List<JObject> writes = await WritesAsync();
            long annId = _users[Ann].Id, mixedId = _users[mixed].Id;
            Assert.Equal(new[] { annId, mixedId }.OrderBy(i => i), Deactivated(writes).OrderBy(i => i));
            Assert.Equal(new[] { annId, mixedId }.OrderBy(i => i), Deleted(writes).OrderBy(i => i));
            List<Ws1Device> devices = DevicesOf(Ann).Concat(DevicesOf(mixed)).ToList();
            // Each enrolled device locked once and wiped once; nothing else commanded, Joann's devices least of all.
            Assert.Equal(devices.Where(Enrolled).Select(d => d.Id).SelectMany(id => new[] { id, id }).OrderBy(i => i), Commanded(writes).OrderBy(i => i));
            foreach (Ws1Device d in devices.Where(Enrolled))
            {
                JObject state = await SimDeviceAsync(_sim, d.Id);
                Assert.Equal(Corporate(d) ? "DeviceWipePending" : "EnterpriseWipePending", (string)state["EnrollmentStatus"]);
                Assert.Equal(1, (int)state["LockCount"]);
            }
            // Out of every custom group they were in, Joann left in hers.
            var removals = writes.Where(c => PathHas(c, "/removeuserfromgroup")).Select(c => (string)c["Path"]).OrderBy(p => p).ToList();
            List<long> annGroups = GroupsOf(Ann).Select(g => g.Id).Append(pilot.Id).Distinct().ToList();
            var expected = GroupsOf(mixed).Select(g => $"/API/system/usergroups/{g.Id}/user/{mixedId}/removeuserfromgroup")
                .Concat(annGroups.Select(g => $"/API/system/usergroups/{g}/user/{annId}/removeuserfromgroup"))
                .OrderBy(p => p).ToList();
            Assert.Equal(expected, removals, StringComparer.OrdinalIgnoreCase);
            Assert.True(IsMember(pilot, Joann));
            Assert.False(IsMember(pilot, Ann));
            Assert.True(await ExistsAsync(Joann));
            Assert.Equal(Ws1UserStatus.Active, (await _session.Users.GetAsync(_users[Joann].Id, CancellationToken.None)).Status);

            // The fixed order: disable, every lock, every wipe, the groups, then the delete.
            int Index(Func<JObject, bool> which) => writes.FindIndex(c => which(c));
            int LastIndex(Func<JObject, bool> which) => writes.FindLastIndex(c => which(c));
            Func<JObject, bool> isLock = c => PathHas(c, "command=Lock"), isWipe = c => PathHas(c, "Wipe"), isGroup = c => PathHas(c, "removeuserfromgroup");
            Assert.True(LastIndex(c => PathHas(c, "deactivate")) < Index(isLock));
            Assert.True(LastIndex(isLock) < Index(isWipe));
            Assert.True(LastIndex(isWipe) < Index(isGroup));
            Assert.True(LastIndex(isGroup) < Index(c => PathHas(c, "/users/delete")));

            // One result per user and step (and device, and group), in that order, all done.
            foreach (string user in new[] { Ann, mixed })
            {
                List<PSObject> rows = Of(r, user);
                int groups = user == Ann ? annGroups.Count : GroupsOf(user).Count;
                Assert.Equal(2 + 2 * DevicesOf(user).Count + groups, rows.Count);
                Assert.Equal(rows.Select(Step).OrderBy(s => Enum.Parse<Ws1OffboardingStep>(s)), rows.Select(Step));
                Assert.All(rows.Where(o => P(o, "DeviceId") == null || DevicesOf(user).Single(d => d.Id == (long)P(o, "DeviceId")).EnrollmentStatus == "Enrolled"),
                    o => Assert.Equal("Done", Status(o)));
                Assert.All(rows, o => Assert.Equal("A", (string)P(o, "AccountName")));
            }
            foreach (Ws1Device d in devices.Where(Enrolled))
                Assert.Equal(Corporate(d) ? "Full" : "Enterprise", P(Row(r, d.UserName, "WipeDevice", d.Id), "WipeType").ToString());
        }

        [Fact]
        public async Task WhatIf_shows_a_line_for_every_request_and_sends_nothing_even_with_Force()
        {
            string user = TakeUser((d, g) => Plain(d, 2) && g.Count > 0);
            List<Ws1Device> enrolled = DevicesOf(user).Where(Enrolled).ToList();
            var host = new PromptingHost((message, choices) => throw new InvalidOperationException("-WhatIf must not ask: " + message));
            using var ps = new ModuleRunspace(host);
            ps.Connect(_sim, "A");
            await _sim.ClearJournalAsync();

            RunResult r = ps.Run($"param($n) Invoke-Ws1UserOffboarding -UserName $n -AccountName A {AllSteps} -Force -WhatIf", Args("n", user));
            RunResult preference = ps.Run($"param($n) $WhatIfPreference = $true; try {{ Invoke-Ws1UserOffboarding -UserName $n -AccountName A {AllSteps} -Force }} finally {{ $WhatIfPreference = $false }}", Args("n", user));

            NoErrors(r);
            NoErrors(preference);
            Assert.Empty(await WritesAsync());
            List<string> lines = host.Lines.Where(l => l.StartsWith("What if: ", StringComparison.Ordinal)).ToList();
            int expected = 1 + 2 * enrolled.Count + GroupsOf(user).Count + 1;
            Assert.Equal(2 * expected, lines.Count);
            lines = lines.Take(expected).ToList();
            Assert.All(lines, l => Assert.Contains($"'{user}'", l));
            Assert.Single(lines, l => l.Contains("\"Disable user (deactivate)\""));
            Assert.Single(lines, l => l.Contains("\"Delete user\""));
            foreach (Ws1Device d in enrolled)
            {
                Assert.Single(lines, l => l.Contains("\"Lock\"") && l.Contains($"(id {d.Id},"));
                string wipe = Corporate(d) ? "\"Full wipe (factory reset) of a corporate-" : "\"Enterprise wipe of an employee-owned device\"";
                Assert.Single(lines, l => l.Contains(wipe) && l.Contains($"(id {d.Id},"));
            }
            foreach (Ws1UserGroup g in GroupsOf(user))
                Assert.Single(lines, l => l.Contains("\"Remove from custom user group\"") && l.Contains($"(id {g.Id})"));
            // The steps that need nothing sent come out as results, as a real run writes them.
            Assert.Equal(2 * (DevicesOf(user).Count - enrolled.Count), r.Output.Count);
            Assert.All(r.Output, o => Assert.Contains(Status(o), new[] { "Skipped", "AlreadyDone" }));
            Assert.True(await ExistsAsync(user));
        }

        [Fact]
        public async Task MaxDevices_counts_the_wipes_of_the_whole_run_and_stops_it_before_anything_is_sent()
        {
            string first = TakeUser((d, g) => Plain(d));
            string second = TakeUser((d, g) => Plain(d));
            int total = DevicesOf(first).Count(Enrolled) + DevicesOf(second).Count(Enrolled);
            await _sim.ClearJournalAsync();

            RunResult r = Offboard($"-Disable -WipeDevice -Delete -MaxDevices {total - 1}", first, second);
            RunResult whatIf = _ps.Run($"param($n) Invoke-Ws1UserOffboarding -UserName $n -AccountName A -WipeDevice -MaxDevices {total - 1} -WhatIf", Args("n", new[] { first, second }));

            ErrorRecord stop = ErrorWithId(r, "Ws1.TooManyDevices");
            Assert.Equal(ErrorCategory.LimitsExceeded, stop.CategoryInfo.Category);
            Assert.Contains($"would wipe {total} devices of 2 user(s), more than -MaxDevices {total - 1}. Nothing was sent.", stop.Exception.Message);
            Assert.Empty(r.Output);
            ErrorWithId(whatIf, "Ws1.TooManyDevices");
            Assert.Empty(await WritesAsync());
            Assert.True(await ExistsAsync(first));
            Assert.Equal(10, InvokeWs1UserOffboardingDefault());
        }

        private int InvokeWs1UserOffboardingDefault() =>
            (int)_ps.Run("(Get-Command Invoke-Ws1UserOffboarding).ImplementingType.GetField('DefaultMaxDevices').GetValue($null)").Output.Single().BaseObject;

        [Fact]
        public async Task Piped_users_of_two_tenants_are_each_offboarded_in_their_own()
        {
            await using TestSimulator two = await TestSimulator.StartTwoTenantsAsync(120, 120);
            using Ws1Session x = await two.ConnectAsync("X");
            using Ws1Session y = await two.ConnectAsync("Y", two.BasicSettings(tenantCode: TestSimulator.SecondTenantCode));
            Dictionary<string, List<Ws1Device>> devicesX = DevicesByUser(x), devicesY = DevicesByUser(y);
            Ws1User a = x.Users.SearchAsync(new UserSearch { Status = Ws1UserStatus.Active }, CancellationToken.None).Sync()
                .First(u => u.Id > 5 && devicesX.TryGetValue(u.UserName, out List<Ws1Device> d) && AllPlain(d));
            Ws1User b = y.Users.SearchAsync(new UserSearch { Status = Ws1UserStatus.Active }, CancellationToken.None).Sync()
                .First(u => u.Id > 5 && u.Id != a.Id && devicesY.TryGetValue(u.UserName, out List<Ws1Device> d) && AllPlain(d));
            using var ps = new ModuleRunspace();
            ps.Connect(two, "X");
            Assert.Empty(ps.TryConnect(two.Url, TestSimulator.SecondTenantCode, "Y").AllErrors);

            RunResult r = ps.Run("param($a, $b) @(Get-Ws1User -AccountName X -UserName $a) + @(Get-Ws1User -AccountName Y -UserName $b) | Invoke-Ws1UserOffboarding -Disable -LockDevice -Delete -Force",
                Args("a", a.UserName, "b", b.UserName));

            NoErrors(r);
            Assert.All(Of(r, a.UserName), o => Assert.Equal("X", (string)P(o, "AccountName")));
            Assert.All(Of(r, b.UserName), o => Assert.Equal("Y", (string)P(o, "AccountName")));
            Assert.All(Of(r, a.UserName).Concat(Of(r, b.UserName)), o => Assert.Equal("Done", Status(o)));
            Assert.Equal(2 + devicesX[a.UserName].Count, Of(r, a.UserName).Count);
            Assert.Equal(2 + devicesY[b.UserName].Count, Of(r, b.UserName).Count);
            // Each deleted in its own tenant; the users with the same ids in the other tenant are untouched.
            await Assert.ThrowsAsync<Ws1ApiException>(() => x.Users.GetAsync(a.Id, CancellationToken.None));
            await Assert.ThrowsAsync<Ws1ApiException>(() => y.Users.GetAsync(b.Id, CancellationToken.None));
            Assert.NotEqual(a.UserName, (await y.Users.GetAsync(a.Id, CancellationToken.None)).UserName);
            Assert.NotEqual(b.UserName, (await x.Users.GetAsync(b.Id, CancellationToken.None)).UserName);
            Assert.Equal(Ws1UserStatus.Active, (await y.Users.GetAsync(a.Id, CancellationToken.None)).Status);
            Assert.Equal(Ws1UserStatus.Active, (await x.Users.GetAsync(b.Id, CancellationToken.None)).Status);

            // -AccountName names the one account to act on: a user of another account is refused, not offboarded there.
            Ws1User other = y.Users.SearchAsync(new UserSearch { Status = Ws1UserStatus.Active }, CancellationToken.None).Sync().First(u => u.Id > 5 && u.Id != a.Id && u.Id != b.Id);
            RunResult mismatch = ps.Run("param($n) Get-Ws1User -AccountName Y -UserName $n | Invoke-Ws1UserOffboarding -AccountName X -Disable -Delete -Force", Args("n", other.UserName));
            ErrorWithId(mismatch, "Ws1.AccountMismatch");
            Assert.Equal(Ws1UserStatus.Active, (await y.Users.GetAsync(other.Id, CancellationToken.None)).Status);
            Assert.Equal(Ws1UserStatus.Active, (await x.Users.GetAsync(other.Id, CancellationToken.None)).Status);
        }

        [Fact]
        public async Task A_403_names_the_permissions_of_its_step_and_stops_that_users_later_steps()
        {
            string readOnly = TakeUser((d, g) => true);
            string helpdesk = TakeUser((d, g) => Plain(d));
            await _sim.ClearJournalAsync();

            RunResult ro = _ps.Run("param($n) Invoke-Ws1UserOffboarding -UserName $n -AccountName RO -Disable -Delete -Force", Args("n", readOnly));

            ErrorRecord denied = ErrorWithId(ro, "Ws1.PermissionDenied");
            Assert.Equal(ErrorCategory.PermissionDenied, denied.CategoryInfo.Category);
            Assert.Contains("change a user", denied.Exception.Message);
            Assert.Contains("Accounts > Users > Accounts > Edit (Edit)", denied.Exception.Message);
            Assert.Equal("Failed", Status(Row(ro, readOnly, "Disable")));
            PSObject skipped = Row(ro, readOnly, "Delete");
            Assert.Equal("Skipped", Status(skipped));
            Assert.Contains("an earlier step failed", (string)P(skipped, "Reason"));
            List<JObject> writes = await WritesAsync();
            Assert.Equal(403, (int)Assert.Single(writes)["Status"]);

            await _sim.ClearJournalAsync();
            RunResult hd = _ps.Run("param($n) Invoke-Ws1UserOffboarding -UserName $n -AccountName HD -LockDevice -WipeDevice -Delete -Force", Args("n", helpdesk));

            ErrorRecord wipeDenied = ErrorWithId(hd, "Ws1.PermissionDenied");
            Assert.Contains("wipe a device", wipeDenied.Exception.Message);
            Assert.Contains("Device Management > Device Details > Device Wipe (Edit)", wipeDenied.Exception.Message);
            foreach (Ws1Device d in DevicesOf(helpdesk).Where(Enrolled))
                Assert.Equal("Done", Status(Row(hd, helpdesk, "LockDevice", d.Id)));
            Assert.Contains(Of(hd, helpdesk), o => Step(o) == "WipeDevice" && Status(o) == "Failed");
            Assert.Equal("Skipped", Status(Row(hd, helpdesk, "Delete")));
            Assert.Empty(Deleted(await WritesAsync()));
            Assert.True(await ExistsAsync(helpdesk));
            foreach (Ws1Device d in DevicesOf(helpdesk).Where(Enrolled))
                Assert.Equal("Enrolled", (string)(await SimDeviceAsync(_sim, d.Id))["EnrollmentStatus"]);
        }

        [Fact]
        public async Task A_plan_that_cannot_be_completed_sends_nothing_for_that_user_not_even_the_disable()
        {
            string user = TakeUser((d, g) => Plain(d));
            Assert.Empty(_ps.TryConnect(_sim.Url, _sim.TenantCode, "N", "-MaxRetryCount 0").AllErrors);
            await _sim.ClearJournalAsync();
            await _sim.AddFaultAsync(new { Kind = "Error500", Count = 1, Method = "GET", PathContains = "device-wipes" });

            RunResult r = _ps.Run("param($n) Invoke-Ws1UserOffboarding -UserName $n -AccountName N -Disable -WipeDevice -Delete -Force", Args("n", user));

            Assert.Contains(Of(r, user), o => Step(o) == "WipeDevice" && Status(o) == "Failed");
            foreach (string step in new[] { "Disable", "Delete" })
            {
                PSObject held = Row(r, user, step);
                Assert.Equal("Skipped", Status(held));
                Assert.Contains("the plan for this user is incomplete", (string)P(held, "Reason"));
            }
            Assert.Empty(await WritesAsync());
            Assert.Equal(Ws1UserStatus.Active, (await _session.Users.GetAsync(_users[user].Id, CancellationToken.None)).Status);
        }

        [Fact]
        public async Task A_403_on_the_first_wipe_is_one_error_and_sends_no_other_wipe_of_either_kind()
        {
            // Full wipes go one request per device, enterprise wipes in bulk: the refused first one must stop both.
            string user = TakeUser((d, g) => d.Count(x => Enrolled(x) && !x.IsMacOS && Corporate(x)) >= 2 && d.Any(x => Enrolled(x) && !x.IsMacOS && !Corporate(x))
                && d.All(x => !x.IsMacOS));
            await _sim.ClearJournalAsync();

            RunResult hd = _ps.Run("param($n) Invoke-Ws1UserOffboarding -UserName $n -AccountName HD -WipeDevice -Force", Args("n", user));

            ErrorRecord denied = Assert.Single(hd.AllErrors);
            Assert.StartsWith("Ws1.PermissionDenied,", denied.FullyQualifiedErrorId);
            List<PSObject> wipes = Of(hd, user).Where(o => Step(o) == "WipeDevice").ToList();
            Assert.Equal(DevicesOf(user).Count(Enrolled), wipes.Count);
            Assert.All(wipes, o => Assert.Equal("Failed", Status(o)));
            Assert.Single(await WritesAsync());
        }

        [Fact]
        public async Task On_a_tenant_where_half_is_done_already_those_steps_are_AlreadyDone_and_nothing_is_sent_for_them()
        {
            string inactive = TakeUser((d, g) => d.Count == 0 && g.Count == 0);
            string wiped = TakeUser((d, g) => Plain(d));
            string deleted = TakeUser((d, g) => Plain(d));
            string fresh = TakeUser((d, g) => AllPlain(d) && g.Count > 0);
            string misspelt = fresh + "x";
            Assert.False(_users.ContainsKey(misspelt));
            // The earlier, partial run: one user disabled, the devices of one wiped, one wiped and deleted.
            await _session.Users.DeactivateAsync(new[] { _users[inactive] }, CancellationToken.None);
            foreach (Ws1Device d in DevicesOf(wiped).Concat(DevicesOf(deleted)).Where(Enrolled))
                await _session.Devices.SendCommandAsync(d, Ws1DeviceCommand.EnterpriseWipe, null, CancellationToken.None);
            await _session.Users.ChangeAsync(Ws1UserChange.Delete, new[] { _users[deleted] }, CancellationToken.None);
            await _sim.ClearJournalAsync();

            RunResult r = Offboard(AllSteps, inactive, wiped, deleted, fresh, misspelt);

            // The misspelt name is an error, never taken for a user deleted before.
            ErrorRecord notFound = ErrorWithId(r, "Ws1.UserNotFound");
            Assert.Contains("check the name", notFound.Exception.Message);
            Assert.Equal("Failed", Status(Row(r, misspelt, "Disable")));
            Assert.DoesNotContain(Of(r, misspelt), o => Status(o) == "AlreadyDone");
            Assert.Single(r.AllErrors);

            Assert.Equal("AlreadyDone", Status(Row(r, inactive, "Disable")));
            Assert.Equal("AlreadyDone", Status(Row(r, inactive, "RemoveFromUserGroup")));
            Assert.Contains("no devices", (string)P(Row(r, inactive, "WipeDevice"), "Reason"));
            Assert.Equal("Done", Status(Row(r, inactive, "Delete")));
            Assert.All(Of(r, wiped).Where(o => Step(o) == "WipeDevice"), o => Assert.Equal("AlreadyDone", Status(o)));
            Assert.All(Of(r, wiped).Where(o => Step(o) == "LockDevice"), o => Assert.NotEqual("Done", Status(o)));
            Assert.All(Of(r, deleted), o => Assert.Contains(Status(o), new[] { "AlreadyDone", "Skipped" }));
            Assert.Equal("AlreadyDone", Status(Row(r, deleted, "Delete")));
            Assert.All(Of(r, fresh), o => Assert.Equal("Done", Status(o)));

            List<JObject> writes = await WritesAsync();
            Assert.Equal(new[] { _users[wiped].Id, _users[fresh].Id }.OrderBy(i => i), Deactivated(writes).OrderBy(i => i));
            Assert.Equal(new[] { _users[inactive].Id, _users[wiped].Id, _users[fresh].Id }.OrderBy(i => i), Deleted(writes).OrderBy(i => i));
            Assert.Equal(DevicesOf(fresh).Where(Enrolled).SelectMany(d => new[] { d.Id, d.Id }).OrderBy(i => i), Commanded(writes).OrderBy(i => i));
            Assert.All(writes.Where(c => PathHas(c, "removeuserfromgroup")), c => Assert.Contains($"/user/{_users[fresh].Id}/", (string)c["Path"]));
        }

        [Fact]
        public async Task After_a_fault_in_the_middle_a_second_run_finishes_what_is_left_without_sending_anything_twice()
        {
            string first = TakeUser((d, g) => Plain(d) && d.Any(x => Enrolled(x) && Corporate(x)) && g.Count > 0);
            string second = TakeUser((d, g) => Plain(d));
            Ws1Device faulted = DevicesOf(first).First(x => Enrolled(x) && Corporate(x));
            await _sim.ClearJournalAsync();
            // The full wipe of one device is carried out, and its answer lost.
            await _sim.AddFaultAsync(new { Kind = "Error500", Count = 1, Method = "POST", PathContains = $"devices/{faulted.Id}/commands?command=DeviceWipe", Phase = "After" });

            RunResult run1 = Offboard(AllSteps, first, second);

            Assert.Equal("OutcomeUnknown", Status(Row(run1, first, "WipeDevice", faulted.Id)));
            Assert.StartsWith("Ws1.OutcomeUnknown", Assert.Single(run1.AllErrors).FullyQualifiedErrorId);
            foreach (string step in new[] { "RemoveFromUserGroup", "Delete" })
                Assert.All(Of(run1, first).Where(o => Step(o) == step), o => Assert.Contains("an earlier step failed", (string)P(o, "Reason")));
            Assert.All(Of(run1, second), o => Assert.Contains(Status(o), new[] { "Done", "Skipped", "AlreadyDone" }));
            Assert.Equal("Done", Status(Row(run1, second, "Delete")));
            List<JObject> writes1 = await WritesAsync();
            Assert.Single(writes1, c => PathHas(c, $"devices/{faulted.Id}/commands?command=DeviceWipe"));
            Assert.DoesNotContain(_users[first].Id, Deleted(writes1));
            Assert.Equal("DeviceWipePending", (string)(await SimDeviceAsync(_sim, faulted.Id))["EnrollmentStatus"]);

            await _sim.ClearJournalAsync();
            RunResult run2 = Offboard(AllSteps, first, second);

            NoErrors(run2);
            List<JObject> writes2 = await WritesAsync();
            // Only what was left: the first user's groups and delete. No disable, lock or wipe a second time.
            Assert.Empty(Deactivated(writes2));
            Assert.Empty(Commanded(writes2));
            Assert.Equal(new[] { _users[first].Id }, Deleted(writes2));
            Assert.Equal(GroupsOf(first).Count, writes2.Count(c => PathHas(c, "removeuserfromgroup")));
            Assert.Equal(GroupsOf(first).Count + 1, writes2.Count);
            Assert.Equal("AlreadyDone", Status(Row(run2, first, "Disable")));
            Assert.Equal("AlreadyDone", Status(Row(run2, first, "WipeDevice", faulted.Id)));
            Assert.Equal("Done", Status(Row(run2, first, "Delete")));
            Assert.All(Of(run2, second), o => Assert.Contains(Status(o), new[] { "AlreadyDone", "Skipped" }));
            Assert.False(await ExistsAsync(first));
        }

        [Theory]
        [InlineData("POST", "/deactivate", "Disable", false)]
        // A lock leaves nothing the API shows, so the next run locks again; locking a locked device changes nothing.
        [InlineData("POST", "command=Lock", "LockDevice", true)]
        [InlineData("POST", "command=DeviceWipe", "WipeDevice", false)]
        [InlineData("POST", "/removeuserfromgroup", "RemoveFromUserGroup", false)]
        [InlineData("DELETE", "/delete", "Delete", false)]
        public async Task After_an_ambiguous_answer_to_any_of_its_writes_the_next_run_finishes_without_sending_that_write_again(string method, string path, string step, bool sentAgain)
        {
            string user = TakeUser((d, g) => AllPlain(d) && d.Any(Corporate) && g.Count > 0);
            Ws1OffboardingStep faultedStep = Enum.Parse<Ws1OffboardingStep>(step);
            await _sim.ClearJournalAsync();
            // Carried out, and its answer lost.
            await _sim.AddFaultAsync(new { Kind = "Error500", Count = 1, Method = method, PathContains = path, Phase = "After" });

            RunResult run1 = Offboard(AllSteps, user);

            Assert.Contains(Of(run1, user), o => Step(o) == step && Status(o) == "OutcomeUnknown");
            Assert.Contains(run1.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("Ws1.OutcomeUnknown", StringComparison.Ordinal));
            Assert.All(Of(run1, user).Where(o => Enum.Parse<Ws1OffboardingStep>(Step(o)) > faultedStep), o => Assert.Contains("an earlier step failed", (string)P(o, "Reason")));
            Assert.Single(await WritesAsync(), c => (string)c["Method"] == method && PathHas(c, path));

            await _sim.ClearJournalAsync();
            RunResult run2 = Offboard(AllSteps, user);

            NoErrors(run2);
            Assert.Equal(sentAgain ? 1 : 0, (await WritesAsync()).Count(c => (string)c["Method"] == method && PathHas(c, path)));
            Assert.Contains(Of(run2, user), o => Step(o) == "Delete" && (Status(o) == "Done" || Status(o) == "AlreadyDone"));
            Assert.DoesNotContain(Of(run2, user), o => Status(o) == "Failed" || Status(o) == "OutcomeUnknown" || Status(o) == "Held");
            Assert.False(await ExistsAsync(user));
        }

        [Fact]
        public async Task A_wipe_held_by_wipe_protection_is_Held_with_how_to_release_it_and_the_delete_waits_for_it()
        {
            string user = TakeUser((d, g) => Plain(d, 3));
            List<Ws1Device> enrolled = DevicesOf(user).Where(Enrolled).ToList();
            // Every QUEUED or APPROVED wipe of the last hour counts against the threshold: allow exactly one more.
            JArray wipes = (JArray)await _sim.ControlAsync(HttpMethod.Get, "device-wipes");
            await SettingsAsync(new { WipeThreshold = wipes.Count(w => (string)w["Status"] == "QUEUED" || (string)w["Status"] == "APPROVED") + 1 });
            try
            {
                RunResult r = Offboard("-WipeDevice -Delete", user);

                List<PSObject> wiped = Of(r, user).Where(o => Step(o) == "WipeDevice" && enrolled.Any(d => d.Id == (long)P(o, "DeviceId"))).ToList();
                Assert.Single(wiped, o => Status(o) == "Done");
                List<PSObject> held = wiped.Where(o => Status(o) == "Held").ToList();
                Assert.Equal(enrolled.Count - 1, held.Count);
                // The hint how to release it, once (the client writes it, not the cmdlet on top).
                Assert.All(held, o => Assert.Single(System.Text.RegularExpressions.Regex.Matches((string)P(o, "Reason"), "Approve-Ws1DeviceWipe")));
                Assert.Contains("held", (string)P(Row(r, user, "Delete"), "Reason"));
                Assert.Empty(Deleted(await WritesAsync()));

                // Run again: the held wipes are read from the wipe log and not sent a second time.
                await _sim.ClearJournalAsync();
                RunResult again = Offboard("-WipeDevice -Delete", user);
                Assert.Empty(await WritesAsync());
                Assert.Equal(held.Count, Of(again, user).Count(o => Status(o) == "Held"));
                Assert.All(Of(again, user).Where(o => Status(o) == "Held"), o => Assert.Contains("Approve-Ws1DeviceWipe", (string)P(o, "Reason")));
                Assert.Equal("Skipped", Status(Row(again, user, "Delete")));

                // Released: the next run finds the wipes under way and finishes.
                await _sim.ControlAsync(HttpMethod.Post, "device-wipes/approve");
                await _sim.ClearJournalAsync();
                RunResult released = Offboard("-WipeDevice -Delete", user);
                NoErrors(released);
                Assert.All(Of(released, user).Where(o => Step(o) == "WipeDevice"), o => Assert.NotEqual("Held", Status(o)));
                Assert.Equal("Done", Status(Row(released, user, "Delete")));
                Assert.Empty(Commanded(await WritesAsync()));
            }
            finally
            {
                await SettingsAsync(new { WipeThreshold = 0 });
            }
        }

        [Fact]
        public async Task On_a_tenant_that_wipes_the_devices_of_disabled_users_the_devices_get_no_lock_and_no_second_wipe()
        {
            string user = TakeUser((d, g) => Plain(d) && d.Any(x => Enrolled(x) && Corporate(x)));
            Ws1Device corporate = DevicesOf(user).First(x => Enrolled(x) && Corporate(x));
            await SettingsAsync(new { WipeOnUserDisable = true });
            try
            {
                await _sim.ClearJournalAsync();
                RunResult r = Offboard("-Disable -LockDevice -WipeDevice", user);

                NoErrors(r);
                Assert.Equal("Done", Status(Row(r, user, "Disable")));
                Assert.Empty(Commanded(await WritesAsync()));
                PSObject locked = Row(r, user, "LockDevice", corporate.Id);
                Assert.Equal("Skipped", Status(locked));
                Assert.Contains("USER_DISABLED", (string)P(locked, "Reason"));
                PSObject wiped = Row(r, user, "WipeDevice", corporate.Id);
                Assert.Equal("AlreadyDone", Status(wiped));
                Assert.Contains("full wipe planned for it can no longer be sent", (string)P(wiped, "Reason"));
                JObject state = await SimDeviceAsync(_sim, corporate.Id);
                Assert.Equal("EnterpriseWipePending", (string)state["EnrollmentStatus"]);
                Assert.Equal("USER_DISABLED", (string)((JArray)state["Wipes"]).Last["WipeSource"]);
            }
            finally
            {
                await SettingsAsync(new { WipeOnUserDisable = false });
            }
        }

        [Fact]
        public async Task Wait_follows_the_wipes_until_the_devices_are_unenrolled()
        {
            string user = TakeUser((d, g) => Plain(d));
            await SettingsAsync(new { CheckInDelayMs = 200 });
            try
            {
                RunResult r = Offboard("-WipeDevice -Wait -Timeout 60 -PollInterval 0.1", user);

                NoErrors(r);
                foreach (Ws1Device d in DevicesOf(user).Where(Enrolled))
                {
                    PSObject wiped = Row(r, user, "WipeDevice", d.Id);
                    Assert.Equal("Done", Status(wiped));
                    Assert.Contains("Unenrolled", (string)P(wiped, "Reason"));
                    Assert.Equal("Unenrolled", (string)(await SimDeviceAsync(_sim, d.Id))["EnrollmentStatus"]);
                }
            }
            finally
            {
                await SettingsAsync(new { CheckInDelayMs = (int?)null });
            }
        }

        [Fact]
        public async Task Unattended_without_Force_it_ends_with_ConfirmationNotPossible_before_anything_is_sent()
        {
            string user = TakeUser((d, g) => true);
            await _sim.ClearJournalAsync();

            RunResult r = _ps.Run("param($n) Invoke-Ws1UserOffboarding -UserName $n -AccountName A -Disable -Delete", Args("n", user));

            ErrorRecord refused = ErrorWithId(r, "Ws1.ConfirmationNotPossible");
            Assert.Contains("-Confirm:$false (or -Force)", refused.Exception.Message);
            Assert.Empty(await WritesAsync());
            Assert.True(await ExistsAsync(user));
        }

        [Fact]
        public async Task Confirm_asks_once_per_user_listing_its_steps_and_devices_before_anything_is_sent_and_No_leaves_the_user_alone()
        {
            string yes = TakeUser((d, g) => Plain(d, 2)), no = TakeUser((d, g) => Plain(d));
            var prompts = new List<(string Message, int WritesBefore)>();
            var host = new PromptingHost((message, choices) =>
            {
                prompts.Add((message, WritesAsync().GetAwaiter().GetResult().Count));
                return choices.Select(c => c.Label).ToList().IndexOf(message.Contains($"'{yes}'") ? "&Yes" : "&No");
            });
            using var ps = new ModuleRunspace(host);
            ps.Connect(_sim, "A");
            await _sim.ClearJournalAsync();

            RunResult r = ps.Run("param($n) Invoke-Ws1UserOffboarding -UserName $n -AccountName A -Disable -WipeDevice -Delete -Confirm", Args("n", new[] { yes, no }));

            NoErrors(r);
            Assert.Equal(2, prompts.Count);
            Assert.All(prompts, p => Assert.Equal(0, p.WritesBefore));
            string asked = prompts.Single(p => p.Message.Contains($"'{yes}'")).Message;
            Assert.Contains("disable;", asked);
            Assert.Contains("; delete\"", asked);
            foreach (Ws1Device d in DevicesOf(yes).Where(Enrolled))
                Assert.Contains($"wipe of device '{d.FriendlyName}' (id {d.Id},", asked);
            Assert.Empty(Of(r, no));
            Assert.All(Of(r, yes).Where(o => Step(o) != "WipeDevice"), o => Assert.Equal("Done", Status(o)));
            List<JObject> writes = await WritesAsync();
            Assert.Equal(new[] { _users[yes].Id }, Deactivated(writes));
            Assert.Equal(new[] { _users[yes].Id }, Deleted(writes));
            Assert.DoesNotContain(Commanded(writes), id => DevicesOf(no).Any(d => d.Id == id));
            Assert.True(await ExistsAsync(no));
        }

        [Fact]
        public async Task Ctrl_C_tells_the_host_what_was_done_and_the_next_run_finishes()
        {
            string first = TakeUser((d, g) => true), second = TakeUser((d, g) => true);
            var host = new PromptingHost((message, choices) => 0);
            using var ps = new ModuleRunspace(host);
            ps.Connect(_sim, "A");
            await _sim.ClearJournalAsync();
            await _sim.AddFaultAsync(new { Kind = "Stall", Count = 1, Method = "POST", PathContains = "/system/users/deactivate" });
            try
            {
                RunningScript running = ps.Begin($"Invoke-Ws1UserOffboarding -UserName {first},{second} -AccountName A -Disable -Delete -Force");
                await _sim.WaitForJournalAsync(j => j.Any(e => (string)e["Fault"] == "Stall" && (int)e["Status"] == 0), "the stalled deactivate");
                running.Stop();

                string told = Assert.Single(host.WarningLines, w => w.StartsWith("Stopped while offboarding on account 'A', during Disable", StringComparison.Ordinal));
                Assert.Contains("Run the same command again to finish", told);
                Assert.Empty(Deleted(await WritesAsync()));
            }
            finally
            {
                await _sim.ControlAsync(HttpMethod.Delete, "faults");
            }

            RunResult again = Offboard("-Disable -Delete", first, second);
            NoErrors(again);
            Assert.All(again.Output, o => Assert.Equal("Done", Status(o)));
            Assert.False(await ExistsAsync(first));
            Assert.False(await ExistsAsync(second));
        }

        [Fact]
        public async Task Users_come_from_names_ids_piped_rows_and_a_CSV_file()
        {
            string byPath = TakeUser((d, g) => true), byRow = TakeUser((d, g) => true), byId = TakeUser((d, g) => true);
            string csv = Path.Combine(Path.GetTempPath(), $"leavers-{Guid.NewGuid():n}.csv");
            File.WriteAllText(csv, "UserName,Department\r\n" + byPath + ",Sales\r\n");
            try
            {
                RunResult fromFile = _ps.Run("param($p) Invoke-Ws1UserOffboarding -Path $p -AccountName A -Disable -Force", Args("p", csv));
                RunResult fromRows = _ps.Run("param($id) [pscustomobject]@{ Id = \"$id\"; AccountName = 'A' } | Invoke-Ws1UserOffboarding -Disable -Force", Args("id", _users[byRow].Id));
                RunResult fromIds = _ps.Run("param($id) Invoke-Ws1UserOffboarding -Id $id -AccountName A -Disable -Force", Args("id", _users[byId].Id));

                foreach (RunResult r in new[] { fromFile, fromRows, fromIds })
                {
                    NoErrors(r);
                    Assert.Equal("Done", Status(Assert.Single(r.Output)));
                }
                foreach (string user in new[] { byPath, byRow, byId })
                    Assert.Equal(Ws1UserStatus.Inactive, (await _session.Users.GetAsync(_users[user].Id, CancellationToken.None)).Status);
            }
            finally
            {
                File.Delete(csv);
            }

            await _sim.ClearJournalAsync();
            ErrorWithId(_ps.Run("Invoke-Ws1UserOffboarding -Path ./no-such-leavers.csv -Disable -Force"), "Ws1.InputFileNotFound");
            ErrorWithId(_ps.Run($"Invoke-Ws1UserOffboarding -UserName {byId} -AccountName A -Force"), "Ws1.NothingToDo");
            ErrorWithId(_ps.Run("Invoke-Ws1UserOffboarding -UserName 'ann*' -AccountName A -Disable -Force"), "Ws1.UserNameWildcard");
            Assert.Empty(await WritesAsync());
        }
    }
}
