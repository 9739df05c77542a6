using System;
using System.Collections.Generic;
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
    /// Get-Ws1DeviceWipe, Approve-/Deny-Ws1DeviceWipe, Get-Ws1DeviceWipeLock and Unlock-Ws1DeviceWipe in a real
    /// runspace over real HTTP: the simulator's journal and wipe records are the evidence.
    /// </summary>
    public sealed class WipeProtectionTests : IAsyncLifetime
    {
        private TestSimulator _sim;
        private ModuleRunspace _ps;
        private List<Ws1Device> _devices;
        private readonly HashSet<long> _used = new HashSet<long>();

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: 400, seed: 11);
            using (Ws1Session session = await _sim.ConnectAsync())
                _devices = session.Devices.SearchAsync(null, CancellationToken.None).Sync().ToList();
            _ps = new ModuleRunspace();
            _ps.Connect(_sim, "A");
            _ps.Connect(_sim, "RO", user: TestSimulator.ReadOnlyUser, password: TestSimulator.ReadOnlyPassword);
            _ps.Connect(_sim, "HD", user: "helpdesk", password: "Sim-Help-Pass-1");
        }

        public async Task DisposeAsync()
        {
            _ps.Dispose();
            await _sim.DisposeAsync();
        }

        /// <summary>Enrolled devices no other test has used, that take a wipe without a PIN.</summary>
        private List<Ws1Device> Take(int count)
        {
            List<Ws1Device> taken = _devices.Where(d => d.EnrollmentStatus == "Enrolled" && !d.IsMacOS && !_used.Contains(d.Id)).Take(count).ToList();
            Assert.Equal(count, taken.Count);
            taken.ForEach(d => _used.Add(d.Id));
            return taken;
        }

        private Task SettingsAsync(object settings) => _sim.ControlAsync(HttpMethod.Post, "settings", settings);

        /// <summary>Sends enterprise wipes straight to the API (one request per device), past the module.</summary>
        private async Task WipeAsync(IEnumerable<Ws1Device> devices)
        {
            using Ws1Session session = await _sim.ConnectAsync();
            foreach (Ws1Device d in devices)
                await session.Devices.SendCommandAsync(d, Ws1DeviceCommand.EnterpriseWipe, null, CancellationToken.None);
        }

        /// <summary>Wipes that the tenant holds: the lock is put on first by a threshold already reached.</summary>
        private async Task<List<Ws1Device>> HeldWipesAsync(int count)
        {
            await SettingsAsync(new { WipeThreshold = 1 });
            await _sim.ControlAsync(HttpMethod.Post, "reset-quota");
            // One wipe that goes out puts the lock on (if an earlier test has not); then every further wipe is held.
            await WipeAsync(Take(1));
            List<Ws1Device> held = Take(count);
            await WipeAsync(held);
            foreach (Ws1Device d in held)
                Assert.Equal("HELD", WipeStatusOf(await SimDeviceAsync(_sim, d.Id)));
            return held;
        }

        private static string WipeStatusOf(JObject simDevice) => (string)((JArray)simDevice["Wipes"]).Last["Status"];

        private async Task<List<JObject>> CallsAsync(string method, string pathPart) =>
            (await _sim.JournalAsync()).Where(e => (string)e["Method"] == method && ((string)e["Path"]).Contains(pathPart, StringComparison.OrdinalIgnoreCase)).ToList();

        private static void NoErrors(RunResult r) => Assert.Empty(r.AllErrors.Select(e => e.FullyQualifiedErrorId + ": " + e));

        private static string Ids(IEnumerable<Ws1Device> devices) => string.Join(",", devices.Select(d => d.Id));

        [Fact]
        public async Task Get_Ws1DeviceWipe_reads_every_page_of_the_customer_group_with_the_logs_own_paging()
        {
            await SettingsAsync(new { WipeThreshold = 0, PageCap = 3 });
            try
            {
                List<Ws1Device> wiped = Take(7);
                await WipeAsync(wiped);
                int total = ((JArray)await _sim.ControlAsync(HttpMethod.Get, "device-wipes")).Count;
                await _sim.ClearJournalAsync();

                RunResult r = _ps.Run("Get-Ws1DeviceWipe -AccountName A");

                NoErrors(r);
                Assert.Equal(total, r.Output.Count);
                Assert.Equal(total, r.Output.Select(o => (string)P(o, "Uuid")).Distinct().Count());
                Assert.Superset(wiped.Select(d => d.Id).ToHashSet(), r.Output.Select(o => (long)P(o, "DeviceId")).ToHashSet());
                Assert.All(r.Output, o => Assert.Equal("A", (string)P(o, "AccountName")));
                // The customer group found with one search by type, then the log paged with page and page_size.
                List<JObject> log = await CallsAsync("GET", "/device-wipes");
                Assert.Equal((total + 2) / 3, log.Count);
                Assert.All(log, c => Assert.Contains("page_size=500", (string)c["Query"]));
                Assert.DoesNotContain(log, c => ((string)c["Query"]).Contains("pagesize="));
                Assert.Single(await CallsAsync("GET", "/system/groups/search"));
            }
            finally
            {
                await SettingsAsync(new { PageCap = 500 });
            }
        }

        [Fact]
        public async Task Get_Ws1DeviceWipe_sends_each_filter_in_the_APIs_terms_and_gets_only_matches()
        {
            List<Ws1Device> held = await HeldWipesAsync(2);
            Ws1Device one = held[0];
            await _sim.ClearJournalAsync();

            RunResult r = _ps.Run("param($s) Get-Ws1DeviceWipe -AccountName A -Status Held -WipeType Enterprise -Source admin_action -Ownership CorporateDedicated, EmployeeOwned, CorporateShared, Undefined -Since 2000-01-01 -Until 2999-12-31 -SearchText $s -OrganizationGroupId 570",
                Args("s", one.SerialNumber));

            NoErrors(r);
            PSObject wipe = Assert.Single(r.Output);
            Assert.Equal(one.Id, (long)P(wipe, "DeviceId"));
            Assert.Equal("HELD", (string)P(wipe, "Status"));
            JObject call = Assert.Single(await CallsAsync("GET", "/device-wipes"));
            string query = Uri.UnescapeDataString((string)call["Query"]);
            foreach (string part in new[] { "wipe_status=HELD", "wipe_type=ENTERPRISE_WIPE", "wipe_source=ADMIN_ACTION", "ownership=CORPORATE_DEDICATED,EMPLOYEE_OWNED,CORPORATE_SHARED,UNKNOWN",
                         "start_date=2000-01-01T00:00:00", "end_date=2999-12-31&", "search_text=" + one.SerialNumber })
                Assert.Contains(part, query);
            // The group given by id is looked up for its uuid; no customer-group search.
            Assert.Empty(await CallsAsync("GET", "/system/groups/search"));

            RunResult none = _ps.Run("Get-Ws1DeviceWipe -AccountName A -Status Aborted -WipeType Full");
            NoErrors(none);
            Assert.All(none.Output, o => Assert.Equal("ABORTED", (string)P(o, "Status")));
        }

        [Fact]
        public async Task Approve_sends_the_held_wipes_in_one_request_and_they_go_out()
        {
            List<Ws1Device> held = await HeldWipesAsync(3);
            await _sim.ClearJournalAsync();

            RunResult r = _ps.Run("param($ids) Get-Ws1DeviceWipe -AccountName A -Status Held | Where-Object { $ids -contains $_.DeviceId } | Approve-Ws1DeviceWipe -Force",
                Args("ids", held.Select(d => d.Id).ToArray()));

            NoErrors(r);
            Assert.Equal(held.Select(d => d.Id).OrderBy(i => i), r.Output.Select(o => (long)P(o, "DeviceId")).OrderBy(i => i));
            Assert.All(r.Output, o => Assert.Equal("APPROVED", (string)P(o, "Status")));
            JObject post = Assert.Single(await CallsAsync("POST", "/device-wipes"));
            Assert.Equal("?action=APPROVE", (string)post["Query"]);
            Assert.Equal(3, JArray.Parse((string)post["Body"]).Count);
            foreach (Ws1Device d in held)
            {
                JObject state = await SimDeviceAsync(_sim, d.Id);
                Assert.Equal("APPROVED", WipeStatusOf(state));
                Assert.Equal("EnterpriseWipePending", (string)state["EnrollmentStatus"]);
            }
        }

        [Fact]
        public async Task Deny_by_uuid_aborts_the_wipe_and_a_wipe_not_held_is_reported_not_sent()
        {
            List<Ws1Device> held = await HeldWipesAsync(1);
            string uuid = (string)((JArray)(await SimDeviceAsync(_sim, held[0].Id))["Wipes"]).Last["Uuid"];
            await _sim.ClearJournalAsync();

            RunResult r = _ps.Run("param($u) Deny-Ws1DeviceWipe -Uuid $u -AccountName A -Confirm:$false", Args("u", uuid));

            NoErrors(r);
            Assert.Equal("ABORTED", (string)P(Assert.Single(r.Output), "Status"));
            Assert.Equal("?action=REJECT", (string)Assert.Single(await CallsAsync("POST", "/device-wipes"))["Query"]);
            JObject state = await SimDeviceAsync(_sim, held[0].Id);
            Assert.Equal("ABORTED", WipeStatusOf(state));
            Assert.Equal("Enrolled", (string)state["EnrollmentStatus"]);

            // Now ABORTED: piped again it is an error naming its state, and nothing is sent; by uuid it is not found among the held.
            await _sim.ClearJournalAsync();
            RunResult again = _ps.Run("param($u) Get-Ws1DeviceWipe -AccountName A | Where-Object Uuid -eq $u | Approve-Ws1DeviceWipe -Force; Approve-Ws1DeviceWipe -Uuid $u -AccountName A -Force", Args("u", uuid));
            Assert.Empty(again.Output);
            Assert.Contains(again.Errors, e => e.FullyQualifiedErrorId.StartsWith("Ws1.WipeNotHeld,") && e.CategoryInfo.Category == ErrorCategory.InvalidOperation && e.Exception.Message.Contains("ABORTED"));
            Assert.Contains(again.Errors, e => e.FullyQualifiedErrorId.StartsWith("Ws1.WipeNotFound,") && e.CategoryInfo.Category == ErrorCategory.ObjectNotFound);
            Assert.Empty(await CallsAsync("POST", "/device-wipes"));
        }

        [Fact]
        public async Task WhatIf_sends_nothing_even_with_Force()
        {
            List<Ws1Device> held = await HeldWipesAsync(1);
            await _sim.ClearJournalAsync();

            RunResult approve = _ps.Run("Get-Ws1DeviceWipe -AccountName A -Status Held | Approve-Ws1DeviceWipe -Force -WhatIf");
            RunResult deny = _ps.Run("Get-Ws1DeviceWipe -AccountName A -Status Held | Deny-Ws1DeviceWipe -WhatIf");
            RunResult unlock = _ps.Run("$WhatIfPreference = $true; try { Unlock-Ws1DeviceWipe -AccountName A -Force } finally { $WhatIfPreference = $false }");

            foreach (RunResult r in new[] { approve, deny, unlock })
            {
                NoErrors(r);
                Assert.Empty(r.Output);
            }
            Assert.DoesNotContain(await _sim.JournalAsync(), e => (string)e["Method"] != "GET");
            Assert.Equal("HELD", WipeStatusOf(await SimDeviceAsync(_sim, held[0].Id)));
        }

        [Fact]
        public async Task A_403_names_the_permissions_and_changes_nothing()
        {
            List<Ws1Device> held = await HeldWipesAsync(1);
            await _sim.ClearJournalAsync();

            foreach (string account in new[] { "RO", "HD" })
            {
                RunResult r = _ps.Run($"Get-Ws1DeviceWipe -AccountName {account} -Status Held | Approve-Ws1DeviceWipe -Force; Unlock-Ws1DeviceWipe -AccountName {account} -Force");
                Assert.Equal(2, r.Errors.Count);
                Assert.All(r.Errors, e =>
                {
                    Assert.StartsWith("Ws1.PermissionDenied,", e.FullyQualifiedErrorId);
                    Assert.Equal(ErrorCategory.PermissionDenied, e.CategoryInfo.Category);
                    Assert.Contains("approve, reject or unlock wipes held by wipe protection", e.Exception.Message);
                    Assert.Contains("Device Management > Device Details > Device Wipe (Edit)", e.Exception.Message);
                });
            }
            Assert.All(await CallsAsync("POST", "/device-wipes"), c => Assert.Equal(403, (int)c["Status"]));
            Assert.Equal("HELD", WipeStatusOf(await SimDeviceAsync(_sim, held[0].Id)));
        }

        [Fact]
        public async Task A_429_before_is_sent_again_and_a_500_after_is_outcome_unknown_and_never_resent()
        {
            List<Ws1Device> held = await HeldWipesAsync(2);
            await _sim.ClearJournalAsync();
            await _sim.AddFaultAsync(new { Kind = "Throttle429RetryAfter", RetryAfter = "1", Count = 1, Method = "POST", PathContains = "device-wipes" });

            RunResult throttled = _ps.Run("param($id) Get-Ws1DeviceWipe -AccountName A -Status Held | Where-Object DeviceId -eq $id | Approve-Ws1DeviceWipe -Force", Args("id", held[0].Id));

            NoErrors(throttled);
            Assert.Equal(new[] { 429, 200 }, (await CallsAsync("POST", "/device-wipes")).Select(c => (int)c["Status"]));
            Assert.Equal("APPROVED", WipeStatusOf(await SimDeviceAsync(_sim, held[0].Id)));

            await _sim.ClearJournalAsync();
            await _sim.AddFaultAsync(new { Kind = "Error500", Count = 1, Method = "POST", PathContains = "device-wipes", Phase = "After" });
            RunResult unknown = _ps.Run("param($id) Get-Ws1DeviceWipe -AccountName A -Status Held | Where-Object DeviceId -eq $id | Deny-Ws1DeviceWipe -Force", Args("id", held[1].Id));

            Assert.Empty(unknown.Output);
            ErrorRecord error = Assert.Single(unknown.Errors);
            Assert.StartsWith("Ws1.OutcomeUnknown,", error.FullyQualifiedErrorId);
            JObject call = Assert.Single(await CallsAsync("POST", "/device-wipes"));
            Assert.Equal(500, (int)call["Status"]);
            Assert.Contains((string)call["CorrelationId"], error.Exception.Message);
            // The server did reject it: sending again would have failed or, worse, acted twice.
            Assert.Equal("ABORTED", WipeStatusOf(await SimDeviceAsync(_sim, held[1].Id)));

            await _sim.ClearJournalAsync();
            await _sim.AddFaultAsync(new { Kind = "Error500", Count = 1, Method = "PUT", PathContains = "device-wipe-lock", Phase = "After" });
            RunResult unlock = _ps.Run("Unlock-Ws1DeviceWipe -AccountName A -Force");
            Assert.StartsWith("Ws1.OutcomeUnknown,", Assert.Single(unlock.Errors).FullyQualifiedErrorId);
            Assert.Single(await CallsAsync("PUT", "/device-wipe-lock"));
        }

        [Fact]
        public async Task Unlock_resets_the_count_at_the_customer_group_and_is_refused_below_it_with_a_clear_error()
        {
            await HeldWipesAsync(1);
            RunResult before = _ps.Run("Get-Ws1DeviceWipeLock -AccountName A");
            NoErrors(before);
            Assert.True((bool)P(Assert.Single(before.Output), "IsLocked"));

            RunResult below = _ps.Run("Unlock-Ws1DeviceWipe -AccountName A -OrganizationGroupId 571 -Force");
            ErrorRecord refused = Assert.Single(below.Errors);
            Assert.StartsWith("Ws1.BadRequest,", refused.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, refused.CategoryInfo.Category);
            Assert.Contains("only at a Global or Customer organization group", refused.Exception.Message);
            Assert.Contains("without -OrganizationGroupId", refused.Exception.Message);
            Assert.True((bool)P(Assert.Single(_ps.Run("Get-Ws1DeviceWipeLock -AccountName A").Output), "IsLocked"));

            RunResult unlocked = _ps.Run("Unlock-Ws1DeviceWipe -AccountName A -Force -PassThru");
            NoErrors(unlocked);
            PSObject state = Assert.Single(unlocked.Output);
            Assert.False((bool)P(state, "IsLocked"));
            Assert.Equal(0, (int)P(state, "WipeCount"));
            Assert.Equal("Simulated Corp", (string)P(state, "OrganizationGroupName"));
            // Held wipes stay held: the reset is not an approval.
            Assert.True((int)P(state, "HeldCount") >= 1);
        }
    }
}
