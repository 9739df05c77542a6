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
    /// Lock-Ws1UserDevice and Invoke-Ws1UserDeviceWipe for many devices: bulk requests within the tenant's
    /// bulksettings limits, faults mapped to their devices, bounded concurrency for full wipes. The simulator's
    /// journal is the evidence of what was sent.
    /// </summary>
    public sealed class BulkActionTests : IAsyncLifetime
    {
        private const int Concurrency = 3;

        private TestSimulator _sim;
        private ModuleRunspace _ps;
        private List<string> _userNames;
        private Dictionary<string, List<Ws1Device>> _devicesByUser;
        private readonly HashSet<string> _used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: 800, seed: 12);
            using (Ws1Session session = await _sim.ConnectAsync())
            {
                _devicesByUser = session.Devices.SearchAsync(null, CancellationToken.None).Sync().GroupBy(d => d.UserName, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
                _userNames = session.Users.SearchAsync(null, CancellationToken.None).Sync().Select(u => u.UserName).Where(_devicesByUser.ContainsKey).ToList();
            }
            _ps = new ModuleRunspace();
            _ps.Connect(_sim, "A", "-PageConcurrency " + Concurrency);
            await _sim.ControlAsync(HttpMethod.Post, "settings", new { WipeThreshold = 0 });
        }

        public async Task DisposeAsync()
        {
            _ps.Dispose();
            await _sim.DisposeAsync();
        }

        private static bool Enrolled(Ws1Device d) => d.EnrollmentStatus == "Enrolled";

        private static bool AllPlainEnrolled(List<Ws1Device> devices) => devices.All(d => Enrolled(d) && !d.IsMacOS);

        /// <summary>Users not used by another test, in listing order, until their devices number at least <paramref name="devices"/>.</summary>
        private List<string> TakeUsers(Func<List<Ws1Device>, bool> condition, int devices = 0, int users = int.MaxValue)
        {
            var taken = new List<string>();
            foreach (string name in _userNames.Where(n => !_used.Contains(n) && condition(_devicesByUser[n])))
            {
                if (taken.Count >= users || (devices > 0 && taken.Sum(n => _devicesByUser[n].Count) >= devices))
                    break;
                taken.Add(name);
            }
            Assert.True(taken.Count > 0, "The seeded tenant has no free users for this test.");
            _used.UnionWith(taken);
            return taken;
        }

        private Task SetBulkLimitsAsync(object limits) => _sim.ControlAsync(HttpMethod.Post, "settings", new { BulkLimits = limits });

        private async Task<int> BulkSettingsReadsAsync() =>
            (await _sim.JournalAsync()).Count(e => ((string)e["Path"]).EndsWith("/bulksettings", StringComparison.OrdinalIgnoreCase));

        private static ProgressRecord LastProgress(RunResult r, string activity) =>
            r.Progress.Last(p => p.Activity.StartsWith($"Sending {activity} to devices on account 'A'", StringComparison.Ordinal));

        [Fact]
        public async Task Locking_the_devices_of_300_users_sends_bulk_requests_within_the_limit_naming_each_device_once()
        {
            const int limit = 50;
            await SetBulkLimitsAsync(new { LockDevice = limit });
            List<string> names = TakeUsers(_ => true, users: 300);
            Assert.Equal(300, names.Count);
            List<Ws1Device> devices = names.SelectMany(n => _devicesByUser[n]).ToList();
            List<Ws1Device> enrolled = devices.Where(Enrolled).ToList();
            var needPin = new HashSet<long>();
            foreach (Ws1Device mac in enrolled.Where(d => d.IsMacOS))
            {
                if ((bool)(await SimDeviceAsync(_sim, mac.Id))["RequiresUnlockPin"])
                    needPin.Add(mac.Id);
            }
            Assert.NotEmpty(needPin); // a bulk fault to map back
            await _sim.ClearJournalAsync();

            RunResult r = _ps.Run("param($names) $wanted = [System.Collections.Generic.HashSet[string]]::new([string[]] $names); " +
                "Get-Ws1User -AccountName A | Where-Object { $wanted.Contains($_.UserName) } | Lock-Ws1UserDevice", Args("names", names.ToArray()));

            // ceil(devices / limit) requests, every bulk body within the limit, every enrolled device named exactly once.
            List<JObject> calls = await CommandCallsAsync(_sim);
            Assert.Equal((enrolled.Count + limit - 1) / limit, calls.Count);
            Assert.True(calls.Count(IsBulk) >= calls.Count - 1);
            Assert.All(calls.Where(IsBulk), c => Assert.Equal("?command=LockDevice&searchby=DeviceId", (string)c["Query"]));
            Assert.All(calls, c => Assert.InRange(SentIds(c).Count(), 1, limit));
            Assert.Equal(enrolled.Select(d => d.Id).OrderBy(i => i), calls.SelectMany(SentIds).OrderBy(i => i));
            Assert.Equal(1, await BulkSettingsReadsAsync());

            // One result per device; a bulk fault (a Mac that needs a PIN) fails exactly its own device.
            Assert.Equal(devices.Select(d => d.Id).OrderBy(i => i), r.Output.Select(o => (long)P(o, "DeviceId")).OrderBy(i => i));
            foreach (PSObject result in r.Output)
            {
                long id = (long)P(result, "DeviceId");
                string status = P(result, "Status").ToString();
                if (!Enrolled(devices.Single(d => d.Id == id)))
                {
                    Assert.Equal("Skipped", status);
                    continue;
                }
                JObject call = calls.Single(c => SentIds(c).Contains(id));
                Assert.Equal((string)call["CorrelationId"], (string)P(result, "CorrelationId"));
                if (needPin.Contains(id))
                {
                    Assert.Equal("Failed", status);
                    Assert.Contains("only with its 6-digit unlock PIN", (string)P(result, "Message"));
                    Assert.Contains("-UnlockPin", (string)P(result, "Message"));
                }
                else
                {
                    Assert.Equal("Queued", status);
                }
            }
            Assert.Equal(needPin.OrderBy(i => i), r.Errors.Select(e => ((Ws1Device)e.TargetObject).Id).OrderBy(i => i));
            Assert.All(r.Errors, e => Assert.StartsWith("Ws1.BadRequest", e.FullyQualifiedErrorId));
            foreach (Ws1Device d in enrolled.Where(d => !needPin.Contains(d.Id)).Take(40))
                Assert.Equal(1, (int)(await SimDeviceAsync(_sim, d.Id))["LockCount"]);

            // Progress names the action and the account, counts devices, and ends completed.
            Assert.Contains(r.Progress, p => p.Activity == "Sending Lock to devices on account 'A'" && p.StatusDescription == $"{enrolled.Count} of {enrolled.Count} devices");
            Assert.Equal(ProgressRecordType.Completed, LastProgress(r, "Lock").RecordType);
        }

        [Fact]
        public async Task Enterprise_wipes_go_in_bulk_requests_within_the_EnterpriseWipe_limit()
        {
            const int limit = 4;
            await SetBulkLimitsAsync(new { EnterpriseWipe = limit });
            List<string> names = TakeUsers(AllPlainEnrolled, devices: 10);
            List<Ws1Device> devices = names.SelectMany(n => _devicesByUser[n]).ToList();
            await _sim.ClearJournalAsync();

            RunResult r = _ps.Run("param($names) Invoke-Ws1UserDeviceWipe -UserName $names -AccountName A -WipeType Enterprise -MaxDevices 100 -Force", Args("names", names.ToArray()));

            Assert.Empty(r.AllErrors);
            List<JObject> calls = await CommandCallsAsync(_sim);
            Assert.Equal((devices.Count + limit - 1) / limit, calls.Count);
            Assert.All(calls.Where(IsBulk), c => Assert.Equal("?command=EnterpriseWipe&searchby=DeviceId", (string)c["Query"]));
            Assert.All(calls, c => Assert.InRange(SentIds(c).Count(), 1, limit));
            Assert.Equal(devices.Select(d => d.Id).OrderBy(i => i), calls.SelectMany(SentIds).OrderBy(i => i));
            Assert.Equal(devices.Count, r.Output.Count);
            Assert.All(r.Output, o => Assert.Equal("Queued", P(o, "Status").ToString()));
            foreach (Ws1Device d in devices)
                Assert.Equal("EnterpriseWipePending", (string)(await SimDeviceAsync(_sim, d.Id))["EnrollmentStatus"]);
            Assert.Equal(ProgressRecordType.Completed, LastProgress(r, "Enterprise wipe").RecordType);
        }

        [Fact]
        public async Task Full_wipes_go_one_request_per_device_never_more_than_the_bound_at_once()
        {
            const int delayMs = 200;
            List<string> names = TakeUsers(AllPlainEnrolled, devices: 10);
            List<Ws1Device> devices = names.SelectMany(n => _devicesByUser[n]).ToList();
            await _sim.AddFaultAsync(new { Kind = "Latency", Rate = 1.0, DelayMs = delayMs, Method = "POST", PathContains = "command=DeviceWipe" });
            await _sim.ClearJournalAsync();
            RunResult r;
            try
            {
                r = _ps.Run("param($names) Invoke-Ws1UserDeviceWipe -UserName $names -AccountName A -WipeType Full -MaxDevices 100 -Force", Args("names", names.ToArray()));
            }
            finally
            {
                await _sim.ControlAsync(HttpMethod.Delete, "faults");
            }

            Assert.Empty(r.AllErrors);
            List<JObject> calls = await CommandCallsAsync(_sim);
            Assert.Equal(devices.Select(d => $"/API/mdm/devices/{d.Id}/commands?command=DeviceWipe").OrderBy(p => p),
                calls.Select(c => (string)c["Path"] + (string)c["Query"]).OrderBy(p => p));
            Assert.Equal(0, await BulkSettingsReadsAsync()); // no bulk DeviceWipe: the limits are not even read
            Assert.All(r.Output, o => Assert.Equal("Queued", P(o, "Status").ToString()));
            Assert.Equal(devices.Count, r.Output.Count);

            Assert.InRange(Arrivals.MostAtOnce(calls.Select(c => (DateTime)c["Time"]), delayMs), 2, Concurrency);
        }

        [Fact]
        public async Task A_bulk_call_that_fails_ambiguously_is_not_resent_and_fails_its_devices_as_outcome_unknown()
        {
            const int limit = 2;
            await SetBulkLimitsAsync(new { LockDevice = limit });
            List<string> names = TakeUsers(d => AllPlainEnrolled(d) && d.Count >= 2, users: 2);
            List<Ws1Device> devices = names.SelectMany(n => _devicesByUser[n]).ToList();
            // Processed, then answered 500: the locks happened, the client cannot know.
            await _sim.AddFaultAsync(new { Kind = "Error500", Count = 1, Method = "POST", PathContains = "commands/bulk", Phase = "After" });
            await _sim.ClearJournalAsync();

            RunResult r = _ps.Run("param($names) Lock-Ws1UserDevice -UserName $names -AccountName A", Args("names", names.ToArray()));

            List<JObject> calls = await CommandCallsAsync(_sim);
            Assert.Equal(devices.Select(d => d.Id).OrderBy(i => i), calls.SelectMany(SentIds).OrderBy(i => i)); // nothing sent twice
            JObject failed = Assert.Single(calls, c => (int)c["Status"] == 500);
            Assert.True(IsBulk(failed));
            var unknown = SentIds(failed).ToHashSet();
            Assert.Equal(limit, unknown.Count);
            Assert.Equal(devices.Count, r.Output.Count);
            foreach (PSObject result in r.Output)
            {
                long id = (long)P(result, "DeviceId");
                if (unknown.Contains(id))
                {
                    Assert.Equal("Failed", P(result, "Status").ToString());
                    Assert.StartsWith("Outcome unknown", (string)P(result, "Message"));
                    Assert.Equal((string)failed["CorrelationId"], (string)P(result, "CorrelationId"));
                    Assert.Equal(1, (int)(await SimDeviceAsync(_sim, id))["LockCount"]); // it did happen: a resend would lock again
                }
                else
                {
                    Assert.Equal("Queued", P(result, "Status").ToString());
                }
            }
            // One request failed: one error, naming its devices and the correlation id.
            ErrorRecord error = Assert.Single(r.Errors);
            Assert.StartsWith("Ws1.OutcomeUnknown", error.FullyQualifiedErrorId);
            Assert.Contains((string)failed["CorrelationId"], error.Exception.Message);
            Assert.Equal(unknown.OrderBy(i => i), ((Ws1Device[])error.TargetObject).Select(d => d.Id).OrderBy(i => i));

            // With -ErrorAction Stop the first error ends the command, and the progress bar is still completed.
            string next = TakeUsers(d => AllPlainEnrolled(d) && d.Count >= 2, users: 1).Single();
            await _sim.AddFaultAsync(new { Kind = "Error500", Count = 1, Method = "POST", PathContains = "commands/bulk" });
            await _sim.ClearJournalAsync();
            RunResult stopped = _ps.Run("param($n) Lock-Ws1UserDevice -UserName $n -AccountName A -ErrorAction Stop", Args("n", next));
            Assert.StartsWith("Ws1.OutcomeUnknown", stopped.Error.FullyQualifiedErrorId);
            Assert.Equal(ProgressRecordType.Completed, LastProgress(stopped, "Lock").RecordType);
            Assert.Single(await CommandCallsAsync(_sim));
        }

        /// <summary>Waits until the simulator's journal shows a stalled bulk command (status 0 while it stalls, 499 once its client hangs up).</summary>
        private Task WaitForStalledBulkAsync(int status = 0) =>
            _sim.WaitForJournalAsync(j => j.Any(e => (string)e["Fault"] == "Stall" && ((string)e["Path"]).Contains("commands/bulk") && (int)e["Status"] == status),
                $"a stalled bulk command with status {status}");

        [Fact]
        public async Task Stopping_a_batch_during_concurrent_bulk_requests_accounts_for_every_device_and_sends_nothing_after()
        {
            List<Ws1Device> devices = TakeUsers(AllPlainEnrolled, devices: 25).SelectMany(n => _devicesByUser[n]).Take(25).ToList();
            Assert.Equal(25, devices.Count);
            Ws1ConnectionSettings settings = _sim.BasicSettings();
            settings.PageConcurrency = 2;
            using Ws1Session session = await _sim.ConnectAsync("two-at-once", settings);
            // Five bulk requests of five devices; at most two on the wire.
            DeviceCommandBatch batch = session.Devices.Batch(devices, Ws1DeviceCommand.Lock, null, new Ws1BulkCommandLimits { LockDevice = 5 });
            await _sim.ClearJournalAsync();

            // The first request goes alone, until the server has shown it takes the command.
            var answered = new List<Ws1DeviceCommandResult>(await batch.SendNextAsync(CancellationToken.None));
            Assert.Equal(devices.Take(5).Select(d => d.Id), answered.Select(r => r.DeviceId));
            Assert.Single(await CommandCallsAsync(_sim));

            // Then two at once: one stalls, the step hands out the other.
            await _sim.AddFaultAsync(new { Kind = "Stall", Count = 1, Method = "POST", PathContains = "commands/bulk" });
            using var stop = new CancellationTokenSource();
            IReadOnlyList<Ws1DeviceCommandResult> second = await batch.SendNextAsync(stop.Token);
            Assert.Equal(5, second.Count);
            answered.AddRange(second);
            await WaitForStalledBulkAsync();

            // The next step sends one more beside the stalled one; it stalls too, and the caller stops.
            await _sim.AddFaultAsync(new { Kind = "Stall", Count = 1, Method = "POST", PathContains = "commands/bulk" });
            Task<IReadOnlyList<Ws1DeviceCommandResult>> third = batch.SendNextAsync(stop.Token);
            await _sim.WaitForJournalAsync(j => j.Count(e => (string)e["Fault"] == "Stall" && (int)e["Status"] == 0) == 2, "two stalled bulk commands");
            stop.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);
            await _sim.WaitForJournalAsync(j => j.Count(e => (string)e["Fault"] == "Stall" && (int)e["Status"] == 499) == 2, "both stalled bulk commands cancelled on the wire");
            IReadOnlyList<Ws1DeviceCommandResult> stopped = batch.Stopped();
            Assert.True(batch.IsComplete);

            // Four requests went out, none after the stop; the fifth's devices were not sent.
            List<JObject> calls = await CommandCallsAsync(_sim);
            Assert.Equal(4, calls.Count);
            Assert.All(calls, c => Assert.True(IsBulk(c)));
            var onWire = calls.Where(c => (string)c["Fault"] == "Stall").SelectMany(SentIds).OrderBy(i => i).ToList();
            Assert.Equal(10, onWire.Count);
            Assert.Equal(calls.Where(c => (string)c["Fault"] != "Stall").SelectMany(SentIds).OrderBy(i => i), answered.Select(r => r.DeviceId).OrderBy(i => i));
            Assert.All(answered, r => Assert.Equal(Ws1DeviceCommandStatus.Queued, r.Status));
            Assert.Equal(onWire, stopped.Where(r => r.Status == Ws1DeviceCommandStatus.OutcomeUnknown).Select(r => r.DeviceId).OrderBy(i => i));
            Assert.Equal(devices.Skip(20).Select(d => d.Id), stopped.Where(r => r.Status == Ws1DeviceCommandStatus.NotSent).Select(r => r.DeviceId));

            // Every device exactly once: answered before the stop, or in the stop's report.
            Assert.Equal(devices.Select(d => d.Id).OrderBy(i => i), answered.Concat(stopped).Select(r => r.DeviceId).OrderBy(i => i));
        }

        [Fact]
        public async Task Ctrl_C_during_a_bulk_lock_tells_the_host_what_became_of_each_device()
        {
            await SetBulkLimitsAsync(new { LockDevice = 8 });
            try
            {
                List<string> users = TakeUsers(AllPlainEnrolled, devices: 24);
                List<long> ids = users.SelectMany(n => _devicesByUser[n]).Select(d => d.Id).ToList();
                var host = new PromptingHost((message, choices) => 0);
                using var ps = new ModuleRunspace(host);
                ps.Connect(_sim, "A");
                await _sim.ClearJournalAsync();
                await _sim.AddFaultAsync(new { Kind = "Stall", Count = 1, Method = "POST", PathContains = "commands/bulk" });

                RunningScript running = ps.Begin($"Lock-Ws1UserDevice -UserName {string.Join(",", users)} -AccountName A -Confirm:$false");
                await WaitForStalledBulkAsync();
                running.Stop();
                await WaitForStalledBulkAsync(status: 499); // cancelled on the wire, not left to the server's 120 s stall

                string told = Assert.Single(host.WarningLines, w => w.StartsWith("Stopped while sending Lock on account 'A'", StringComparison.Ordinal));
                Assert.Contains("0 device(s) answered before the stop", told);
                Assert.Contains("8 OutcomeUnknown", told);
                Assert.Contains($"{ids.Count - 8} NotSent", told);
                foreach (long id in ids)
                    Assert.Contains(id.ToString(System.Globalization.CultureInfo.InvariantCulture), told);
                Assert.Single(await _sim.JournalAsync(), e => ((string)e["Path"]).Contains("commands/bulk"));
            }
            finally
            {
                await SetBulkLimitsAsync(new { LockDevice = 200 });
                await _sim.ControlAsync(HttpMethod.Delete, "faults");
            }
        }

        [Fact]
        public async Task WhatIf_sends_no_command_and_reads_no_limits()
        {
            List<string> names = TakeUsers(AllPlainEnrolled, devices: 6);
            await _sim.ClearJournalAsync();

            RunResult locked = _ps.Run("param($names) Lock-Ws1UserDevice -UserName $names -AccountName A -WhatIf", Args("names", names.ToArray()));
            RunResult wiped = _ps.Run("param($names) Invoke-Ws1UserDeviceWipe -UserName $names -AccountName A -WipeType Enterprise -MaxDevices 100 -Force -WhatIf", Args("names", names.ToArray()));

            foreach (RunResult r in new[] { locked, wiped })
            {
                Assert.Empty(r.AllErrors);
                Assert.Empty(r.Output);
            }
            Assert.Empty(await CommandCallsAsync(_sim));
            Assert.Equal(0, await BulkSettingsReadsAsync());
        }

        [Fact]
        public async Task Confirm_asks_for_each_device_on_the_pipeline_thread_before_anything_is_sent_and_No_leaves_it_out()
        {
            await SetBulkLimitsAsync(new { LockDevice = 100 });
            List<string> names = TakeUsers(d => AllPlainEnrolled(d) && d.Count >= 2, users: 2);
            Assert.Equal(2, names.Count);
            string yes = names[0], no = names[1];
            var prompts = new List<(string Message, int Thread, int CommandsSentBefore)>();
            var host = new PromptingHost((message, choices) =>
            {
                prompts.Add((message, Environment.CurrentManagedThreadId, CommandCallsAsync(_sim).GetAwaiter().GetResult().Count));
                string wanted = message.Contains($"of user '{yes}'") ? "&Yes" : "&No";
                return choices.Select(c => c.Label).ToList().IndexOf(wanted);
            });
            using var ps = new ModuleRunspace(host);
            ps.Connect(_sim, "A");
            await _sim.ClearJournalAsync();

            RunResult r = ps.Run("param($names) [Environment]::CurrentManagedThreadId; Lock-Ws1UserDevice -UserName $names -AccountName A -Confirm",
                Args("names", new[] { yes, no }));

            Assert.Empty(r.AllErrors);
            int pipelineThread = (int)r.Output[0].BaseObject;
            List<Ws1Device> approved = _devicesByUser[yes], declined = _devicesByUser[no];
            Assert.Equal(approved.Count + declined.Count, prompts.Count); // one question per device
            Assert.All(prompts, p => Assert.Equal(pipelineThread, p.Thread));
            Assert.All(prompts, p => Assert.Equal(0, p.CommandsSentBefore));
            foreach (Ws1Device d in approved.Concat(declined))
                Assert.Single(prompts, p => p.Message.Contains($"(id {d.Id},"));

            JObject call = Assert.Single(await CommandCallsAsync(_sim));
            Assert.True(IsBulk(call));
            Assert.Equal(approved.Select(d => d.Id).OrderBy(i => i), SentIds(call).OrderBy(i => i));
            Assert.Equal(approved.Select(d => d.Id).OrderBy(i => i), r.Output.Skip(1).Select(o => (long)P(o, "DeviceId")).OrderBy(i => i));
            Assert.All(r.Output.Skip(1), o => Assert.Equal("Queued", P(o, "Status").ToString()));
        }

        [Fact]
        public async Task Device_searches_for_piped_users_run_PageConcurrency_at_once_and_answer_in_input_order()
        {
            const int delayMs = 300;
            List<string> names = TakeUsers(_ => true, users: 8);
            names.Reverse(); // the input order is not the tenant's order
            await _sim.AddFaultAsync(new { Kind = "Latency", DelayMs = delayMs, Method = "GET", PathContains = "devices/search" });
            RunResult r;
            try
            {
                await _sim.ClearJournalAsync();
                r = _ps.Run("param($names) $users = @(Get-Ws1User -AccountName A -UserName $names); " +
                    "$names | ForEach-Object { $n = $_; $users | Where-Object UserName -eq $n } | Get-Ws1Device -DeviceLookup PerUser", Args("names", names.ToArray()));
            }
            finally
            {
                await _sim.ControlAsync(HttpMethod.Delete, "faults");
            }

            Assert.Empty(r.AllErrors);
            Assert.Equal(names.SelectMany(n => _devicesByUser[n]).Select(d => d.Id), r.Output.Select(o => (long)P(o, "Id")));
            List<DateTime> arrivals = (await _sim.JournalAsync()).Where(e => ((string)e["Path"]).EndsWith("devices/search", StringComparison.OrdinalIgnoreCase))
                .Select(e => (DateTime)e["Time"]).ToList();
            Assert.Equal(names.Count, arrivals.Count);
            Assert.Equal(Concurrency, Arrivals.MostAtOnce(arrivals, delayMs));
        }

        [Fact]
        public async Task More_users_than_the_device_listing_has_pages_are_locked_from_one_listing()
        {
            List<string> names = TakeUsers(AllPlainEnrolled, users: 12);
            int pages = (_devicesByUser.Values.Sum(d => d.Count) + 499) / 500;
            Assert.True(names.Count > pages, "more users than the listing has pages");
            await _sim.ClearJournalAsync();
            RunResult r = _ps.Run("param($names) Lock-Ws1UserDevice -UserName $names -AccountName A -Confirm:$false -Verbose", Args("names", names.ToArray()));

            Assert.Empty(r.AllErrors);
            Assert.Equal(names.SelectMany(n => _devicesByUser[n]).Select(d => d.Id).OrderBy(i => i), r.Output.Select(o => (long)P(o, "DeviceId")).OrderBy(i => i));
            Assert.Contains(r.Verbose, v => v.Contains($"Devices of {names.Count} user(s) on account 'A': one listing of the account's devices ({pages} page(s))"));
            List<JObject> searches = (await _sim.JournalAsync()).Where(e => ((string)e["Path"]).EndsWith("devices/search", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.DoesNotContain(searches, e => ((string)e["Query"]).Contains("user="));
            Assert.Equal(pages + 1, searches.Count); // the listing, and the one-record request that read its Total
        }

        [Fact]
        public async Task Users_piped_by_name_alone_are_all_acted_on_though_their_lookups_end_after_the_input()
        {
            await SetBulkLimitsAsync(new { LockDevice = 100 });
            List<string> names = TakeUsers(AllPlainEnrolled, users: 6);
            // Slow user searches: the last lookups are still running when the input ends, and must not be lost.
            await _sim.AddFaultAsync(new { Kind = "Latency", DelayMs = 200, Method = "GET", PathContains = "users/search" });
            RunResult r;
            try
            {
                r = _ps.Run("param($names) $names | ForEach-Object { [pscustomobject]@{ UserName = $_; AccountName = 'A' } } | Lock-Ws1UserDevice -Confirm:$false",
                    Args("names", names.ToArray()));
            }
            finally
            {
                await _sim.ControlAsync(HttpMethod.Delete, "faults");
            }

            Assert.Empty(r.AllErrors);
            Assert.Equal(names.SelectMany(n => _devicesByUser[n]).Select(d => d.Id).OrderBy(i => i), r.Output.Select(o => (long)P(o, "DeviceId")).OrderBy(i => i));
            Assert.All(r.Output, o => Assert.Equal("Queued", P(o, "Status").ToString()));
        }

        [Fact]
        public async Task A_bulk_fault_fails_exactly_its_device_in_a_batch()
        {
            using Ws1Session session = await _sim.ConnectAsync();
            List<Ws1Device> plain = TakeUsers(AllPlainEnrolled, devices: 3).SelectMany(n => _devicesByUser[n]).ToList();
            // Listed as enrolled, but no longer: what a device unenrolled between the listing and the lock looks like.
            Ws1Device stale = _devicesByUser.Values.SelectMany(d => d).First(d => d.EnrollmentStatus == "Unenrolled");
            var devices = plain.Take(1).Append(stale).Concat(plain.Skip(1)).ToList();
            await _sim.ClearJournalAsync();

            DeviceCommandBatch batch = session.Devices.Batch(devices, Ws1DeviceCommand.Lock, null, new Ws1BulkCommandLimits { LockDevice = 100 });
            var results = new List<Ws1DeviceCommandResult>();
            while (!batch.IsComplete)
                results.AddRange(await batch.SendNextAsync(CancellationToken.None));

            JObject call = Assert.Single(await CommandCallsAsync(_sim));
            Assert.True(IsBulk(call));
            Assert.Equal(devices.Select(d => d.Id), results.Select(x => x.DeviceId));
            Ws1DeviceCommandResult refused = results.Single(x => x.DeviceId == stale.Id);
            Assert.Equal(Ws1DeviceCommandStatus.Failed, refused.Status);
            Assert.Contains("not enrolled", refused.Message);
            Assert.Equal((string)call["CorrelationId"], refused.CorrelationId);
            Assert.All(results.Where(x => x.DeviceId != stale.Id), x => Assert.Equal(Ws1DeviceCommandStatus.Queued, x.Status));
        }

        [Fact]
        public async Task Devices_a_bulk_answer_does_not_account_for_are_unknown_not_queued()
        {
            // Two failed, one named: which of the other two failed is unknown.
            using var server = new CannedServer(CannedServer.OneOfTwoFailuresNamed);
            using Ws1Session session = await server.ConnectAsync(_sim.BasicSettings());
            var devices = new[] { 1L, 2L, 3L }.Select(id => new Ws1Device { Id = id, AccountName = "canned", UserName = "u", EnrollmentStatus = "Enrolled" }).ToList();

            DeviceCommandBatch batch = session.Devices.Batch(devices, Ws1DeviceCommand.EnterpriseWipe, null, new Ws1BulkCommandLimits { EnterpriseWipe = 10 });
            IReadOnlyList<Ws1DeviceCommandResult> results = await batch.SendNextAsync(CancellationToken.None);

            Assert.True(batch.IsComplete);
            Assert.All(results, x => Assert.Equal(Ws1DeviceCommandStatus.Failed, x.Status));
            Assert.Contains("Locked.", results.Single(x => x.DeviceId == 2).Message);
            Assert.All(results.Where(x => x.DeviceId != 2), x => Assert.StartsWith("Outcome unknown", x.Message));
        }
    }
}
