using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client;
using Xunit;
using static WorkspaceOneUem.Tests.DeviceCommandEvidence;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// The device commands beyond lock and wipe (Clear-Ws1DevicePasscode, Sync-Ws1Device, Restart-Ws1Device,
    /// Send-Ws1DeviceMessage, Remove-Ws1Device), and devices given directly to every device action, in a real
    /// runspace over real HTTP. The simulator's journal and device state are the evidence.
    /// </summary>
    public sealed class DeviceCommandTests : IAsyncLifetime
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
        private readonly HashSet<string> _used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Ann, Joann };

        /// <summary>Each new cmdlet, as a command line for the devices or users piped to it, with the wire command it sends.</summary>
        public static readonly TheoryData<string, string> Commands = new TheoryData<string, string>
        {
            { "Clear-Ws1DevicePasscode -Force", "ClearPasscode" },
            { "Sync-Ws1Device", "DeviceQuery" },
            { "Restart-Ws1Device -Force", "SoftReset" },
            { "Restart-Ws1Device -Shutdown -Force", "Shutdown" },
            { "Send-Ws1DeviceMessage -Type Sms -Message 'Call the service desk'", "sms" },
            { "Remove-Ws1Device -Force", "Delete" },
        };

        public static IEnumerable<object[]> CommandLines => Commands.Select(c => new[] { c[0] });

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: 600, seed: 4);
            _simB = await TestSimulator.StartAsync(users: 120, seed: 5);
            using (Ws1Session session = await _sim.ConnectAsync())
                _devicesByUser = DevicesByUser(session);
            using (Ws1Session session = await _simB.ConnectAsync())
                _devicesByUserB = DevicesByUser(session);
            _ps = new ModuleRunspace();
            _ps.Connect(_sim, "A");
            _ps.Connect(_simB, "B");
            _ps.Connect(_sim, "HD", user: "helpdesk", password: "Sim-Help-Pass-1");
            await _sim.ControlAsync(HttpMethod.Post, "settings", new { WipeThreshold = 0 });
            await _simB.ControlAsync(HttpMethod.Post, "settings", new { WipeThreshold = 0 });
        }

        public async Task DisposeAsync()
        {
            _ps.Dispose();
            await _sim.DisposeAsync();
            await _simB.DisposeAsync();
        }

        private static bool PlainEnrolled(List<Ws1Device> devices, int atLeast = 1) =>
            devices.Count >= atLeast && devices.All(d => d.EnrollmentStatus == "Enrolled" && !d.IsMacOS);

        /// <summary>Users not used by another test whose devices satisfy the condition, until they hold at least <paramref name="devices"/>.</summary>
        private List<string> TakeUsers(Func<List<Ws1Device>, bool> condition, int devices, Dictionary<string, List<Ws1Device>> tenant = null)
        {
            tenant = tenant ?? _devicesByUser;
            var taken = new List<string>();
            foreach (string name in tenant.Keys.Where(n => !_used.Contains(n) && condition(tenant[n])).OrderBy(n => n, StringComparer.Ordinal))
            {
                if (taken.Sum(n => tenant[n].Count) >= devices)
                    break;
                taken.Add(name);
            }
            Assert.True(taken.Sum(n => tenant[n].Count) >= devices, "The seeded tenant has no free users for this test.");
            _used.UnionWith(taken);
            return taken;
        }

        private List<Ws1Device> TakeDevices(int count, Dictionary<string, List<Ws1Device>> tenant = null)
        {
            tenant = tenant ?? _devicesByUser;
            return TakeUsers(d => PlainEnrolled(d), count, tenant).SelectMany(n => tenant[n]).ToList();
        }

        /// <summary>Every write the simulator saw: commands, messages and deletes.</summary>
        private static async Task<List<JObject>> WritesAsync(TestSimulator sim) =>
            (await sim.JournalAsync()).Where(e => (string)e["Method"] != "GET").ToList();

        /// <summary>The device ids a write named: in its bulk body, or in its path.</summary>
        private static IEnumerable<long> Ids(JObject call)
        {
            string body = (string)call["Body"];
            if (!string.IsNullOrEmpty(body) && body.Contains("BulkValues"))
                return JObject.Parse(body)["BulkValues"]["Value"].Select(v => long.Parse((string)v));
            Match id = Regex.Match((string)call["Path"], @"/mdm/devices/(\d+)");
            return id.Success ? new[] { long.Parse(id.Groups[1].Value) } : Array.Empty<long>();
        }

        private static string Wire(JObject call) => (string)call["Method"] + " " + (string)call["Path"] + (string)call["Query"];

        private static void NoErrors(RunResult r) => Assert.Empty(r.AllErrors.Select(e => e.FullyQualifiedErrorId + ": " + e));

        private static string Status(PSObject o) => P(o, "Status").ToString();

        private static string Ids(IEnumerable<Ws1Device> devices) => string.Join(",", devices.Select(d => d.Id));

        private Task SetBulkLimitsAsync(object limits) => _sim.ControlAsync(HttpMethod.Post, "settings", new { BulkLimits = limits });

        [Fact]
        public async Task Each_command_goes_to_its_wire_form_in_bulk_requests_within_its_own_limit()
        {
            // Five devices each, and a different limit per bulksettings entry, so that each command shows which caps it:
            // soft reset and shutdown LockDevice's (3 + 2), messages SendMessage's (2 + 2 + 1), delete DeleteDevice's (4 + 1).
            // A chunk of one device goes to the device's own endpoint.
            await SetBulkLimitsAsync(new { LockDevice = 3, SendMessage = 2, DeleteDevice = 4, EnterpriseWipe = 1 });
            try
            {
                var expected = new (string Line, Func<long, string> Single, string Bulk, int Limit)[]
                {
                    ("Clear-Ws1DevicePasscode -Force", id => $"POST /API/mdm/devices/{id}/commands?command=ClearPasscode", null, 1),
                    ("Sync-Ws1Device", id => $"POST /API/mdm/devices/{id}/commands?command=DeviceQuery", null, 1),
                    ("Restart-Ws1Device -Force", id => $"POST /API/mdm/devices/{id}/commands?command=SoftReset", "POST /API/mdm/devices/commands/bulk?command=SoftReset&searchby=DeviceId", 3),
                    ("Restart-Ws1Device -Shutdown -Force", id => $"POST /API/mdm/devices/{id}/commands?command=Shutdown", "POST /API/mdm/devices/commands/bulk?command=Shutdown&searchby=DeviceId", 3),
                    ("Send-Ws1DeviceMessage -Type Email -Subject 'Update' -Message 'Tonight'", id => $"POST /API/mdm/devices/{id}/messages/email", "POST /API/mdm/devices/messages/bulkemail?searchby=DeviceId", 2),
                    ("Remove-Ws1Device -Force", id => $"DELETE /API/mdm/devices/{id}", "POST /API/mdm/devices/bulk?searchby=DeviceId", 4),
                };
                foreach (var (line, single, bulk, limit) in expected)
                {
                    List<Ws1Device> devices = TakeDevices(5).Take(5).ToList();
                    await _sim.ClearJournalAsync();

                    RunResult r = _ps.Run($"param($ids) Get-Ws1Device -Id $ids -AccountName A | {line}", Args("ids", devices.Select(d => d.Id).ToArray()));

                    NoErrors(r);
                    List<JObject> writes = await WritesAsync(_sim);
                    Assert.Equal(devices.Select(d => d.Id).OrderBy(i => i), writes.SelectMany(Ids).OrderBy(i => i)); // each device once
                    Assert.Equal((devices.Count + limit - 1) / limit, writes.Count);
                    foreach (JObject write in writes)
                    {
                        List<long> ids = Ids(write).ToList();
                        Assert.InRange(ids.Count, 1, limit);
                        Assert.Equal(ids.Count == 1 ? single(ids[0]) : bulk, Wire(write));
                    }
                    Assert.Equal(limit, Ids(writes[0]).Count());
                    Assert.Equal(devices.Count, r.Output.Count);
                    Assert.All(r.Output, o => Assert.Equal(line.StartsWith("Remove", StringComparison.Ordinal) ? "Deleted" : "Queued", Status(o)));
                    foreach (PSObject o in r.Output)
                        Assert.Equal((string)writes.Single(w => Ids(w).Contains((long)P(o, "DeviceId")))["CorrelationId"], (string)P(o, "CorrelationId"));
                }
            }
            finally
            {
                await SetBulkLimitsAsync(new { LockDevice = 200, SendMessage = 3000, DeleteDevice = 50 });
            }
        }

        [Fact]
        public async Task What_the_device_shows_afterwards_is_what_was_sent()
        {
            List<Ws1Device> devices = TakeDevices(2);
            RunResult sms = _ps.Run("param($ids) Send-Ws1DeviceMessage -DeviceId $ids -AccountName A -Type Sms -Message 'Call the service desk'", Args("ids", devices.Select(d => d.Id).ToArray()));
            NoErrors(sms);
            Assert.All(sms.Output, o => Assert.Equal("SmsMessage", P(o, "Command").ToString()));
            foreach (Ws1Device d in devices)
            {
                JObject state = await SimDeviceAsync(_sim, d.Id);
                JToken message = Assert.Single((JArray)state["Messages"]);
                Assert.Equal("sms", (string)message["Kind"]);
                Assert.Equal("Call the service desk", (string)message["MessageBody"]);
            }

            Ws1Device push = TakeDevices(1).First();
            NoErrors(_ps.Run("param($id) Send-Ws1DeviceMessage -DeviceId $id -AccountName A -ApplicationName 'IT' -Message 'Hello'", Args("id", push.Id)));
            JToken pushed = Assert.Single((JArray)(await SimDeviceAsync(_sim, push.Id))["Messages"]);
            Assert.Equal("push", (string)pushed["Kind"]);
            Assert.Equal("IT", (string)pushed["ApplicationName"]);

            List<Ws1Device> removed = TakeDevices(2);
            NoErrors(_ps.Run("param($ids) Remove-Ws1Device -DeviceId $ids -AccountName A -Force", Args("ids", removed.Select(d => d.Id).ToArray())));
            foreach (Ws1Device d in removed)
                Assert.True((bool)(await SimDeviceAsync(_sim, d.Id))["Deleted"]);
            RunResult gone = _ps.Run("param($id) Sync-Ws1Device -DeviceId $id -AccountName A", Args("id", removed[0].Id));
            ErrorRecord notFound = Assert.Single(gone.Errors);
            Assert.StartsWith("Ws1.DeviceNotFound", notFound.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, notFound.CategoryInfo.Category);

            Ws1Device synced = TakeDevices(1).First();
            NoErrors(_ps.Run("param($s) Sync-Ws1Device -SerialNumber $s -AccountName A", Args("s", synced.SerialNumber)));
            Assert.Contains(((JArray)(await SimDeviceAsync(_sim, synced.Id))["Commands"]).Select(c => (string)c["Command"]), c => c == "DeviceQuery");
        }

        [Theory]
        [MemberData(nameof(CommandLines))]
        public async Task WhatIf_sends_nothing(string line)
        {
            List<Ws1Device> devices = TakeDevices(2);
            await _sim.ClearJournalAsync();

            RunResult byUser = _ps.Run($"param($n) {line} -UserName $n -AccountName A -WhatIf", Args("n", devices[0].UserName));
            RunResult piped = _ps.Run($"param($ids) Get-Ws1Device -Id $ids -AccountName A | {line} -WhatIf", Args("ids", devices.Select(d => d.Id).ToArray()));

            NoErrors(byUser);
            NoErrors(piped);
            Assert.Empty(byUser.Output);
            Assert.Empty(piped.Output);
            Assert.Empty(await WritesAsync(_sim));
            Assert.DoesNotContain(await _sim.JournalAsync(), e => ((string)e["Path"]).EndsWith("bulksettings", StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public async Task Bulk_limits_that_cannot_be_read_are_a_warning_and_each_device_gets_its_own_request()
        {
            List<Ws1Device> devices = TakeDevices(2);
            Assert.Empty(_ps.TryConnect(_sim.Url, _sim.TenantCode, "Z", "-MaxRetryCount 0").AllErrors);
            await _sim.ClearJournalAsync();
            await _sim.AddFaultAsync(new { Kind = "Error500", Count = 1, Method = "GET", PathContains = "bulksettings" });

            RunResult r = _ps.Run("param($n) Lock-Ws1UserDevice -UserName $n -AccountName Z -Confirm:$false", Args("n", devices.Select(d => d.UserName).Distinct().ToArray()));

            NoErrors(r);
            Assert.Contains(r.Warnings, w => w.Contains("bulk command limits of account 'Z' could not be read, so each device gets its own request"));
            Assert.All(r.Output, o => Assert.Equal("Queued", o.Properties["Status"].Value.ToString()));
            List<JObject> writes = await WritesAsync(_sim);
            Assert.Equal(devices.Count, writes.Count);
            Assert.DoesNotContain(writes, w => ((string)w["Path"]).Contains("/bulk", StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public async Task A_user_name_acts_on_exactly_that_user_never_on_a_partial_match()
        {
            List<long> ann = _devicesByUser[Ann].Where(d => d.EnrollmentStatus == "Enrolled").Select(d => d.Id).OrderBy(i => i).ToList();
            Assert.NotEmpty(ann);
            foreach (string line in Commands.Select(c => (string)c[0]))
            {
                await _sim.ClearJournalAsync();
                string max = line.StartsWith("Remove", StringComparison.Ordinal) ? " -MaxDevices 100" : string.Empty;
                RunResult r = _ps.Run($"param($n) {line} -UserName $n -AccountName A{max}", Args("n", Ann));
                NoErrors(r);
                List<long> sent = (await WritesAsync(_sim)).SelectMany(Ids).OrderBy(i => i).ToList();
                // Delete takes every device of the user; the commands only the enrolled ones (ann's are enrolled or skipped).
                Assert.Equal(line.StartsWith("Remove", StringComparison.Ordinal) ? _devicesByUser[Ann].Select(d => d.Id).OrderBy(i => i).ToList() : ann, sent);
                Assert.All(r.Output, o => Assert.Equal(Ann, (string)P(o, "UserName")));
            }
            foreach (Ws1Device d in _devicesByUser[Joann])
            {
                JObject state = await SimDeviceAsync(_sim, d.Id);
                Assert.False((bool)state["Deleted"]);
                Assert.Empty((JArray)state["Commands"]);
                Assert.Empty((JArray)state["Messages"]);
            }
        }

        [Theory]
        [MemberData(nameof(Commands))]
        public async Task A_device_piped_from_another_account_is_acted_on_there(string line, string wire)
        {
            List<Ws1Device> a = TakeDevices(1).Take(1).ToList();
            List<Ws1Device> b = TakeDevices(1, _devicesByUserB).Take(1).ToList();
            await _sim.ClearJournalAsync();
            await _simB.ClearJournalAsync();

            RunResult r = _ps.Run($"param($a, $b) @(Get-Ws1Device -Id $a -AccountName A) + @(Get-Ws1Device -Id $b -AccountName B) | {line}",
                Args("a", a[0].Id, "b", b[0].Id));

            NoErrors(r);
            Assert.Equal(new[] { a[0].Id }, (await WritesAsync(_sim)).SelectMany(Ids));
            Assert.Equal(new[] { b[0].Id }, (await WritesAsync(_simB)).SelectMany(Ids));
            Assert.Contains(wire.ToLowerInvariant(), Wire((await WritesAsync(_simB)).Single()).ToLowerInvariant());
            Assert.Equal(b[0].Id, (long)P(r.Output.Single(o => (string)P(o, "AccountName") == "B"), "DeviceId"));
            Assert.Equal(a[0].Id, (long)P(r.Output.Single(o => (string)P(o, "AccountName") == "A"), "DeviceId"));

            // -AccountName names the one account: a device of another is refused, not acted on there.
            Ws1Device other = TakeDevices(1, _devicesByUserB).First();
            await _simB.ClearJournalAsync();
            RunResult refused = _ps.Run($"param($b) Get-Ws1Device -Id $b -AccountName B | {line} -AccountName A", Args("b", other.Id));
            Assert.StartsWith("Ws1.AccountMismatch", Assert.Single(refused.Errors).FullyQualifiedErrorId);
            Assert.Empty(await WritesAsync(_simB));
        }

        [Fact]
        public async Task Remove_stops_before_the_first_delete_when_more_than_MaxDevices_would_go()
        {
            List<Ws1Device> devices = TakeDevices(3).Take(3).ToList();
            await _sim.ClearJournalAsync();

            RunResult r = _ps.Run("param($ids) Get-Ws1Device -Id $ids -AccountName A | Remove-Ws1Device -MaxDevices 2 -Force", Args("ids", devices.Select(d => d.Id).ToArray()));

            ErrorRecord stop = Assert.Single(r.AllErrors);
            Assert.StartsWith("Ws1.TooManyDevices", stop.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.LimitsExceeded, stop.CategoryInfo.Category);
            Assert.Contains("would delete 3 devices", stop.Exception.Message);
            Assert.Contains("-MaxDevices 3", stop.Exception.Message);
            Assert.Empty(r.Output);
            Assert.Empty(await WritesAsync(_sim));
            Assert.Equal(10, (int)_ps.Run("(Get-Command Remove-Ws1Device).ImplementingType.GetField('DefaultMaxDevices').GetValue($null)").Output.Single().BaseObject);

            // An unenrolled device is deleted too: delete is the one action that needs no enrolled device.
            Ws1Device unenrolled = _devicesByUser.Values.SelectMany(d => d).First(d => d.EnrollmentStatus == "Unenrolled" && !_used.Contains(d.UserName));
            _used.Add(unenrolled.UserName);
            RunResult deleted = _ps.Run("param($id) Remove-Ws1Device -DeviceId $id -AccountName A -Force", Args("id", unenrolled.Id));
            NoErrors(deleted);
            Assert.Equal("Deleted", Status(Assert.Single(deleted.Output)));
        }

        [Theory]
        [InlineData("Clear-Ws1DevicePasscode -Force", "clear a device's passcode", "Clear Passcode")]
        [InlineData("Sync-Ws1Device", "query (sync) a device", "Query")]
        [InlineData("Restart-Ws1Device -Force", "restart a device", "Reboot")]
        [InlineData("Restart-Ws1Device -Shutdown -Force", "shut down a device", "Shutdown")]
        [InlineData("Send-Ws1DeviceMessage -Message 'Hello'", "send a message to a device", "Send Message")]
        [InlineData("Remove-Ws1Device -Force", "delete a device", "Delete Device")]
        public async Task A_403_names_the_permissions_of_the_action(string line, string action, string row)
        {
            List<Ws1Device> devices = TakeDevices(2);
            await _sim.ClearJournalAsync();

            RunResult r = _ps.Run($"param($ids) {line} -DeviceId $ids -AccountName HD", Args("ids", devices.Select(d => d.Id).ToArray()));

            ErrorRecord denied = Assert.Single(r.Errors);
            Assert.StartsWith("Ws1.PermissionDenied", denied.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.PermissionDenied, denied.CategoryInfo.Category);
            Assert.Contains(action, denied.Exception.Message);
            Assert.Contains($"Device Management > Device Details > {row} (Edit)", denied.Exception.Message);
            Assert.Contains("API > REST > Devices (Read and Edit)", denied.Exception.Message);
            Assert.All(r.Output, o => Assert.Equal("Failed", Status(o)));
            Assert.Equal(devices.Count, r.Output.Count);
            Assert.Single(await WritesAsync(_sim)); // the first 403 stops the account
            foreach (Ws1Device d in devices)
            {
                JObject state = await SimDeviceAsync(_sim, d.Id);
                Assert.False((bool)state["Deleted"]);
                Assert.Empty((JArray)state["Commands"]);
            }
        }

        [Theory]
        [InlineData("Clear-Ws1DevicePasscode -Force", "POST", "command=ClearPasscode")]
        [InlineData("Sync-Ws1Device", "POST", "command=DeviceQuery")]
        [InlineData("Restart-Ws1Device -Force", "POST", "commands/bulk")]
        [InlineData("Restart-Ws1Device -Shutdown -Force", "POST", "commands/bulk")]
        [InlineData("Send-Ws1DeviceMessage -Type Push -Message 'Hello'", "POST", "messages/bulkpush")]
        [InlineData("Remove-Ws1Device -Force", "POST", "devices/bulk")]
        [InlineData("Remove-Ws1Device -Force", "DELETE", "mdm/devices/")]
        public async Task A_write_refused_before_is_resent_once_and_one_that_may_have_happened_is_never_resent(string line, string method, string path)
        {
            // DELETE goes one device at a time: give it one device; the others two, for their bulk form.
            int count = method == "DELETE" || !path.Contains("bulk") ? 1 : 2;

            // 429: the server proves it did nothing, so the write goes again, and is carried out once.
            List<Ws1Device> first = TakeDevices(count).Take(count).ToList();
            await _sim.ClearJournalAsync();
            await _sim.AddFaultAsync(new { Kind = "Throttle429", Count = 1, Method = method, PathContains = path });
            RunResult retried = _ps.Run($"param($ids) {line} -DeviceId $ids -AccountName A", Args("ids", first.Select(d => d.Id).ToArray()));
            NoErrors(retried);
            List<JObject> writes = await WritesAsync(_sim);
            Assert.Equal(new[] { 429, line.StartsWith("Remove", StringComparison.Ordinal) ? 200 : (path.Contains("bulk") ? 200 : 202) }, writes.Select(w => (int)w["Status"]));
            Assert.All(retried.Output, o => Assert.NotEqual("Failed", Status(o)));
            Assert.Equal(count, retried.Output.Count);

            // 500 after the server carried it out: the outcome is unknown, and it is not sent again.
            List<Ws1Device> second = TakeDevices(count).Take(count).ToList();
            await _sim.ClearJournalAsync();
            await _sim.AddFaultAsync(new { Kind = "Error500", Count = 1, Method = method, PathContains = path, Phase = "After" });
            RunResult unknown = _ps.Run($"param($ids) {line} -DeviceId $ids -AccountName A", Args("ids", second.Select(d => d.Id).ToArray()));
            JObject call = Assert.Single(await WritesAsync(_sim));
            Assert.Equal(500, (int)call["Status"]);
            Assert.Equal(count, unknown.Output.Count);
            Assert.All(unknown.Output, o => Assert.StartsWith("Outcome unknown", (string)P(o, "Message")));
            Assert.All(unknown.Output, o => Assert.Equal((string)call["CorrelationId"], (string)P(o, "CorrelationId")));
            Assert.StartsWith("Ws1.OutcomeUnknown", Assert.Single(unknown.Errors).FullyQualifiedErrorId);
            // It did happen: a resend would have done it twice.
            JObject state = await SimDeviceAsync(_sim, second[0].Id);
            Assert.True((bool)state["Deleted"] || ((JArray)state["Commands"]).Count == 1);
        }

        [Theory]
        [InlineData("Sms", 161, "", "160")]
        [InlineData("Push", 2001, "", "2,000")]
        [InlineData("Email", 4001, "", "4,000")]
        [InlineData("Email", 10, "-Subject ('s' * 256)", "255")]
        [InlineData("Push", 10, "-ApplicationName ('a' * 256)", "255")]
        public async Task A_message_too_long_for_the_API_is_refused_before_anything_is_sent(string type, int length, string more, string limit)
        {
            Ws1Device device = TakeDevices(1).First();
            await _sim.ClearJournalAsync();

            RunResult r = _ps.Run($"param($id, $n) Send-Ws1DeviceMessage -DeviceId $id -AccountName A -Type {type} -Message ('x' * $n) {more}", Args("id", device.Id, "n", length));

            ErrorRecord tooLong = Assert.Single(r.AllErrors);
            Assert.StartsWith("Ws1.ValueTooLong", tooLong.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, tooLong.CategoryInfo.Category);
            Assert.Contains("at most", tooLong.Exception.Message);
            Assert.Contains($"at most {limit}", tooLong.Exception.Message);
            Assert.Empty(r.Output);
            Assert.Empty(await _sim.JournalAsync()); // not even the device was read

            RunResult misplaced = _ps.Run("param($id) Send-Ws1DeviceMessage -DeviceId $id -AccountName A -Type Sms -Subject 'Hi' -Message 'x'", Args("id", device.Id));
            Assert.StartsWith("Ws1.InvalidMessage", Assert.Single(misplaced.AllErrors).FullyQualifiedErrorId);
            Assert.Empty(await _sim.JournalAsync());
        }

        [Fact]
        public async Task Lock_and_wipe_take_devices_piped_or_by_id_or_serial_number_under_the_same_rules()
        {
            List<Ws1Device> devices = TakeDevices(3).Take(3).ToList();
            Ws1Device unenrolled = _devicesByUser.Values.SelectMany(d => d).First(d => d.EnrollmentStatus == "Unenrolled" && !_used.Contains(d.UserName));
            _used.Add(unenrolled.UserName);
            await _sim.ClearJournalAsync();

            RunResult piped = _ps.Run("param($ids) Get-Ws1Device -Id $ids -AccountName A | Lock-Ws1UserDevice", Args("ids", new[] { devices[0].Id, unenrolled.Id }));
            RunResult byId = _ps.Run("param($id) Lock-Ws1UserDevice -DeviceId $id -AccountName A", Args("id", devices[1].Id));
            RunResult bySerial = _ps.Run("param($s) Lock-Ws1UserDevice -SerialNumber $s -AccountName A", Args("s", devices[2].SerialNumber));

            foreach (RunResult r in new[] { piped, byId, bySerial })
                NoErrors(r);
            Assert.Equal("Queued", Status(piped.Output.Single(o => (long)P(o, "DeviceId") == devices[0].Id)));
            PSObject skipped = piped.Output.Single(o => (long)P(o, "DeviceId") == unenrolled.Id);
            Assert.Equal("Skipped", Status(skipped));
            Assert.Contains("not enrolled", (string)P(skipped, "Message"));
            Assert.Equal(devices.Select(d => d.Id).OrderBy(i => i), (await CommandCallsAsync(_sim)).SelectMany(SentIds).OrderBy(i => i));
            foreach (Ws1Device d in devices)
                Assert.Equal(1, (int)(await SimDeviceAsync(_sim, d.Id))["LockCount"]);
            // The devices given by id and serial number were read first.
            Assert.Contains(await _sim.JournalAsync(), e => (string)e["Path"] == $"/API/mdm/devices/{devices[1].Id}");
            Assert.Contains(await _sim.JournalAsync(), e => ((string)e["Query"] ?? string.Empty).Contains(devices[2].SerialNumber));

            RunResult missing = _ps.Run("Lock-Ws1UserDevice -SerialNumber 'NO-SUCH-SERIAL' -AccountName A; Lock-Ws1UserDevice -DeviceId 999999 -AccountName A");
            Assert.Equal(2, missing.Errors.Count);
            Assert.All(missing.Errors, e => Assert.StartsWith("Ws1.DeviceNotFound", e.FullyQualifiedErrorId));
            Assert.All(missing.Errors, e => Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category));

            // Wipe: -MaxDevices counts devices given directly too, and a wipe goes to the device's own account.
            List<Ws1Device> wipe = TakeDevices(3).Take(3).ToList();
            Ws1Device inB = TakeDevices(1, _devicesByUserB).First();
            await _sim.ClearJournalAsync();
            await _simB.ClearJournalAsync();
            RunResult tooMany = _ps.Run("param($ids) Invoke-Ws1UserDeviceWipe -DeviceId $ids -AccountName A -WipeType Enterprise -MaxDevices 2 -Force", Args("ids", wipe.Select(d => d.Id).ToArray()));
            Assert.StartsWith("Ws1.TooManyDevices", Assert.Single(tooMany.AllErrors).FullyQualifiedErrorId);
            Assert.Empty(await WritesAsync(_sim));

            RunResult wiped = _ps.Run("param($ids, $b) @(Get-Ws1Device -Id $ids -AccountName A) + @(Get-Ws1Device -Id $b -AccountName B) | Invoke-Ws1UserDeviceWipe -WipeType Enterprise -Force",
                Args("ids", wipe.Select(d => d.Id).ToArray(), "b", inB.Id));
            NoErrors(wiped);
            Assert.Equal(wipe.Select(d => d.Id).OrderBy(i => i), (await CommandCallsAsync(_sim)).SelectMany(SentIds).OrderBy(i => i));
            Assert.Equal(new[] { inB.Id }, (await CommandCallsAsync(_simB)).SelectMany(SentIds));
            Assert.All(wiped.Output, o => Assert.Equal("Queued", Status(o)));
            foreach (Ws1Device d in wipe)
                Assert.Equal("EnterpriseWipePending", (string)(await SimDeviceAsync(_sim, d.Id))["EnrollmentStatus"]);

            // A user-change cmdlet still refuses a piped device.
            RunResult userChange = _ps.Run("param($id) Get-Ws1Device -Id $id -AccountName A | Disable-Ws1User -Confirm:$false", Args("id", devices[0].Id));
            Assert.StartsWith("Ws1.DeviceInput", Assert.Single(userChange.Errors).FullyQualifiedErrorId);
        }
    }
}
