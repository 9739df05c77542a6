using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Simulator;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// The simulator's device actions over plain HTTP, without the module: every command, bulk limits, platform
    /// refusals, messages, delete, the wipe log and wipe protection, and devices that move on as (injected) time passes.
    /// </summary>
    public sealed class SimulatorDeviceCommandTests : IAsyncLifetime
    {
        private static readonly HttpClient Http = new HttpClient();
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

        private readonly ManualClock _clock = new ManualClock(Start);
        private readonly HashSet<long> _used = new HashSet<long>();
        private TestSimulator _sim;
        private List<JObject> _devices;

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: 300, seed: 9, configure: o => o.Clock = _clock);
            _devices = ((JArray)(await CallAsync(HttpMethod.Get, "/api/mdm/devices/search")).Body["Devices"]).Cast<JObject>().ToList();
        }

        public async Task DisposeAsync() => await _sim.DisposeAsync();

        // ---- helpers -----------------------------------------------------------------------------

        private sealed class Answer
        {
            public int Status;
            public string Text;
            public JToken Body;
        }

        private Task<Answer> CallAsync(HttpMethod method, string path, object body = null, TestSimulator on = null) =>
            CallAsAsync(TestSimulator.AdminUser, TestSimulator.AdminPassword, method, path, body, on);

        private async Task<Answer> CallAsAsync(string user, string password, HttpMethod method, string path, object body = null, TestSimulator on = null)
        {
            TestSimulator sim = on ?? _sim;
            using var request = new HttpRequestMessage(method, sim.Url + path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
            request.Headers.Add("aw-tenant-code", sim.TenantCode);
            request.Headers.Accept.ParseAdd("application/json;version=1");
            if (body != null)
                request.Content = new StringContent(body as string ?? JsonConvert.SerializeObject(body), Encoding.UTF8, "application/json");
            using HttpResponseMessage response = await Http.SendAsync(request);
            string text = await response.Content.ReadAsStringAsync();
            return new Answer { Status = (int)response.StatusCode, Text = text, Body = text.Length == 0 ? null : Parse(text) };
        }

        private static JToken Parse(string text)
        {
            using var reader = new JsonTextReader(new System.IO.StringReader(text)) { DateParseHandling = DateParseHandling.None };
            return JToken.Load(reader);
        }

        private static long Id(JObject device) => (long)device["Id"]["Value"];

        /// <summary>A device no other test has used, enrolled unless told otherwise, meeting the condition.</summary>
        private JObject Take(Func<JObject, bool> condition = null, string status = "Enrolled", string platform = null)
        {
            JObject device = _devices.FirstOrDefault(d => !_used.Contains(Id(d)) && (string)d["EnrollmentStatus"] == status
                && (platform == null ? (string)d["Platform"] != "AppleOsX" : (string)d["Platform"] == platform) && (condition?.Invoke(d) ?? true));
            Assert.True(device != null, "The seeded tenant has no free device for this test.");
            _used.Add(Id(device));
            return device;
        }

        private async Task<JObject> SimDeviceAsync(long id) => (JObject)await _sim.ControlAsync(HttpMethod.Get, $"devices/{id}");

        private Task SettingsAsync(object settings) => _sim.ControlAsync(HttpMethod.Post, "settings", settings);

        private static void AssertError(Answer a, int status, int errorCode)
        {
            Assert.True(a.Status == status, $"expected {status}, got {a.Status}: {a.Text}");
            Assert.Equal(errorCode, (int)a.Body["errorCode"]);
            Assert.False(string.IsNullOrEmpty((string)a.Body["activityId"]));
        }

        private static void AssertAccepted(Answer a)
        {
            Assert.True(a.Status == 202, $"expected 202, got {a.Status}: {a.Text}");
            Assert.Equal("", a.Text);
        }

        private static object BulkBody(params object[] values) => new { BulkValues = new { Value = values } };

        private static string Ws(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);

        private async Task<List<JObject>> WipeLogAsync(string query = "")
        {
            Answer a = await CallAsync(HttpMethod.Get, "/api/system/groups/570/device-wipes?page_size=500" + query);
            if (a.Status == 204)
                return new List<JObject>();
            Assert.Equal(200, a.Status);
            return ((JArray)a.Body["device_wipes"]).Cast<JObject>().ToList();
        }

        private async Task<JObject> UnlockAndAllowAsync(int threshold)
        {
            Assert.Equal(200, (await CallAsync(HttpMethod.Put, "/api/system/groups/570/device-wipe-lock")).Status);
            await SettingsAsync(new { WipeThreshold = threshold });
            return (JObject)(await CallAsync(HttpMethod.Get, "/api/system/groups/570/device-wipe-lock")).Body;
        }

        // ---- commands ----------------------------------------------------------------------------

        [Fact]
        public async Task Every_command_is_queued_with_202_and_an_empty_body_by_id_and_by_serial_number()
        {
            await SettingsAsync(new { WipeThreshold = 0 });
            foreach (string command in new[] { "Lock", "EnterpriseWipe", "DeviceWipe", "DeviceQuery", "ClearPasscode", "SyncDevice", "SoftReset", "Shutdown" })
            {
                JObject byId = Take();
                AssertAccepted(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(byId)}/commands?command={command}"));
                JObject bySerial = Take();
                AssertAccepted(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/commands?command={command.ToLowerInvariant()}&searchBy=Serialnumber&id={bySerial["SerialNumber"]}"));

                foreach (JObject device in new[] { byId, bySerial })
                {
                    JObject state = await SimDeviceAsync(Id(device));
                    JObject queued = (JObject)Assert.Single((JArray)state["Commands"]);
                    Assert.Equal(command, (string)queued["Command"]);
                    Assert.Equal("Pending", (string)queued["Status"]);
                    string expected = command == "DeviceWipe" ? "DeviceWipePending" : command == "EnterpriseWipe" ? "EnterpriseWipePending" : "Enrolled";
                    Assert.Equal(expected, (string)state["EnrollmentStatus"]);
                }
            }

            JObject other = Take();
            AssertError(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(other)}/commands?command=StopAirPlay"), 400, 5103);
            AssertError(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(other)}/commands?command=ScheduleOsUpdate"), 400, 5103);
            AssertError(await CallAsync(HttpMethod.Post, "/api/mdm/devices/99999999/commands?command=SyncDevice"), 404, 1002);
            AssertError(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(Take(status: "Unenrolled"))}/commands?command=SoftReset"), 400, 5101);
            Assert.Empty((JArray)(await SimDeviceAsync(Id(other)))["Commands"]);
        }

        [Fact]
        public async Task Bulk_commands_take_the_spec_names_act_per_device_and_refuse_a_call_over_the_limit_whole()
        {
            JObject a = Take(), b = Take(), unenrolled = Take(status: "Unenrolled");
            Answer answer = await CallAsync(HttpMethod.Post, "/api/mdm/devices/commands/bulk?command=SoftReset&searchby=DeviceId", BulkBody(Id(a), Id(b).ToString(CultureInfo.InvariantCulture), Id(unenrolled), "99999999"));

            Assert.Equal(200, answer.Status);
            Assert.Equal(4, (int)answer.Body["TotalItems"]);
            Assert.Equal(2, (int)answer.Body["AcceptedItems"]);
            Assert.Equal(2, (int)answer.Body["FailedItems"]);
            Assert.Equal(new[] { Id(unenrolled).ToString(CultureInfo.InvariantCulture), "99999999" }, answer.Body["Faults"]["Fault"].Select(f => (string)f["ItemValue"]));
            Assert.Equal("SoftReset", (string)(await SimDeviceAsync(Id(a)))["Commands"][0]["Command"]);

            // SoftReset and Shutdown have no key of their own in bulksettings: LockDevice's limit caps them.
            JObject limits = (JObject)(await CallAsync(HttpMethod.Get, "/api/mdm/devices/bulksettings")).Body;
            Assert.Equal(new[] { "SendMessage", "EnterpriseWipe", "DeleteDevice", "GPS", "LockDevice" }, limits.Properties().Select(p => p.Name));
            await SettingsAsync(new { BulkLimits = new { LockDevice = 2 } });
            try
            {
                JObject c = Take(), d = Take(), e = Take();
                AssertError(await CallAsync(HttpMethod.Post, "/api/mdm/devices/commands/bulk?command=Shutdown&searchby=DeviceId", BulkBody(Id(c), Id(d), Id(e))), 400, 1001);
                foreach (JObject device in new[] { c, d, e })
                    Assert.Empty((JArray)(await SimDeviceAsync(Id(device)))["Commands"]);
                Answer within = await CallAsync(HttpMethod.Post, "/api/mdm/devices/commands/bulk?command=Shutdown&searchby=DeviceId", BulkBody(Id(c), Id(d)));
                Assert.Equal(2, (int)within.Body["AcceptedItems"]);
            }
            finally
            {
                await SettingsAsync(new { BulkLimits = new { LockDevice = 200 } });
            }

            AssertError(await CallAsync(HttpMethod.Post, "/api/mdm/devices/commands/bulk?command=DeviceWipe", BulkBody(Id(Take()))), 400, 5103);
            AssertError(await CallAsync(HttpMethod.Post, "/api/mdm/devices/commands/bulk?command=SyncDevice", BulkBody(Id(Take()))), 400, 5103);
            AssertError(await CallAsync(HttpMethod.Post, "/api/mdm/devices/commands/bulk?command=SoftReset&searchby=Nickname", BulkBody(Id(Take()))), 400, 1001);
        }

        [Fact]
        public async Task An_Android_full_wipe_with_v2_wipe_options_is_refused_5100_and_goes_through_with_an_empty_body()
        {
            await SettingsAsync(new { WipeThreshold = 0 });
            JObject android = Take(platform: "Android");
            string path = $"/api/mdm/devices/{android["Uuid"]}/commands/DeviceWipe";

            AssertError(await CallAsync(HttpMethod.Post, path, new { deviceWipe = new { disableActivationKey = true, preserveDataPlan = false } }), 400, 5100);
            Assert.Equal("Enrolled", (string)(await SimDeviceAsync(Id(android)))["EnrollmentStatus"]);

            AssertAccepted(await CallAsync(HttpMethod.Post, path, "{}"));
            Assert.Equal("DeviceWipePending", (string)(await SimDeviceAsync(Id(android)))["EnrollmentStatus"]);

            // The options are an Android refusal only; an Apple device takes them.
            JObject apple = Take(platform: "Apple");
            AssertAccepted(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{apple["Uuid"]}/commands/DeviceWipe", new { deviceWipe = new { preserveDataPlan = true } }));
        }

        [Fact]
        public async Task A_macOS_device_that_needs_a_PIN_refuses_lock_without_one_and_takes_it_through_v2()
        {
            JObject mac = null;
            foreach (JObject candidate in _devices.Where(d => (string)d["Platform"] == "AppleOsX" && (string)d["EnrollmentStatus"] == "Enrolled" && !_used.Contains(Id(d))))
            {
                if ((bool)(await SimDeviceAsync(Id(candidate)))["RequiresUnlockPin"])
                {
                    mac = candidate;
                    break;
                }
            }
            Assert.NotNull(mac);
            _used.Add(Id(mac));

            AssertError(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(mac)}/commands?command=Lock"), 400, 5102);
            AssertError(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{mac["Uuid"]}/commands/Lock", new { unlock_pin = "12ab56" }), 400, 1001);
            AssertError(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{mac["Uuid"]}/commands/Lock", new { unlock_pin = "123456", message = new string('m', 257) }), 400, 1001);
            Assert.Equal(0, (int)(await SimDeviceAsync(Id(mac)))["LockCount"]);

            AssertAccepted(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{mac["Uuid"]}/commands/Lock", new { unlock_pin = "123456", message = new string('m', 256) }));
            Assert.Equal(1, (int)(await SimDeviceAsync(Id(mac)))["LockCount"]);
            // The enterprise wipe needs no PIN.
            await SettingsAsync(new { WipeThreshold = 0 });
            AssertAccepted(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(mac)}/commands?command=EnterpriseWipe"));
        }

        // ---- messages ----------------------------------------------------------------------------

        [Fact]
        public async Task Messages_are_sent_within_their_length_limits_and_recorded_per_device()
        {
            JObject device = Take();
            string path = $"/api/mdm/devices/{Id(device)}/messages/";

            AssertAccepted(await CallAsync(HttpMethod.Post, path + "sms", new { MessageBody = new string('s', 160) }));
            AssertError(await CallAsync(HttpMethod.Post, path + "sms", new { MessageBody = new string('s', 161) }), 400, 1001);
            AssertAccepted(await CallAsync(HttpMethod.Post, path + "push", new { MessageBody = new string('p', 2000), ApplicationName = "Intelligent Hub" }));
            AssertError(await CallAsync(HttpMethod.Post, path + "push", new { MessageBody = new string('p', 2001) }), 400, 1001);
            AssertAccepted(await CallAsync(HttpMethod.Post, path + "email", new { Subject = new string('t', 255), MessageBody = new string('e', 4000) }));
            AssertError(await CallAsync(HttpMethod.Post, path + "email", new { Subject = new string('t', 256), MessageBody = "x" }), 400, 1001);
            AssertError(await CallAsync(HttpMethod.Post, path + "email", new { MessageBody = new string('e', 4001) }), 400, 1001);
            AssertError(await CallAsync(HttpMethod.Post, path + "sms", new { Subject = "no body" }), 400, 1001);
            Assert.Equal(404, (await CallAsync(HttpMethod.Post, path + "fax", new { MessageBody = "x" })).Status);
            AssertError(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(Take(status: "Unenrolled"))}/messages/sms", new { MessageBody = "hi" }), 400, 5101);

            JArray messages = (JArray)(await SimDeviceAsync(Id(device)))["Messages"];
            Assert.Equal(new[] { "sms", "push", "email" }, messages.Select(m => (string)m["Kind"]));
            Assert.Equal("Intelligent Hub", (string)messages[1]["ApplicationName"]);
            Assert.Equal(new string('t', 255), (string)messages[2]["Subject"]);
            Assert.Equal(TestSimulator.AdminUser, (string)messages[0]["SentBy"]);
        }

        [Fact]
        public async Task Bulk_messages_answer_a_bulk_response_within_the_SendMessage_limit()
        {
            JObject a = Take(), b = Take(), c = Take();
            await SettingsAsync(new { BulkLimits = new { SendMessage = 2 } });
            try
            {
                AssertError(await CallAsync(HttpMethod.Post, "/api/mdm/devices/messages/bulksms?searchby=DeviceId", new { BulkValues = new { Value = new[] { Id(a), Id(b), Id(c) } }, MessageBody = "hello" }), 400, 1001);
                AssertError(await CallAsync(HttpMethod.Post, "/api/mdm/devices/messages/bulksms?searchby=DeviceId", new { BulkValues = new { Value = new[] { Id(a) } }, MessageBody = new string('s', 161) }), 400, 1001);
                Assert.Empty((JArray)(await SimDeviceAsync(Id(a)))["Messages"]);

                Answer answer = await CallAsync(HttpMethod.Post, "/api/mdm/devices/messages/bulkpush?searchby=DeviceId", new { BulkValues = new { Value = new[] { Id(a), Id(b) } }, MessageBody = "hello" });
                Assert.Equal(200, answer.Status);
                Assert.Equal(2, (int)answer.Body["AcceptedItems"]);
                Assert.Equal(0, (int)answer.Body["FailedItems"]);
                Assert.Equal("hello", (string)(await SimDeviceAsync(Id(b)))["Messages"][0]["MessageBody"]);
                Assert.Equal("push", (string)(await SimDeviceAsync(Id(b)))["Messages"][0]["Kind"]);
            }
            finally
            {
                await SettingsAsync(new { BulkLimits = new { SendMessage = 3000 } });
            }
        }

        // ---- delete ------------------------------------------------------------------------------

        [Fact]
        public async Task A_deleted_device_is_gone_from_lookups_searches_apps_and_counts()
        {
            JObject device = Take();
            long id = Id(device);
            string user = (string)device["UserName"];
            int total = (int)(await CallAsync(HttpMethod.Get, "/api/mdm/devices/search?pagesize=1")).Body["Total"];
            int userCount = ((JArray)(await CallAsync(HttpMethod.Get, $"/api/mdm/devices/search?user={user}")).Body["Devices"]).Count;
            int enrolledCount = (int)(await CallAsync(HttpMethod.Get, $"/api/system/users/enrolleddevices/search?user={user}&pagesize=1")).Body["Total"];
            long userId = (long)device["UserId"]["Id"]["Value"];
            int userDeviceCount = int.Parse((string)(await CallAsync(HttpMethod.Get, $"/api/system/users/{userId}")).Body["EnrolledDevicesCount"], CultureInfo.InvariantCulture);
            Assert.Contains((await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{id}/apps")).Status, new[] { 200, 204 });

            Answer deleted = await CallAsync(HttpMethod.Delete, $"/api/mdm/devices/{id}");

            Assert.Equal(200, deleted.Status);
            Assert.Equal("", deleted.Text);
            AssertError(await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{id}"), 404, 1002);
            AssertError(await CallAsync(HttpMethod.Get, $"/api/mdm/devices?searchby=Serialnumber&id={device["SerialNumber"]}"), 404, 1002);
            AssertError(await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{id}/apps"), 404, 1002);
            AssertError(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{id}/commands?command=Lock"), 404, 1002);
            AssertError(await CallAsync(HttpMethod.Delete, $"/api/mdm/devices/{id}"), 404, 1002);
            Assert.Equal(total - 1, (int)(await CallAsync(HttpMethod.Get, "/api/mdm/devices/search?pagesize=1")).Body["Total"]);
            Answer byUser = await CallAsync(HttpMethod.Get, $"/api/mdm/devices/search?user={user}");
            List<long> left = byUser.Status == 204 ? new List<long>() : byUser.Body["Devices"].Cast<JObject>().Select(Id).ToList();
            Assert.Equal(userCount - 1, left.Count);
            Assert.DoesNotContain(id, left);
            Answer enrolled = await CallAsync(HttpMethod.Get, $"/api/system/users/enrolleddevices/search?user={user}&pagesize=1");
            Assert.Equal(enrolledCount - 1, enrolled.Status == 204 ? 0 : (int)enrolled.Body["Total"]);
            Assert.Equal(userDeviceCount - 1, int.Parse((string)(await CallAsync(HttpMethod.Get, $"/api/system/users/{userId}")).Body["EnrolledDevicesCount"], CultureInfo.InvariantCulture));
            Assert.True((bool)(await SimDeviceAsync(id))["Deleted"]);
        }

        [Fact]
        public async Task Devices_are_deleted_by_serial_number_and_in_bulk_within_the_DeleteDevice_limit()
        {
            JObject bySerial = Take(status: "Unenrolled");
            Assert.Equal(200, (await CallAsync(HttpMethod.Delete, $"/api/mdm/devices?searchby=Serialnumber&id={bySerial["SerialNumber"]}")).Status);
            AssertError(await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{Id(bySerial)}"), 404, 1002);
            AssertError(await CallAsync(HttpMethod.Delete, "/api/mdm/devices?searchby=Colour&id=red"), 400, 1001);

            JObject a = Take(), b = Take(), c = Take();
            await SettingsAsync(new { BulkLimits = new { DeleteDevice = 2 } });
            try
            {
                AssertError(await CallAsync(HttpMethod.Post, "/api/mdm/devices/bulk", BulkBody(Id(a), Id(b), Id(c))), 400, 1001);
                Assert.Equal(200, (await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{Id(a)}")).Status);

                Answer answer = await CallAsync(HttpMethod.Post, "/api/mdm/devices/bulk?searchby=DeviceId", BulkBody(Id(a), Id(bySerial)));
                Assert.Equal(200, answer.Status);
                Assert.Equal(1, (int)answer.Body["AcceptedItems"]);
                Assert.Equal(Id(bySerial).ToString(CultureInfo.InvariantCulture), (string)answer.Body["Faults"]["Fault"][0]["ItemValue"]);
                AssertError(await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{Id(a)}"), 404, 1002);
                Assert.Equal(200, (await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{Id(b)}")).Status);
            }
            finally
            {
                await SettingsAsync(new { BulkLimits = new { DeleteDevice = 50 } });
            }
        }

        // ---- permissions -------------------------------------------------------------------------

        [Fact]
        public async Task A_role_without_the_row_of_an_action_gets_403_and_nothing_happens()
        {
            JObject device = Take();
            long id = Id(device);
            const string HelpDesk = "helpdesk", HelpDeskPassword = "Sim-Help-Pass-1";

            foreach (string command in new[] { "SyncDevice", "DeviceQuery", "ClearPasscode", "SoftReset", "Shutdown", "EnterpriseWipe" })
                AssertError(await CallAsAsync(HelpDesk, HelpDeskPassword, HttpMethod.Post, $"/api/mdm/devices/{id}/commands?command={command}"), 403, 1013);
            AssertError(await CallAsAsync(HelpDesk, HelpDeskPassword, HttpMethod.Post, "/api/mdm/devices/commands/bulk?command=SoftReset", BulkBody(id)), 403, 1013);
            AssertError(await CallAsAsync(HelpDesk, HelpDeskPassword, HttpMethod.Post, $"/api/mdm/devices/{id}/messages/sms", new { MessageBody = "hi" }), 403, 1013);
            AssertError(await CallAsAsync(HelpDesk, HelpDeskPassword, HttpMethod.Delete, $"/api/mdm/devices/{id}"), 403, 1013);
            AssertError(await CallAsAsync(TestSimulator.ReadOnlyUser, TestSimulator.ReadOnlyPassword, HttpMethod.Post, "/api/system/groups/570/device-wipes?action=APPROVE", new[] { Guid.NewGuid().ToString() }), 403, 1013);
            AssertError(await CallAsAsync(TestSimulator.ReadOnlyUser, TestSimulator.ReadOnlyPassword, HttpMethod.Put, "/api/system/groups/570/device-wipe-lock"), 403, 1013);
            Assert.Equal(200, (await CallAsAsync(TestSimulator.ReadOnlyUser, TestSimulator.ReadOnlyPassword, HttpMethod.Get, "/api/system/groups/570/device-wipe-lock")).Status);

            JObject state = await SimDeviceAsync(id);
            Assert.Empty((JArray)state["Commands"]);
            Assert.Empty((JArray)state["Messages"]);
            Assert.False((bool)state["Deleted"]);

            // The help desk role has the lock rows, so the same device locks.
            AssertAccepted(await CallAsAsync(HelpDesk, HelpDeskPassword, HttpMethod.Post, $"/api/mdm/devices/{id}/commands?command=Lock"));

            // A role given exactly one new row can do that action and no other.
            await _sim.ControlAsync(HttpMethod.Post, "roles", new { Name = "Syncer", Permissions = new[] { "Api.Rest.Devices.Read", "Api.Rest.Devices.Edit", "DeviceDetails.Query", "DeviceDetails.Edit", "Accounts.Users.UserDetail.Read", "Api.Rest.Apps.Read" } });
            await _sim.ControlAsync(HttpMethod.Post, "admins", new { UserName = "syncer", Password = "Sim-Sync-Pass-1", Role = "Syncer" });
            AssertAccepted(await CallAsAsync("syncer", "Sim-Sync-Pass-1", HttpMethod.Post, $"/api/mdm/devices/{id}/commands?command=SyncDevice"));
            AssertError(await CallAsAsync("syncer", "Sim-Sync-Pass-1", HttpMethod.Post, $"/api/mdm/devices/{id}/commands?command=SoftReset"), 403, 1013);
        }

        // ---- wipe log and wipe protection --------------------------------------------------------

        [Fact]
        public async Task The_wipe_log_filters_sorts_and_pages_by_its_own_parameter_names()
        {
            await SettingsAsync(new { WipeThreshold = 0 });
            // A day of its own, starting 08:00, so dates filters see only this test's wipes from there on.
            DateTimeOffset now = _clock.GetUtcNow();
            _clock.Advance(new DateTimeOffset(now.UtcDateTime.Date.AddDays(1).AddHours(8), TimeSpan.Zero) - now);
            var single = Enumerable.Range(0, 3).Select(_ => Take()).ToList();
            var bulk = Enumerable.Range(0, 3).Select(_ => Take()).ToList();
            JObject full = Take();
            DateTimeOffset first = _clock.GetUtcNow();
            foreach (JObject d in single)
            {
                AssertAccepted(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(d)}/commands?command=EnterpriseWipe"));
                _clock.Advance(TimeSpan.FromMinutes(1));
            }
            _clock.Advance(TimeSpan.FromDays(1));
            DateTimeOffset second = _clock.GetUtcNow();
            Assert.Equal(3, (int)(await CallAsync(HttpMethod.Post, "/api/mdm/devices/commands/bulk?command=EnterpriseWipe&searchby=DeviceId", BulkBody(bulk.Select(Id).Cast<object>().ToArray()))).Body["AcceptedItems"]);
            AssertAccepted(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(full)}/commands?command=DeviceWipe"));

            List<JObject> log = await WipeLogAsync();
            var mine = new HashSet<long>(single.Concat(bulk).Append(full).Select(Id));
            List<JObject> ours = log.Where(w => mine.Contains((long)w["DeviceId"])).ToList();
            Assert.Equal(7, ours.Count);
            Assert.Equal(log.Count, log.Select(w => (string)w["Uuid"]).Distinct().Count());
            Assert.All(ours, w => Assert.True(Guid.TryParse((string)w["Uuid"], out _)));
            JObject fullEntry = ours.Single(w => (long)w["DeviceId"] == Id(full));
            Assert.Equal("DeviceWipe", (string)fullEntry["WipeType"]);
            Assert.Equal((string)full["DeviceFriendlyName"], (string)fullEntry["DeviceFriendlyName"]);
            Assert.Equal((string)full["UserName"], (string)fullEntry["UserName"]);

            // Each filter keeps exactly what it names.
            Assert.Equal(log.Where(w => (string)w["WipeType"] == "DeviceWipe").Select(w => (string)w["Uuid"]), (await WipeLogAsync("&wipe_type=DEVICE_WIPE")).Select(w => (string)w["Uuid"]));
            Assert.Equal(bulk.Select(Id).OrderBy(i => i), (await WipeLogAsync("&wipe_source=BULK_API_ACTION")).Where(w => mine.Contains((long)w["DeviceId"])).Select(w => (long)w["DeviceId"]).OrderBy(i => i));
            Assert.Equal(new[] { Id(single[1]) }, (await WipeLogAsync($"&search_text={single[1]["SerialNumber"]}")).Select(w => (long)w["DeviceId"]));
            Assert.Equal(single.Select(Id), (await WipeLogAsync($"&start_date={Ws(first)}&end_date={Ws(first.AddMinutes(10))}")).Select(w => (long)w["DeviceId"]));
            Assert.Equal(bulk.Select(Id).Append(Id(full)), (await WipeLogAsync($"&start_date={second.UtcDateTime:yyyy-MM-dd}")).Select(w => (long)w["DeviceId"]));
            Assert.Equal(single.Select(Id), (await WipeLogAsync($"&start_date={first.UtcDateTime:yyyy-MM-dd}&end_date={first.UtcDateTime:yyyy-MM-dd}")).Where(w => mine.Contains((long)w["DeviceId"])).Select(w => (long)w["DeviceId"]));
            Assert.Equal(log.Where(w => (string)w["Status"] == "QUEUED").Count(), (await WipeLogAsync("&wipe_status=QUEUED")).Count);
            string ownership = (string)fullEntry["Ownership"];
            Assert.Contains(ownership, new[] { "CORPORATE_DEDICATED", "EMPLOYEE_OWNED", "CORPORATE_SHARED" });
            Assert.Equal(log.Where(w => (string)w["Ownership"] == ownership || (string)w["Ownership"] == "UNKNOWN").Select(w => (string)w["Uuid"]),
                (await WipeLogAsync($"&ownership={ownership},UNKNOWN")).Select(w => (string)w["Uuid"]));

            // Sorting: DATE ascending by default; any column either way.
            Assert.Equal(log.Select(w => (string)w["RequestedOn"]).OrderBy(t => t, StringComparer.Ordinal), log.Select(w => (string)w["RequestedOn"]));
            List<string> names = (await WipeLogAsync("&sort_column=DEVICE_FRIENDLY_NAME&sort_direction=DESC")).Select(w => (string)w["DeviceFriendlyName"]).ToList();
            Assert.Equal(names.OrderByDescending(n => n, StringComparer.OrdinalIgnoreCase), names);
            List<string> users = (await WipeLogAsync("&sort_column=user")).Select(w => (string)w["UserName"]).ToList();
            Assert.Equal(users.OrderBy(n => n, StringComparer.OrdinalIgnoreCase), users);

            // Paging: page and page_size, answered in snake_case.
            Answer page = await CallAsync(HttpMethod.Get, "/api/system/groups/570/device-wipes?page=1&page_size=2");
            Assert.Equal(1, (int)page.Body["page"]);
            Assert.Equal(2, (int)page.Body["page_size"]);
            Assert.Equal(log.Count, (int)page.Body["total"]);
            Assert.Equal(log.Skip(2).Take(2).Select(w => (string)w["Uuid"]), page.Body["device_wipes"].Select(w => (string)w["Uuid"]));
            Assert.Equal(204, (await CallAsync(HttpMethod.Get, $"/api/system/groups/570/device-wipes?page={log.Count}&page_size=1")).Status);

            // A group sees the wipes of its own subtree; closed sets refuse unknown values.
            Answer sales = await CallAsync(HttpMethod.Get, "/api/system/groups/571/device-wipes?page_size=500");
            List<string> salesNames = sales.Status == 204 ? new List<string>() : sales.Body["device_wipes"].Select(w => (string)w["OrganizationGroupName"]).ToList();
            Assert.Equal(log.Count(w => (string)w["OrganizationGroupName"] == "Sales"), salesNames.Count);
            Assert.All(salesNames, n => Assert.Equal("Sales", n));
            AssertError(await CallAsync(HttpMethod.Get, "/api/system/groups/570/device-wipes?wipe_type=FACTORY_RESET"), 400, 1001);
            AssertError(await CallAsync(HttpMethod.Get, "/api/system/groups/570/device-wipes?wipe_status=DONE"), 400, 1001);
            AssertError(await CallAsync(HttpMethod.Get, "/api/system/groups/570/device-wipes?ownership=EMPLOYEE_OWNED,PERSONAL"), 400, 1001);
            AssertError(await CallAsync(HttpMethod.Get, "/api/system/groups/570/device-wipes?start_date=yesterday"), 400, 1001);
            AssertError(await CallAsync(HttpMethod.Get, "/api/system/groups/not-a-group/device-wipes"), 404, 1002);
        }

        [Fact]
        public async Task Wipes_past_the_threshold_are_held_then_approved_or_rejected_by_uuid_and_the_lock_resets_only_at_the_top()
        {
            JObject unlocked = await UnlockAndAllowAsync(threshold: 1);
            Assert.False((bool)unlocked["is_locked"]);
            Assert.Equal(0, (int)unlocked["wipe_count"]);
            Assert.Equal(1, (int)unlocked["threshold"]);
            Assert.Equal(60, (int)unlocked["window_minutes"]);
            try
            {
                JObject queued = Take(), toApprove = Take(), toReject = Take();
                DateTimeOffset sent = _clock.GetUtcNow();
                foreach (JObject d in new[] { queued, toApprove, toReject })
                    AssertAccepted(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(d)}/commands?command=EnterpriseWipe"));

                JObject locked = (JObject)(await CallAsync(HttpMethod.Get, "/api/system/groups/571/device-wipe-lock")).Body;
                Assert.True((bool)locked["is_locked"]);
                Assert.Equal(Ws(sent), (string)locked["locked_since"]);
                Assert.True((int)locked["held_count"] >= 2);
                List<JObject> held = await WipeLogAsync("&wipe_status=HELD");
                string approveUuid = (string)held.Single(w => (long)w["DeviceId"] == Id(toApprove))["Uuid"];
                string rejectUuid = (string)held.Single(w => (long)w["DeviceId"] == Id(toReject))["Uuid"];
                Assert.Equal("Enrolled", (string)(await SimDeviceAsync(Id(toApprove)))["EnrollmentStatus"]);

                // All or nothing: a wrong action, an unknown uuid or a wipe that is not held changes nothing.
                AssertError(await CallAsync(HttpMethod.Post, "/api/system/groups/570/device-wipes?action=DELETE", new[] { approveUuid }), 400, 1001);
                AssertError(await CallAsync(HttpMethod.Post, "/api/system/groups/570/device-wipes?action=APPROVE", new[] { approveUuid, Guid.NewGuid().ToString() }), 404, 1002);
                string queuedUuid = (string)(await WipeLogAsync()).Single(w => (long)w["DeviceId"] == Id(queued))["Uuid"];
                AssertError(await CallAsync(HttpMethod.Post, "/api/system/groups/570/device-wipes?action=APPROVE", new[] { approveUuid, queuedUuid }), 400, 1001);
                AssertError(await CallAsync(HttpMethod.Post, "/api/system/groups/570/device-wipes?action=APPROVE", "{\"uuid\":\"x\"}"), 400, 1001);
                Assert.Equal("HELD", (string)(await WipeLogAsync()).Single(w => (string)w["Uuid"] == approveUuid)["Status"]);

                Answer approve = await CallAsync(HttpMethod.Post, "/api/system/groups/570/device-wipes?action=APPROVE", new[] { approveUuid });
                Assert.Equal(200, approve.Status);
                Assert.Equal("", approve.Text);
                Answer reject = await CallAsync(HttpMethod.Post, "/api/system/groups/570/device-wipes?action=reject", new[] { rejectUuid });
                Assert.Equal(200, reject.Status);

                List<JObject> log = await WipeLogAsync();
                Assert.Equal("APPROVED", (string)log.Single(w => (string)w["Uuid"] == approveUuid)["Status"]);
                Assert.Equal("ABORTED", (string)log.Single(w => (string)w["Uuid"] == rejectUuid)["Status"]);
                Assert.Equal("EnterpriseWipePending", (string)(await SimDeviceAsync(Id(toApprove)))["EnrollmentStatus"]);
                Assert.Equal("Enrolled", (string)(await SimDeviceAsync(Id(toReject)))["EnrollmentStatus"]);
                AssertError(await CallAsync(HttpMethod.Post, "/api/system/groups/570/device-wipes?action=REJECT", new[] { approveUuid }), 400, 1001);

                // Unlocking: refused below the customer group, then the count starts again and a wipe goes out.
                AssertError(await CallAsync(HttpMethod.Put, "/api/system/groups/571/device-wipe-lock"), 400, 1001);
                Assert.True((bool)(await CallAsync(HttpMethod.Get, "/api/system/groups/570/device-wipe-lock")).Body["is_locked"]);
                _clock.Advance(TimeSpan.FromSeconds(5));
                Answer unlock = await CallAsync(HttpMethod.Put, "/api/system/groups/7/device-wipe-lock");
                Assert.Equal(200, unlock.Status);
                JObject after = (JObject)(await CallAsync(HttpMethod.Get, "/api/system/groups/570/device-wipe-lock")).Body;
                Assert.False((bool)after["is_locked"]);
                Assert.Equal(JTokenType.Null, after["locked_since"].Type);
                Assert.Equal(Ws(_clock.GetUtcNow()), (string)after["last_unlocked_on"]);
                JObject next = Take();
                AssertAccepted(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(next)}/commands?command=EnterpriseWipe"));
                Assert.Equal("QUEUED", (string)(await WipeLogAsync()).Last(w => (long)w["DeviceId"] == Id(next))["Status"]);

                // The lock lifts by itself once the window has passed the counted wipes.
                Assert.True((bool)(await CallAsync(HttpMethod.Get, "/api/system/groups/570/device-wipe-lock")).Body["is_locked"]);
                _clock.Advance(TimeSpan.FromMinutes(61));
                Assert.False((bool)(await CallAsync(HttpMethod.Get, "/api/system/groups/570/device-wipe-lock")).Body["is_locked"]);
            }
            finally
            {
                await SettingsAsync(new { WipeThreshold = 0 });
            }
        }

        // ---- devices moving on over time ---------------------------------------------------------

        [Fact]
        public async Task After_the_check_in_delay_a_wipe_ends_unenrolled_and_other_commands_show_done_in_LastSeen_and_the_event_log()
        {
            await SettingsAsync(new { WipeThreshold = 0, CheckInDelayMs = 60000, NeverCheckInPercent = 0 });
            try
            {
                JObject wiped = Take(), synced = Take();
                DateTimeOffset queuedAt = _clock.GetUtcNow();
                AssertAccepted(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(wiped)}/commands?command=EnterpriseWipe"));
                AssertAccepted(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(synced)}/commands?command=SyncDevice"));

                _clock.Advance(TimeSpan.FromSeconds(59));
                JObject pending = (JObject)(await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{Id(wiped)}")).Body;
                Assert.Equal("EnterpriseWipePending", (string)pending["EnrollmentStatus"]);
                Assert.Equal((string)synced["LastSeen"], (string)(await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{Id(synced)}")).Body["LastSeen"]);
                JObject events = (JObject)(await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{Id(synced)}/eventlog")).Body;
                Assert.Equal(new[] { "SyncDevice queued" }, events["DeviceEventLogEntries"].Select(e => (string)e["Event"]));

                _clock.Advance(TimeSpan.FromSeconds(2));
                string checkIn = Ws(queuedAt.AddMinutes(1));
                JObject done = (JObject)(await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{Id(wiped)}")).Body;
                Assert.Equal("Unenrolled", (string)done["EnrollmentStatus"]);
                Assert.Equal(checkIn, (string)done["LastSeen"]);
                Assert.Equal(checkIn, (string)(await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{Id(synced)}")).Body["LastSeen"]);
                events = (JObject)(await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{Id(synced)}/eventlog")).Body;
                Assert.Equal(new[] { "SyncDevice completed", "SyncDevice queued" }, events["DeviceEventLogEntries"].Select(e => (string)e["Event"]));
                Assert.Equal(checkIn, (string)events["DeviceEventLogEntries"][0]["TimeStamp"]);
                Assert.Equal(2, (int)events["Total"]);
                Assert.Equal("Completed", (string)(await SimDeviceAsync(Id(synced)))["Commands"][0]["Status"]);
                // The new LastSeen counts in searches too.
                Answer seen = await CallAsync(HttpMethod.Get, $"/api/mdm/devices/search?seensince={Ws(queuedAt)}");
                Assert.Equal(new[] { Id(synced), Id(wiped) }.OrderBy(i => i), seen.Body["Devices"].Select(d => (long)d["Id"]["Value"]).Where(i => i == Id(synced) || i == Id(wiped)).OrderBy(i => i));
                AssertError(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(wiped)}/commands?command=Lock"), 400, 5101);
            }
            finally
            {
                await SettingsAsync(new { CheckInDelayMs = -1 });
            }
        }

        [Fact]
        public async Task A_held_wipe_approved_later_goes_out_from_the_approval_and_a_device_that_never_checks_in_stays_pending()
        {
            await UnlockAndAllowAsync(threshold: 1);
            await SettingsAsync(new { CheckInDelayMs = 1000, NeverCheckInPercent = 0 });
            try
            {
                JObject first = Take(), held = Take();
                AssertAccepted(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(first)}/commands?command=EnterpriseWipe"));
                AssertAccepted(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(held)}/commands?command=DeviceWipe"));
                _clock.Advance(TimeSpan.FromMinutes(5));
                Assert.Equal("Enrolled", (string)(await SimDeviceAsync(Id(held)))["EnrollmentStatus"]);
                string uuid = (string)(await WipeLogAsync("&wipe_status=HELD")).Single(w => (long)w["DeviceId"] == Id(held))["Uuid"];
                Assert.Equal(200, (await CallAsync(HttpMethod.Post, "/api/system/groups/570/device-wipes?action=APPROVE", new[] { uuid })).Status);
                Assert.Equal("DeviceWipePending", (string)(await SimDeviceAsync(Id(held)))["EnrollmentStatus"]);
                _clock.Advance(TimeSpan.FromSeconds(1));
                Assert.Equal("Unenrolled", (string)(await SimDeviceAsync(Id(held)))["EnrollmentStatus"]);
                List<string> events = (await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{Id(held)}/eventlog?severity=Warning")).Body["DeviceEventLogEntries"].Select(e => (string)e["Event"]).ToList();
                Assert.Equal(new[] { "DeviceWipe held by wipe protection" }, events);
                Assert.Equal(204, (await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{Id(held)}/eventlog?severity=3")).Status);

                await SettingsAsync(new { WipeThreshold = 0, NeverCheckInPercent = 100 });
                JObject silent = Take();
                Assert.True((bool)(await SimDeviceAsync(Id(silent)))["NeverChecksIn"]);
                AssertAccepted(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(silent)}/commands?command=EnterpriseWipe"));
                _clock.Advance(TimeSpan.FromDays(3));
                JObject state = await SimDeviceAsync(Id(silent));
                Assert.Equal("EnterpriseWipePending", (string)state["EnrollmentStatus"]);
                Assert.Equal(JTokenType.Null, state["Commands"][0]["DueAt"].Type);
                Assert.Equal((string)silent["LastSeen"], (string)(await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{Id(silent)}")).Body["LastSeen"]);
                // dayrange keeps the last N days only: the queued event is three days old.
                Assert.Equal(204, (await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{Id(silent)}/eventlog?dayrange=2")).Status);
                Assert.Equal(1, (int)(await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{Id(silent)}/eventlog?dayrange=4")).Body["Total"]);
            }
            finally
            {
                await SettingsAsync(new { WipeThreshold = 0, CheckInDelayMs = -1, NeverCheckInPercent = 0 });
            }
        }

        [Fact]
        public async Task With_the_real_clock_a_small_delay_lets_a_client_watch_a_wipe_finish_in_well_under_a_second()
        {
            await using TestSimulator sim = await TestSimulator.StartAsync(users: 40, seed: 9, configure: o =>
            {
                o.CheckInDelayMs = 300;
                o.WipeThreshold = 0;
            });
            JObject device = ((JArray)(await CallAsync(HttpMethod.Get, "/api/mdm/devices/search", on: sim)).Body["Devices"]).Cast<JObject>()
                .First(d => (string)d["EnrollmentStatus"] == "Enrolled" && (string)d["Platform"] != "AppleOsX");
            AssertAccepted(await CallAsync(HttpMethod.Post, $"/api/mdm/devices/{Id(device)}/commands?command=EnterpriseWipe", on: sim));
            JObject command = (JObject)((JArray)(await sim.ControlAsync(HttpMethod.Get, $"devices/{Id(device)}"))["Commands"]).Single();
            Assert.Equal(TimeSpan.FromMilliseconds(300), (DateTime)command["DueAt"] - (DateTime)command["QueuedAt"]); // the control client reads dates as dates

            // Wait on the condition, with a deadline.
            var watch = Stopwatch.StartNew();
            string status;
            while ((status = (string)(await CallAsync(HttpMethod.Get, $"/api/mdm/devices/{Id(device)}", on: sim)).Body["EnrollmentStatus"]) != "Unenrolled" && watch.Elapsed < TimeSpan.FromSeconds(10))
                await Task.Delay(20);
            Assert.Equal("Unenrolled", status);
        }

        [Fact]
        public async Task The_new_settings_are_read_and_written_through_the_control_path_and_the_command_line()
        {
            JObject settings = (JObject)await _sim.ControlAsync(HttpMethod.Post, "settings", new { CheckInDelayMs = 2500, NeverCheckInPercent = 130, WipeWindowMinutes = 15 });
            try
            {
                Assert.Equal(2500, (int)settings["CheckInDelayMs"]);
                Assert.Equal(100, (int)settings["NeverCheckInPercent"]);
                Assert.Equal(15, (int)settings["WipeWindowMinutes"]);
                Assert.Equal(15, (int)(await CallAsync(HttpMethod.Get, "/api/system/groups/570/device-wipe-lock")).Body["window_minutes"]);
                settings = (JObject)await _sim.ControlAsync(HttpMethod.Post, "settings", new { CheckInDelayMs = (int?)null });
                Assert.Equal(-1, (int)settings["CheckInDelayMs"]);
            }
            finally
            {
                await SettingsAsync(new { CheckInDelayMs = -1, NeverCheckInPercent = 0, WipeWindowMinutes = 60 });
            }

            SimulatorOptions parsed = SimulatorOptions.Parse(new[] { "--check-in-delay-ms", "500", "--never-check-in-percent", "20", "--wipe-window-minutes", "30" });
            Assert.Equal(500, parsed.CheckInDelayMs);
            Assert.Equal(20, parsed.NeverCheckInPercent);
            Assert.Equal(30, parsed.WipeWindowMinutes);
            SimulatorOptions defaults = SimulatorOptions.Parse(Array.Empty<string>());
            Assert.Equal(-1, defaults.CheckInDelayMs);
            Assert.Equal(0, defaults.NeverCheckInPercent);
            Assert.Equal(60, defaults.WipeWindowMinutes);
        }
    }
}
