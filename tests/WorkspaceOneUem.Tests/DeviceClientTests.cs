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
    /// <summary>The device and app client against the simulator, without a runspace.</summary>
    public sealed class DeviceClientTests : IAsyncLifetime
    {
        private TestSimulator _sim;
        private Ws1Session _session;

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: 600, seed: 21);
            _session = await _sim.ConnectAsync();
        }

        public async Task DisposeAsync()
        {
            _session.Dispose();
            await _sim.DisposeAsync();
        }

        private async Task<JObject> SimDeviceAsync(long id) => (JObject)await _sim.ControlAsync(HttpMethod.Get, $"devices/{id}");

        [Fact]
        public async Task Search_reads_every_page_once_and_parses_v1_types()
        {
            await _sim.ClearJournalAsync();
            List<Ws1Device> devices = _session.Devices.SearchAsync(null, CancellationToken.None).Sync().ToList();
            var stats = (JObject)await _sim.ControlAsync(HttpMethod.Get, "stats");
            Assert.True((int)stats["Devices"] > 500, "the tenant must need more than one page");
            Assert.Equal((int)stats["Devices"], devices.Count);
            Assert.Equal(devices.Count, devices.Select(d => d.Id).Distinct().Count());
            Assert.Equal(2, (await _sim.JournalAsync()).Count(e => ((string)e["Path"]).EndsWith("devices/search", StringComparison.OrdinalIgnoreCase)));

            // Compare one record with the raw wire text: nested ids, the zone-less date, the ownership letter.
            Ws1Device device = devices[17];
            JObject raw = await RawAsync($"/api/mdm/devices/{device.Id}");
            Assert.Equal((long)raw["LocationGroupId"]["Id"]["Value"], device.OrganizationGroupId);
            Assert.Equal((string)raw["UserName"], device.UserName);
            Assert.Equal((string)raw["UserEmailAddress"], device.UserEmail);
            Assert.Equal((string)raw["DeviceFriendlyName"], device.FriendlyName);
            string lastSeen = (string)raw["LastSeen"];
            Assert.DoesNotContain("Z", lastSeen);
            Assert.NotNull(device.LastSeen);
            Assert.Equal(DateTimeKind.Unspecified, device.LastSeen.Value.Kind);
            Assert.Equal(lastSeen, device.LastSeen.Value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture));
            string letter = (string)raw["Ownership"];
            Assert.Equal(letter == "C" ? Ws1DeviceOwnership.CorporateDedicated : letter == "E" ? Ws1DeviceOwnership.EmployeeOwned : Ws1DeviceOwnership.CorporateShared, device.Ownership);
            Assert.Equal("sim", device.AccountName);
        }

        private async Task<JObject> RawAsync(string path)
        {
            using var http = new HttpClient();
            var request = new HttpRequestMessage(HttpMethod.Get, _sim.Url + path);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{TestSimulator.AdminUser}:{TestSimulator.AdminPassword}")));
            request.Headers.Add("aw-tenant-code", _sim.TenantCode);
            string text = await (await http.SendAsync(request)).Content.ReadAsStringAsync();
            using var reader = new Newtonsoft.Json.JsonTextReader(new System.IO.StringReader(text)) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
            return JObject.Load(reader);
        }

        /// <summary>
        /// Wipes 60 enrolled devices and returns how many wipes the log holds: more than its default page of 50, so a
        /// client whose page size the server ignored would see only 50.
        /// </summary>
        private async Task<int> WipeSixtyAsync()
        {
            foreach (Ws1Device device in _session.Devices.SearchAsync(null, CancellationToken.None).Sync().Where(d => d.EnrollmentStatus == "Enrolled").Take(60).ToList())
                await _session.Devices.SendCommandAsync(device, Ws1DeviceCommand.EnterpriseWipe, null, CancellationToken.None);
            int logged = ((JArray)await _sim.ControlAsync(HttpMethod.Get, "device-wipes")).Count;
            Assert.True(logged > 50, $"{logged} wipes logged");
            return logged;
        }

        [Fact]
        public async Task The_wipe_log_is_read_with_its_own_paging_names_and_every_entry_comes_back()
        {
            int logged = await WipeSixtyAsync();
            await _sim.ClearJournalAsync();

            List<Ws1DeviceWipe> wipes = _session.WipeProtection.ListAsync("570", null, CancellationToken.None).Sync().ToList();

            Assert.Equal(logged, wipes.Count);
            string query = (string)Assert.Single(await _sim.JournalAsync(), e => ((string)e["Path"]).EndsWith("/device-wipes"))["Query"];
            Assert.Contains("page=0", query);
            Assert.Contains("page_size=500", query);
            Assert.DoesNotContain("pagesize", query);
        }

        [Fact]
        public async Task The_simulated_wipe_log_pages_by_page_size_50_by_default_at_most_500_and_ignores_pagesize()
        {
            int logged = await WipeSixtyAsync();

            foreach ((string query, int size, int count) in new[] { ("pagesize=500", 50, 50), ("", 50, 50), ("page_size=1000", 500, logged), ("page_size=7&page=1", 7, 7) })
            {
                JObject answer = await RawAsync("/api/system/groups/570/device-wipes?" + query);
                Assert.Equal(size, (int)answer["page_size"]);
                Assert.Equal(count, ((JArray)answer["device_wipes"]).Count);
                Assert.Equal(logged, (int)answer["total"]);
                Assert.Null(answer["DeviceWipes"]);
            }
        }

        [Fact]
        public async Task A_wipe_log_page_that_does_not_say_its_size_is_full_at_the_operations_default()
        {
            // A server that ignores page_size and reports neither size nor total: 50, 50, then 20 entries.
            static string Page(int first, int count) => "{\"device_wipes\":[" + string.Join(",", Enumerable.Range(first, count).Select(id =>
                $"{{\"DeviceId\":{id},\"WipeType\":\"EnterpriseWipe\",\"Status\":\"HELD\",\"RequestedOn\":\"2026-11-28T10:00:00\"}}")) + "]}";
            using var server = new CannedServer(pathAndQuery =>
                pathAndQuery.Contains("page=0") ? Page(1, 50) : pathAndQuery.Contains("page=1") ? Page(51, 50) : pathAndQuery.Contains("page=2") ? Page(101, 20) : "{\"device_wipes\":[]}");
            using Ws1Session session = await server.ConnectAsync(_sim.BasicSettings());

            List<Ws1DeviceWipe> wipes = session.WipeProtection.ListAsync("og-uuid", null, CancellationToken.None).Sync().ToList();

            Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), wipes.Select(w => w.DeviceId));
            Assert.Equal(3, server.Requests.Count(r => r.Contains("/device-wipes")));
        }

        [Fact]
        public async Task Gets_one_device_by_id_and_by_serial_number_and_says_not_found()
        {
            Ws1Device any = _session.Devices.SearchAsync(null, CancellationToken.None).Sync().Skip(40).First();
            await _sim.ClearJournalAsync();
            Ws1Device bySerial = await _session.Devices.GetBySerialNumberAsync(any.SerialNumber, CancellationToken.None);
            Assert.Equal(any.Id, bySerial.Id);
            // (A page the search fetched ahead may still land in the journal: look for the lookup itself.)
            JObject call = (await _sim.JournalAsync()).Single(e => (string)e["Path"] == "/API/mdm/devices");
            Assert.Equal($"?searchby=Serialnumber&id={any.SerialNumber}", (string)call["Query"]);

            Assert.Equal(any.Uuid, (await _session.Devices.GetAsync(any.Id, CancellationToken.None)).Uuid);
            var missing = await Assert.ThrowsAsync<Ws1ApiException>(() => _session.Devices.GetBySerialNumberAsync("NOSUCHSERIAL", CancellationToken.None));
            Assert.Equal(Ws1ErrorKind.NotFound, missing.Kind);
            Assert.Contains("NOSUCHSERIAL", missing.Message);
        }

        [Fact]
        public async Task Bulk_lock_sends_BulkValues_and_reports_failed_items()
        {
            List<Ws1Device> devices = _session.Devices.SearchAsync(null, CancellationToken.None).Sync().ToList();
            Ws1Device enrolled = devices.First(d => d.EnrollmentStatus == "Enrolled" && !d.IsMacOS);
            Ws1Device unenrolled = devices.First(d => d.EnrollmentStatus == "Unenrolled");
            Ws1BulkCommandLimits limits = await _session.Devices.GetBulkLimitsAsync(CancellationToken.None);
            Assert.Equal(200, limits.LockDevice);
            Assert.Equal(50, limits.EnterpriseWipe);

            await _sim.ClearJournalAsync();
            Ws1BulkCommandResponse response = await _session.Devices.SendBulkCommandAsync(Ws1DeviceCommand.Lock, new[] { enrolled.Id, unenrolled.Id }, CancellationToken.None);
            Assert.Equal(2, response.TotalItems);
            Assert.Equal(1, response.AcceptedItems);
            Assert.Equal(1, response.FailedItems);
            Assert.Equal(unenrolled.Id.ToString(), response.Faults.Fault.Single().ItemValue);
            Assert.NotNull(response.CorrelationId);

            JObject call = (await _sim.JournalAsync()).Single();
            Assert.Equal("/API/mdm/devices/commands/bulk", (string)call["Path"]);
            Assert.Equal("?command=LockDevice&searchby=DeviceId", (string)call["Query"]);
            Assert.Equal(new[] { enrolled.Id.ToString(), unenrolled.Id.ToString() }, JObject.Parse((string)call["Body"])["BulkValues"]["Value"].Select(v => (string)v));
            Assert.Equal(1, (int)(await SimDeviceAsync(enrolled.Id))["LockCount"]);

            // v1 has no bulk DeviceWipe: refused before anything is sent.
            await _sim.ClearJournalAsync();
            await Assert.ThrowsAsync<ArgumentException>(() => _session.Devices.SendBulkCommandAsync(Ws1DeviceCommand.DeviceWipe, new[] { enrolled.Id }, CancellationToken.None));
            Assert.Empty(await _sim.JournalAsync());
        }

        [Fact]
        public async Task Apps_of_the_catalogue_and_of_a_device()
        {
            List<Ws1App> mail = _session.Apps.SearchAsync(new AppSearch { Name = "Mail" }, CancellationToken.None).Sync().ToList();
            Assert.NotEmpty(mail);
            Assert.All(mail, a => Assert.Contains("Mail", a.Name));
            Assert.All(mail, a => Assert.Contains(a.Platform, new[] { "Apple", "Android", "WinRT", "AppleOsX" }));
            Assert.Equal(300, _session.Apps.SearchAsync(null, CancellationToken.None).Sync().Count());

            Ws1Device device = _session.Devices.SearchAsync(null, CancellationToken.None).Sync().First();
            List<Ws1DeviceApp> apps = _session.Apps.OnDeviceAsync(device.Id, CancellationToken.None).Sync().ToList();
            JObject raw = await RawAsync($"/api/mdm/devices/{device.Id}/apps");
            Assert.Equal(raw["DeviceApps"]?.Count() ?? 0, apps.Count);
            Assert.All(apps, a => Assert.Equal(device.Id, a.DeviceId));
        }

        [Fact]
        public void Skip_reasons_follow_the_enrollment_status()
        {
            Assert.Null(DeviceCommandRules.SkipReason(new Ws1Device { EnrollmentStatus = "Enrolled" }, Ws1DeviceCommand.Lock));
            Assert.Contains("already pending", DeviceCommandRules.SkipReason(new Ws1Device { EnrollmentStatus = "EnterpriseWipePending" }, Ws1DeviceCommand.Lock));
            Assert.Contains("already pending", DeviceCommandRules.SkipReason(new Ws1Device { EnrollmentStatus = "DeviceWipePending" }, Ws1DeviceCommand.Lock));
            Assert.Contains("not enrolled", DeviceCommandRules.SkipReason(new Ws1Device { EnrollmentStatus = "Unenrolled" }, Ws1DeviceCommand.Lock));
            Assert.Contains("not enrolled", DeviceCommandRules.SkipReason(new Ws1Device(), Ws1DeviceCommand.Lock));
            // Every command the device carries out needs it enrolled; deleting the record does not.
            Assert.Contains("not enrolled", DeviceCommandRules.SkipReason(new Ws1Device { EnrollmentStatus = "Unenrolled" }, Ws1DeviceCommand.SmsMessage));
            Assert.Null(DeviceCommandRules.SkipReason(new Ws1Device { EnrollmentStatus = "Unenrolled" }, Ws1DeviceCommand.Delete));
            Assert.Null(DeviceCommandRules.SkipReason(new Ws1Device { EnrollmentStatus = "DeviceWipePending" }, Ws1DeviceCommand.Delete));
            Assert.True(DeviceCommandRules.IsValidUnlockPin(TestSimulator.Secure("123456")));
            Assert.False(DeviceCommandRules.IsValidUnlockPin(TestSimulator.Secure("12345")));
            Assert.False(DeviceCommandRules.IsValidUnlockPin(TestSimulator.Secure("12345a")));
        }

        [Fact]
        public async Task Test_connection_probes_reads_and_marks_actions_not_probed()
        {
            Ws1ConnectionTest test = await _session.TestAsync(CancellationToken.None);
            Assert.True(test.Reachable);
            Assert.True(test.Authenticated);
            Assert.True(test.CanReadUsers && test.CanReadDevices && test.CanReadApps);
            Assert.False(string.IsNullOrEmpty(test.ProductVersion));
            Assert.NotNull(test.RateLimit);
            Assert.True(test.RateLimitRemaining <= test.RateLimit);
            Ws1ConnectionCheck wipe = test.Checks.Single(c => c.Name == "Wipe a device");
            Assert.Equal(Ws1CheckResult.NotProbed, wipe.Result);
            Assert.Contains("Device Management > Device Details > Device Wipe (Edit)", wipe.RequiredPermissions);
            Assert.Equal(Ws1CheckResult.NotProbed, test.Checks.Single(c => c.Name == "Lock a device").Result);

            // The probes are the smallest reads: one record each, never a write.
            await _sim.ClearJournalAsync();
            await _session.TestAsync(CancellationToken.None);
            List<JObject> calls = (await _sim.JournalAsync()).ToList();
            Assert.All(calls, c => Assert.Equal("GET", (string)c["Method"]));
            Assert.All(calls.Where(c => ((string)c["Path"]).EndsWith("/search")), c => Assert.Contains("pagesize=1", (string)c["Query"]));
        }
    }
}
