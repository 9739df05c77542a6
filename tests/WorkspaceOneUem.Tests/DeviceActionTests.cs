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
    /// Lock-Ws1UserDevice and Invoke-Ws1UserDeviceWipe in a real runspace over real HTTP: what reaches the
    /// simulator (its journal and device state) is the evidence, not what the cmdlets say about themselves.
    /// </summary>
    public sealed class DeviceActionTests : IAsyncLifetime
    {
        // Seed 4 with 600 users has 'ann.thomas50' and 'joann.thomas507': the API's user filter 'ann.thomas50'
        // also matches 'joann.thomas507'.
        private const string Ann = "ann.thomas50";
        private const string Joann = "joann.thomas507";

        private TestSimulator _sim;
        private TestSimulator _simB;
        private ModuleRunspace _ps;
        private Dictionary<string, List<Ws1Device>> _devicesByUser;
        private Dictionary<string, List<Ws1Device>> _devicesByUserB;
        private List<string> _usersWithoutDevices;
        private readonly HashSet<string> _used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Ann, Joann };

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: 600, seed: 4);
            _simB = await TestSimulator.StartAsync(users: 120, seed: 5);
            using (Ws1Session session = await _sim.ConnectAsync())
            {
                _devicesByUser = DevicesByUser(session);
                _usersWithoutDevices = session.Users.SearchAsync(null, CancellationToken.None).Sync().Select(u => u.UserName).Where(n => !_devicesByUser.ContainsKey(n)).ToList();
            }
            using (Ws1Session session = await _simB.ConnectAsync())
                _devicesByUserB = DevicesByUser(session);
            _ps = new ModuleRunspace();
            _ps.Connect(_sim, "A");
            _ps.Connect(_simB, "B");
        }

        public async Task DisposeAsync()
        {
            _ps.Dispose();
            await _sim.DisposeAsync();
            await _simB.DisposeAsync();
        }

        /// <summary>A user of tenant A not used by another test, whose devices satisfy the condition.</summary>
        private string TakeUser(Func<List<Ws1Device>, bool> condition, Dictionary<string, List<Ws1Device>> tenant = null)
        {
            string name = (tenant ?? _devicesByUser).Where(kv => !_used.Contains(kv.Key) && condition(kv.Value)).Select(kv => kv.Key).OrderBy(n => n, StringComparer.Ordinal).FirstOrDefault();
            Assert.True(name != null, "The seeded tenant has no free user for this test.");
            _used.Add(name);
            return name;
        }

        private static bool Enrolled(Ws1Device d) => d.EnrollmentStatus == "Enrolled";

        // Devices that take any command without a PIN: all enrolled, none macOS.
        private static bool AllPlainEnrolled(List<Ws1Device> devices, int atLeast = 1) =>
            devices.Count >= atLeast && devices.All(d => Enrolled(d) && !d.IsMacOS);

        private Task SetWipeThresholdAsync(TestSimulator sim, int threshold) => sim.ControlAsync(HttpMethod.Post, "settings", new { WipeThreshold = threshold });

        private static void NoErrors(RunResult r) => Assert.Empty(r.AllErrors.Select(e => e.FullyQualifiedErrorId + ": " + e));

        /// <summary>A terminating error of a cmdlet inside a script ends that statement only: look in every error.</summary>
        private static ErrorRecord ErrorWithId(RunResult r, string id) =>
            Assert.Single(r.AllErrors, e => e.FullyQualifiedErrorId.StartsWith(id + ",", StringComparison.Ordinal));

        [Fact]
        public async Task Lock_acts_on_exactly_the_named_user_never_on_a_partial_match()
        {
            List<Ws1Device> annDevices = _devicesByUser[Ann];
            List<Ws1Device> joannDevices = _devicesByUser[Joann];
            Assert.Contains(annDevices, Enrolled);
            Assert.Contains(joannDevices, Enrolled);
            await _sim.ClearJournalAsync();

            RunResult r = _ps.Run("param($n) Lock-Ws1UserDevice -UserName $n -AccountName A", Args("n", Ann));

            NoErrors(r);
            List<JObject> calls = await CommandCallsAsync(_sim);
            Assert.Equal(annDevices.Where(Enrolled).Select(d => d.Id).OrderBy(i => i), calls.SelectMany(SentIds).OrderBy(i => i));
            Assert.All(calls, c => Assert.Contains((string)c["Query"], new[] { "?command=Lock", "?command=LockDevice&searchby=DeviceId" }));
            foreach (Ws1Device d in joannDevices)
                Assert.Equal(0, (int)(await SimDeviceAsync(_sim, d.Id))["LockCount"]);
            foreach (Ws1Device d in annDevices.Where(Enrolled))
                Assert.Equal(1, (int)(await SimDeviceAsync(_sim, d.Id))["LockCount"]);

            // One result per device of ann; each queued one quotes the correlation id of its own call.
            Assert.Equal(annDevices.Select(d => d.Id).OrderBy(i => i), r.Output.Select(o => (long)P(o, "DeviceId")).OrderBy(i => i));
            foreach (PSObject result in r.Output.Where(o => P(o, "Status").ToString() == "Queued"))
            {
                Assert.Equal((string)CallFor(calls, (long)P(result, "DeviceId"))["CorrelationId"], (string)P(result, "CorrelationId"));
                Assert.Equal(Ann, (string)P(result, "UserName"));
                Assert.Equal("A", (string)P(result, "AccountName"));
                Assert.Equal("Lock", P(result, "Command").ToString());
            }

            // Get-Ws1Device matches exactly too, by name and for a piped user, which is read from its own
            // account although another one (B) is the default.
            RunResult listed = _ps.Run("param($n) Get-Ws1Device -UserName $n -AccountName A", Args("n", Ann));
            RunResult piped = _ps.Run("param($n) Get-Ws1User -UserName $n -AccountName A | Get-Ws1Device", Args("n", Ann));
            foreach (RunResult r2 in new[] { listed, piped })
            {
                NoErrors(r2);
                Assert.Equal(annDevices.Select(d => d.Id).OrderBy(i => i), r2.Output.Select(o => (long)P(o, "Id")).OrderBy(i => i));
                Assert.All(r2.Output, o => Assert.Equal("A", (string)P(o, "AccountName")));
            }
        }

        [Fact]
        public async Task WhatIf_sends_no_command_even_with_Force()
        {
            string user = TakeUser(d => AllPlainEnrolled(d));
            await _sim.ClearJournalAsync();

            RunResult locked = _ps.Run("param($n) Lock-Ws1UserDevice -UserName $n -AccountName A -WhatIf", Args("n", user));
            RunResult wiped = _ps.Run("param($n) Invoke-Ws1UserDeviceWipe -UserName $n -AccountName A -WipeType Full -Force -WhatIf", Args("n", user));
            RunResult preference = _ps.Run("param($n) $WhatIfPreference = $true; try { Invoke-Ws1UserDeviceWipe -UserName $n -AccountName A -WipeType Enterprise -Force } finally { $WhatIfPreference = $false }", Args("n", user));

            foreach (RunResult r in new[] { locked, wiped, preference })
            {
                NoErrors(r);
                Assert.Empty(r.Output);
            }
            Assert.Empty(await CommandCallsAsync(_sim));
            Assert.Contains(await _sim.JournalAsync(), e => ((string)e["Path"]).EndsWith("devices/search", StringComparison.OrdinalIgnoreCase)); // it did look
            foreach (Ws1Device d in _devicesByUser[user])
                Assert.Equal("Enrolled", (string)(await SimDeviceAsync(_sim, d.Id))["EnrollmentStatus"]);
        }

        [Fact]
        public async Task Each_wipe_type_goes_to_its_own_command_endpoint()
        {
            await SetWipeThresholdAsync(_sim, 0);
            string full = TakeUser(d => AllPlainEnrolled(d, atLeast: 2));
            string enterprise = TakeUser(d => AllPlainEnrolled(d, atLeast: 2));
            string single = TakeUser(d => AllPlainEnrolled(d) && d.Count == 1);
            await _sim.ClearJournalAsync();

            RunResult r1 = _ps.Run("param($n) Invoke-Ws1UserDeviceWipe -UserName $n -WipeType Full -AccountName A -Confirm:$false", Args("n", full));
            List<JObject> fullCalls = await CommandCallsAsync(_sim);
            await _sim.ClearJournalAsync();
            RunResult r2 = _ps.Run("param($n) Invoke-Ws1UserDeviceWipe -UserName $n -WipeType Enterprise -AccountName A -Force", Args("n", enterprise));
            List<JObject> enterpriseCalls = await CommandCallsAsync(_sim);
            await _sim.ClearJournalAsync();
            RunResult r3 = _ps.Run("param($n) Invoke-Ws1UserDeviceWipe -UserName $n -WipeType Enterprise -AccountName A -Force", Args("n", single));
            List<JObject> singleCalls = await CommandCallsAsync(_sim);

            NoErrors(r1);
            NoErrors(r2);
            NoErrors(r3);
            // Full wipe has no bulk command: one request per device.
            Assert.Equal(_devicesByUser[full].Select(d => $"/API/mdm/devices/{d.Id}/commands?command=DeviceWipe").OrderBy(p => p),
                fullCalls.Select(c => (string)c["Path"] + (string)c["Query"]).OrderBy(p => p));
            // Enterprise wipes of several devices: one bulk EnterpriseWipe naming them all.
            JObject bulk = Assert.Single(enterpriseCalls);
            Assert.Equal("/API/mdm/devices/commands/bulk?command=EnterpriseWipe&searchby=DeviceId", (string)bulk["Path"] + (string)bulk["Query"]);
            Assert.Equal(_devicesByUser[enterprise].Select(d => d.Id).OrderBy(i => i), SentIds(bulk).OrderBy(i => i));
            Assert.All(r2.Output, o => Assert.Equal((string)bulk["CorrelationId"], (string)P(o, "CorrelationId")));
            // One device: its own endpoint, one request either way.
            Assert.Equal($"/API/mdm/devices/{_devicesByUser[single].Single().Id}/commands?command=EnterpriseWipe",
                (string)Assert.Single(singleCalls)["Path"] + (string)singleCalls[0]["Query"]);
            Assert.All(r1.Output.Concat(r2.Output).Concat(r3.Output), o => Assert.Equal("Queued", P(o, "Status").ToString()));
            Assert.Equal(_devicesByUser[full].Count + _devicesByUser[enterprise].Count + 1, r1.Output.Count + r2.Output.Count + r3.Output.Count);
            foreach (Ws1Device d in _devicesByUser[full])
                Assert.Equal("DeviceWipePending", (string)(await SimDeviceAsync(_sim, d.Id))["EnrollmentStatus"]);
            foreach (Ws1Device d in _devicesByUser[enterprise].Concat(_devicesByUser[single]))
                Assert.Equal("EnterpriseWipePending", (string)(await SimDeviceAsync(_sim, d.Id))["EnrollmentStatus"]);
        }

        [Fact]
        public async Task MaxDevices_counts_the_whole_pipeline_and_stops_before_the_first_wipe()
        {
            await SetWipeThresholdAsync(_sim, 0);
            string first = TakeUser(d => AllPlainEnrolled(d));
            string second = TakeUser(d => AllPlainEnrolled(d));
            int total = _devicesByUser[first].Count + _devicesByUser[second].Count;
            int limit = total - 1; // each user alone is within it; together they are not
            Assert.True(limit >= Math.Max(_devicesByUser[first].Count, _devicesByUser[second].Count));
            await _sim.ClearJournalAsync();

            RunResult r = _ps.Run("param($a, $b, $max) Get-Ws1User -AccountName A -UserName $a, $b | Invoke-Ws1UserDeviceWipe -WipeType Enterprise -MaxDevices $max -Force",
                Args("a", first, "b", second, "max", limit));

            ErrorRecord stop = ErrorWithId(r, "Ws1.TooManyDevices");
            Assert.Equal(ErrorCategory.LimitsExceeded, stop.CategoryInfo.Category);
            Assert.Contains($"would wipe {total} devices", stop.Exception.Message);
            Assert.Contains($"-MaxDevices {limit}", stop.Exception.Message);
            Assert.Empty(r.Output);
            Assert.Empty(await CommandCallsAsync(_sim));

            // The default limit is 10.
            Assert.Equal(10, InvokeDefaultMaxDevices());
        }

        private int InvokeDefaultMaxDevices() => (int)_ps.Run("(Get-Command Invoke-Ws1UserDeviceWipe).ImplementingType.GetField('DefaultMaxDevices').GetValue($null)").Output.Single().BaseObject;

        [Fact]
        public async Task A_wipe_held_by_wipe_protection_says_Held_not_Queued()
        {
            string user = TakeUser(d => AllPlainEnrolled(d, atLeast: 3));
            // Every QUEUED or APPROVED wipe of the last hour counts against the threshold: allow exactly one more.
            JArray wipes = (JArray)await _sim.ControlAsync(HttpMethod.Get, "device-wipes");
            int recent = wipes.Count(w => (string)w["Status"] == "QUEUED" || (string)w["Status"] == "APPROVED");
            await SetWipeThresholdAsync(_sim, recent + 1);
            try
            {
                RunResult r = _ps.Run("param($n) Invoke-Ws1UserDeviceWipe -UserName $n -WipeType Enterprise -AccountName A -Force", Args("n", user));

                NoErrors(r);
                var statuses = r.Output.ToDictionary(o => (long)P(o, "DeviceId"), o => P(o, "Status").ToString());
                Assert.Equal(_devicesByUser[user].Count, statuses.Count);
                Assert.Equal(1, statuses.Values.Count(s => s == "Queued"));
                Assert.Equal(statuses.Count - 1, statuses.Values.Count(s => s == "Held"));
                foreach (var (id, status) in statuses)
                {
                    JObject state = await SimDeviceAsync(_sim, id);
                    Assert.Equal(status.ToUpperInvariant(), (string)((JArray)state["Wipes"]).Last["Status"]);
                }
                Assert.All(r.Output.Where(o => P(o, "Status").ToString() == "Held"), o => Assert.Contains("wipe protection", (string)P(o, "Message")));
            }
            finally
            {
                await SetWipeThresholdAsync(_sim, 0);
            }
        }

        [Fact]
        public async Task Devices_not_enrolled_or_pending_a_wipe_are_skipped_with_the_reason()
        {
            await SetWipeThresholdAsync(_sim, 0);
            string mixed = TakeUser(d => d.Any(Enrolled) && d.Any(x => x.EnrollmentStatus == "Unenrolled") && !d.Any(x => x.IsMacOS));
            await _sim.ClearJournalAsync();

            RunResult r = _ps.Run("param($n) Lock-Ws1UserDevice -UserName $n -AccountName A", Args("n", mixed));

            NoErrors(r);
            foreach (Ws1Device d in _devicesByUser[mixed])
            {
                PSObject result = r.Output.Single(o => (long)P(o, "DeviceId") == d.Id);
                if (Enrolled(d))
                {
                    Assert.Equal("Queued", P(result, "Status").ToString());
                }
                else
                {
                    Assert.Equal("Skipped", P(result, "Status").ToString());
                    Assert.Contains("not enrolled", (string)P(result, "Message"));
                }
            }
            Assert.Equal(_devicesByUser[mixed].Where(Enrolled).Select(d => d.Id).OrderBy(i => i), (await CommandCallsAsync(_sim)).SelectMany(SentIds).OrderBy(i => i));

            // After an enterprise wipe the devices are pending it: a lock skips them and sends nothing.
            string wiped = TakeUser(d => AllPlainEnrolled(d));
            Assert.Empty(_ps.Run("param($n) Invoke-Ws1UserDeviceWipe -UserName $n -WipeType Enterprise -AccountName A -Force", Args("n", wiped)).AllErrors);
            await _sim.ClearJournalAsync();
            RunResult again = _ps.Run("param($n) Lock-Ws1UserDevice -UserName $n -AccountName A", Args("n", wiped));
            Assert.All(again.Output, o => Assert.Equal("Skipped", P(o, "Status").ToString()));
            Assert.All(again.Output, o => Assert.Contains("already pending", (string)P(o, "Message")));
            Assert.Empty(await CommandCallsAsync(_sim));
        }

        [Fact]
        public async Task Each_403_names_the_permissions_of_its_action()
        {
            _ps.Connect(_sim, "RO", user: TestSimulator.ReadOnlyUser, password: TestSimulator.ReadOnlyPassword);
            _ps.Connect(_sim, "HD", user: "helpdesk", password: "Sim-Help-Pass-1");
            await SetWipeThresholdAsync(_sim, 0);
            string two = TakeUser(d => AllPlainEnrolled(d, atLeast: 2));
            string helpdeskLock = TakeUser(d => AllPlainEnrolled(d));
            await _sim.ClearJournalAsync();

            RunResult roLock = _ps.Run("param($n) Lock-Ws1UserDevice -UserName $n -AccountName RO", Args("n", two));
            ErrorRecord denied = Assert.Single(roLock.Errors);
            Assert.StartsWith("Ws1.PermissionDenied", denied.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.PermissionDenied, denied.CategoryInfo.Category);
            Assert.Contains("lock a device", denied.Exception.Message);
            Assert.Contains("API > REST > Devices (Read and Edit)", denied.Exception.Message);
            Assert.Contains("Device Management > Device Details > Lock (Edit)", denied.Exception.Message);
            // The first 403 stops the account: the other devices fail without another call.
            Assert.Single(await CommandCallsAsync(_sim));
            Assert.All(roLock.Output, o => Assert.Equal("Failed", P(o, "Status").ToString()));
            Assert.Equal(_devicesByUser[two].Count, roLock.Output.Count);

            RunResult roWipe = _ps.Run("param($n) Invoke-Ws1UserDeviceWipe -UserName $n -AccountName RO -WipeType Full -Force", Args("n", two));
            ErrorRecord wipeDenied = Assert.Single(roWipe.Errors);
            Assert.Equal(ErrorCategory.PermissionDenied, wipeDenied.CategoryInfo.Category);
            Assert.Contains("wipe a device", wipeDenied.Exception.Message);
            Assert.Contains("Device Management > Device Details > Device Wipe (Edit)", wipeDenied.Exception.Message);

            // Help desk may lock but not wipe.
            RunResult hdLock = _ps.Run("param($n) Lock-Ws1UserDevice -UserName $n -AccountName HD", Args("n", helpdeskLock));
            NoErrors(hdLock);
            Assert.All(hdLock.Output, o => Assert.Equal("Queued", P(o, "Status").ToString()));
            RunResult hdWipe = _ps.Run("param($n) Invoke-Ws1UserDeviceWipe -UserName $n -AccountName HD -WipeType Enterprise -Force", Args("n", two));
            ErrorRecord hdDenied = Assert.Single(hdWipe.Errors);
            Assert.Equal(ErrorCategory.PermissionDenied, hdDenied.CategoryInfo.Category);
            Assert.Contains("Device Management > Device Details > Device Wipe (Edit)", hdDenied.Exception.Message);
            foreach (Ws1Device d in _devicesByUser[two])
                Assert.Equal("Enrolled", (string)(await SimDeviceAsync(_sim, d.Id))["EnrollmentStatus"]);
        }

        [Fact]
        public async Task An_ambiguous_wipe_is_never_sent_again_and_says_outcome_unknown()
        {
            await SetWipeThresholdAsync(_sim, 0);
            string user = TakeUser(d => AllPlainEnrolled(d) && d.Count == 1);
            Ws1Device device = _devicesByUser[user].Single();
            await _sim.ClearJournalAsync();
            // Processed, then answered 500: the wipe happened, the client cannot know.
            await _sim.AddFaultAsync(new { Kind = "Error500", Count = 1, Method = "POST", PathContains = "commands", Phase = "After" });

            RunResult r = _ps.Run("param($n) Invoke-Ws1UserDeviceWipe -UserName $n -WipeType Full -AccountName A -Force", Args("n", user));

            JObject call = Assert.Single(await CommandCallsAsync(_sim));
            Assert.Equal(500, (int)call["Status"]);
            PSObject result = Assert.Single(r.Output);
            Assert.Equal("Failed", P(result, "Status").ToString());
            Assert.StartsWith("Outcome unknown", (string)P(result, "Message"));
            Assert.Contains("outcome unknown", ((string)P(result, "Message")).ToLowerInvariant());
            Assert.Equal((string)call["CorrelationId"], (string)P(result, "CorrelationId"));
            ErrorRecord error = Assert.Single(r.Errors);
            Assert.StartsWith("Ws1.OutcomeUnknown", error.FullyQualifiedErrorId);
            Assert.Contains((string)call["CorrelationId"], error.Exception.Message);
            // The server did carry it out: sending it again would have been a second wipe.
            Assert.Equal("DeviceWipePending", (string)(await SimDeviceAsync(_sim, device.Id))["EnrollmentStatus"]);
        }

        [Fact]
        public async Task A_macOS_device_that_needs_a_PIN_gets_a_clear_error_unless_UnlockPin_is_given()
        {
            string user = null;
            Ws1Device mac = null;
            foreach (var kv in _devicesByUser.Where(kv => !_used.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                foreach (Ws1Device d in kv.Value.Where(d => d.IsMacOS && Enrolled(d)))
                {
                    if ((bool)(await SimDeviceAsync(_sim, d.Id))["RequiresUnlockPin"])
                        mac = d;
                }
                if (mac != null)
                {
                    user = kv.Key;
                    break;
                }
            }
            Assert.True(user != null, "The seeded tenant has no macOS device that needs a PIN.");
            _used.Add(user);
            await _sim.ClearJournalAsync();

            RunResult refused = _ps.Run("param($n) Lock-Ws1UserDevice -UserName $n -AccountName A", Args("n", user));
            PSObject failed = refused.Output.Single(o => (long)P(o, "DeviceId") == mac.Id);
            Assert.Equal("Failed", P(failed, "Status").ToString());
            Assert.Contains("-UnlockPin", (string)P(failed, "Message"));
            ErrorRecord error = refused.Errors.Single(e => (long)PSObject.AsPSObject(e.TargetObject).Properties["Id"].Value == mac.Id);
            Assert.Contains("-UnlockPin", error.ToString());
            Assert.Contains("only with its 6-digit unlock PIN", error.ToString());
            // Said once, in the module's terms: not the server's talk of API versions and body fields.
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(error.ToString(), "-UnlockPin"));
            Assert.DoesNotContain("unlock_pin", error.ToString());
            // Alone it goes to its own endpoint (400); with other devices in a bulk lock (200, a fault names it).
            JObject refusedCall = CallFor(await CommandCallsAsync(_sim), mac.Id);
            Assert.Equal(SentIds(refusedCall).Count() == 1 ? 400 : 200, (int)refusedCall["Status"]);
            Assert.Equal((string)refusedCall["CorrelationId"], (string)P(failed, "CorrelationId"));

            await _sim.ClearJournalAsync();
            ErrorWithId(_ps.Run("param($n) Lock-Ws1UserDevice -UserName $n -AccountName A -UnlockPin 12ab56", Args("n", user)), "Ws1.InvalidUnlockPin");
            Assert.Empty(await CommandCallsAsync(_sim));

            await _sim.ClearJournalAsync();
            RunResult locked = _ps.Run("param($n) Lock-Ws1UserDevice -UserName $n -AccountName A -UnlockPin '123456'", Args("n", user));
            NoErrors(locked);
            Assert.Equal("Queued", P(locked.Output.Single(o => (long)P(o, "DeviceId") == mac.Id), "Status").ToString());
            JObject v2 = (await CommandCallsAsync(_sim)).Single(c => ((string)c["Path"]).Contains(mac.Uuid));
            Assert.Equal($"/API/mdm/devices/{mac.Uuid}/commands/Lock", (string)v2["Path"]);
            Assert.Contains("version=2", (string)v2["Headers"]["Accept"]);
            Assert.Contains("unlock_pin", (string)v2["Body"]);
            Assert.DoesNotContain("123456", (string)v2["Body"]); // the journal masks it; the PIN was sent
            Assert.Equal(202, (int)v2["Status"]);
            Assert.Equal(1, (int)(await SimDeviceAsync(_sim, mac.Id))["LockCount"]);
        }

        [Fact]
        public async Task A_user_without_devices_is_a_warning_not_an_error()
        {
            string user = _usersWithoutDevices.First();
            await _sim.ClearJournalAsync();
            RunResult r = _ps.Run("param($n) Lock-Ws1UserDevice -UserName $n -AccountName A", Args("n", user));
            NoErrors(r);
            Assert.Empty(r.Output);
            Assert.Contains(r.Warnings, w => w.Contains(user) && w.Contains("no devices"));
            Assert.Empty(await CommandCallsAsync(_sim));

            RunResult unknown = _ps.Run("Lock-Ws1UserDevice -UserName 'no.such.user' -AccountName A");
            Assert.StartsWith("Ws1.UserNotFound", Assert.Single(unknown.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public async Task Piped_users_of_two_accounts_act_each_on_their_own_tenant()
        {
            await SetWipeThresholdAsync(_sim, 0);
            await SetWipeThresholdAsync(_simB, 0);
            string a = TakeUser(d => AllPlainEnrolled(d));
            string b = TakeUser(d => AllPlainEnrolled(d), _devicesByUserB);
            await _sim.ClearJournalAsync();
            await _simB.ClearJournalAsync();

            RunResult r = _ps.Run("param($a, $b) @(Get-Ws1User -AccountName A -UserName $a) + @(Get-Ws1User -AccountName B -UserName $b) | Invoke-Ws1UserDeviceWipe -WipeType Enterprise -Force",
                Args("a", a, "b", b));

            NoErrors(r);
            Assert.Equal(_devicesByUser[a].Select(d => d.Id).OrderBy(i => i), (await CommandCallsAsync(_sim)).SelectMany(SentIds).OrderBy(i => i));
            Assert.Equal(_devicesByUserB[b].Select(d => d.Id).OrderBy(i => i), (await CommandCallsAsync(_simB)).SelectMany(SentIds).OrderBy(i => i));
            Assert.All(r.Output.Where(o => (string)P(o, "UserName") == a), o => Assert.Equal("A", (string)P(o, "AccountName")));
            Assert.All(r.Output.Where(o => (string)P(o, "UserName") == b), o => Assert.Equal("B", (string)P(o, "AccountName")));
            Assert.Equal(_devicesByUser[a].Count + _devicesByUserB[b].Count, r.Output.Count);

            // -AccountName names the one account to act on: a user of another account is refused, not wiped there.
            string other = TakeUser(d => AllPlainEnrolled(d), _devicesByUserB);
            await _sim.ClearJournalAsync();
            await _simB.ClearJournalAsync();
            RunResult mismatch = _ps.Run("param($b) Get-Ws1User -AccountName B -UserName $b | Invoke-Ws1UserDeviceWipe -WipeType Enterprise -AccountName A -Force", Args("b", other));
            Assert.StartsWith("Ws1.AccountMismatch", Assert.Single(mismatch.Errors).FullyQualifiedErrorId);
            Assert.Empty(await CommandCallsAsync(_simB));
            Assert.Empty(await CommandCallsAsync(_sim));

            RunResult wildcard = _ps.Run("Invoke-Ws1UserDeviceWipe -UserName x -WipeType Enterprise -AccountName '*' -Force");
            ErrorWithId(wildcard, "Ws1.AccountNameWildcard");
        }
    }
}
