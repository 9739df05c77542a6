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
    /// Following commands to their end: <see cref="DeviceCommandFollower"/> against the simulator with one injected
    /// clock for both (no real waiting), and -Wait / Wait-Ws1DeviceCommand in a runspace with a short check-in delay.
    /// </summary>
    public sealed class DeviceCommandFollowTests : IAsyncLifetime
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

        private readonly ManualClock _clock = new ManualClock(Start);
        private TestSimulator _sim;
        private Ws1Session _session;
        private List<Ws1Device> _devices;
        private readonly HashSet<long> _used = new HashSet<long>();

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: 300, seed: 12, configure: o => o.Clock = _clock);
            _session = await _sim.ConnectAsync("A");
            _devices = _session.Devices.SearchAsync(null, CancellationToken.None).Sync().ToList();
        }

        public async Task DisposeAsync()
        {
            _session.Dispose();
            await _sim.DisposeAsync();
        }

        /// <summary>A follower on the injected clock: each pause moves the clock on by that much, at once.</summary>
        private DeviceCommandFollower Follower(List<TimeSpan> pauses = null) =>
            new DeviceCommandFollower(_clock, (pause, ct) =>
            {
                pauses?.Add(pause);
                _clock.Advance(pause);
                return Task.CompletedTask;
            }) { PollInterval = TimeSpan.FromSeconds(10) };

        private List<Ws1Device> Take(int count, Func<Ws1Device, bool> also = null)
        {
            List<Ws1Device> taken = _devices.Where(d => d.EnrollmentStatus == "Enrolled" && !d.IsMacOS && !_used.Contains(d.Id) && (also == null || also(d))).Take(count).ToList();
            Assert.Equal(count, taken.Count);
            taken.ForEach(d => _used.Add(d.Id));
            return taken;
        }

        private async Task<List<KeyValuePair<Ws1Session, Ws1DeviceCommandResult>>> SendAsync(IEnumerable<Ws1Device> devices, Ws1DeviceCommand command)
        {
            var results = new List<Ws1DeviceCommandResult>();
            foreach (Ws1Device d in devices)
                results.Add(await _session.Devices.SendCommandAsync(d, command, null, CancellationToken.None));
            if (command != Ws1DeviceCommand.Lock)
                results = (await _session.Devices.ApplyWipeProtectionAsync(results, CancellationToken.None)).ToList();
            return results.Select(r => new KeyValuePair<Ws1Session, Ws1DeviceCommandResult>(_session, r)).ToList();
        }

        private Task SettingsAsync(object settings) => _sim.ControlAsync(HttpMethod.Post, "settings", settings);

        [Fact]
        public async Task Locks_and_wipes_are_Completed_once_the_devices_check_in_and_the_rounds_slow_down_to_the_interval()
        {
            await SettingsAsync(new { CheckInDelayMs = 45_000, WipeThreshold = 0 });
            List<Ws1Device> locked = Take(2);
            List<Ws1Device> wiped = Take(1);
            var commands = (await SendAsync(locked, Ws1DeviceCommand.Lock)).Concat(await SendAsync(wiped, Ws1DeviceCommand.EnterpriseWipe)).ToList();
            await _sim.ClearJournalAsync();
            var pauses = new List<TimeSpan>();

            IReadOnlyList<Ws1DeviceCommandOutcome> outcomes = await Follower(pauses).FollowAsync(commands, TimeSpan.FromMinutes(5), CancellationToken.None);

            Assert.Equal(commands.Select(c => c.Value.DeviceId), outcomes.Select(o => o.DeviceId));
            Assert.All(outcomes, o => Assert.Equal(Ws1DeviceCommandOutcomeStatus.Completed, o.Status));
            Assert.All(outcomes.Take(2), o => Assert.Contains("checked in", o.Message));
            Assert.Equal("Unenrolled", outcomes[2].EnrollmentStatus);
            // Not before the devices checked in (45 s of simulated time), and not long after: 1, 2, 4, 8, 10, 10, 10 s.
            Assert.InRange(outcomes[0].Elapsed, TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(56));
            Assert.Equal(new[] { 1.0, 2, 4, 8, 10, 10, 10 }, pauses.Take(7).Select(p => p.TotalSeconds));
            // Three devices of a tenant whose devices fit one page: one listing page a round beats three GETs, after one count.
            int rounds = pauses.Count + 1;
            List<JObject> reads = (await _sim.JournalAsync()).ToList();
            Assert.All(reads, e => Assert.Equal("GET", (string)e["Method"]));
            Assert.Equal(rounds + 1, reads.Count);
            Assert.Single(reads, e => ((string)e["Query"]).EndsWith("pagesize=1", StringComparison.Ordinal));
        }

        [Fact]
        public async Task What_never_checks_in_is_Pending_at_the_timeout_with_what_was_last_seen()
        {
            await SettingsAsync(new { CheckInDelayMs = -1 });
            List<Ws1Device> devices = Take(2);
            var commands = await SendAsync(devices, Ws1DeviceCommand.Lock);

            IReadOnlyList<Ws1DeviceCommandOutcome> outcomes = await Follower().FollowAsync(commands, TimeSpan.FromSeconds(30), CancellationToken.None);

            Assert.All(outcomes, o =>
            {
                Assert.Equal(Ws1DeviceCommandOutcomeStatus.Pending, o.Status);
                Assert.StartsWith("Not done within 30 s", o.Message);
                Assert.Contains("not since the command", o.Message);
                Assert.Equal("Enrolled", o.EnrollmentStatus);
                Assert.Equal(TimeSpan.FromSeconds(30), o.Elapsed);
            });
            Assert.Equal(_clock.GetUtcNow(), Start + TimeSpan.FromSeconds(30));
        }

        [Fact]
        public async Task A_held_wipe_is_Held_at_once_and_after_approval_it_is_followed_to_Completed()
        {
            await SettingsAsync(new { WipeThreshold = 1, CheckInDelayMs = 5_000 });
            List<Ws1Device> devices = Take(2);
            var commands = await SendAsync(devices, Ws1DeviceCommand.EnterpriseWipe);
            Assert.Equal(new[] { Ws1DeviceCommandStatus.Queued, Ws1DeviceCommandStatus.Held }, commands.Select(c => c.Value.Status));

            IReadOnlyList<Ws1DeviceCommandOutcome> first = await Follower().FollowAsync(commands, TimeSpan.FromMinutes(5), CancellationToken.None);

            Assert.Equal(Ws1DeviceCommandOutcomeStatus.Completed, first[0].Status);
            Assert.Equal(Ws1DeviceCommandOutcomeStatus.Held, first[1].Status);
            Assert.Equal("HELD", first[1].WipeStatus);
            Assert.Contains("wipe protection", first[1].Message);
            // Held does not wait for the timeout: it settles in the round that reads the log.
            Assert.True(first[1].Elapsed < TimeSpan.FromMinutes(1));

            await _sim.ControlAsync(HttpMethod.Post, "device-wipes/approve");
            IReadOnlyList<Ws1DeviceCommandOutcome> second = await Follower().FollowAsync(commands.Skip(1).ToList(), TimeSpan.FromMinutes(5), CancellationToken.None);
            Assert.Equal(Ws1DeviceCommandOutcomeStatus.Completed, second[0].Status);
        }

        [Fact]
        public async Task Results_that_were_not_sent_settle_without_a_call()
        {
            Ws1Device device = Take(1)[0];
            var results = new[]
            {
                Ws1DeviceCommandResult.Skipped(device, Ws1DeviceCommand.Lock, "not enrolled"),
                Ws1DeviceCommandResult.Failed(device, Ws1DeviceCommand.Lock, new Ws1ApiException(Ws1ErrorKind.BadRequest, "refused")),
            }.Select(r => new KeyValuePair<Ws1Session, Ws1DeviceCommandResult>(_session, r)).ToList();
            await _sim.ClearJournalAsync();

            IReadOnlyList<Ws1DeviceCommandOutcome> outcomes = await Follower().FollowAsync(results, TimeSpan.FromMinutes(1), CancellationToken.None);

            Assert.Equal(new[] { Ws1DeviceCommandOutcomeStatus.NotSent, Ws1DeviceCommandOutcomeStatus.Failed }, outcomes.Select(o => o.Status));
            Assert.Empty(await _sim.JournalAsync());
        }

        // ---- in a runspace, on the real clock (the simulator's too) --------------------------------

        [Fact]
        public async Task Wait_on_the_device_actions_and_Wait_Ws1DeviceCommand_report_Completed_Pending_and_Held()
        {
            await using TestSimulator sim = await TestSimulator.StartAsync(users: 300, seed: 13);
            using var ps = new ModuleRunspace();
            ps.Connect(sim, "A");
            List<Ws1Device> all;
            using (Ws1Session session = await sim.ConnectAsync())
                all = session.Devices.SearchAsync(null, CancellationToken.None).Sync().ToList();
            var byUser = all.GroupBy(d => d.UserName).Where(g => g.All(d => d.EnrollmentStatus == "Enrolled" && !d.IsMacOS)).Select(g => g.Key).ToList();

            // Completed: devices check in 200 ms after a command.
            await sim.ControlAsync(HttpMethod.Post, "settings", new { CheckInDelayMs = 200, WipeThreshold = 0 });
            RunResult locked = ps.Run("param($n) Lock-Ws1UserDevice -UserName $n -AccountName A -Confirm:$false -Wait -Timeout 30 -PollInterval 0.2", Args("n", byUser[0]));
            Assert.Empty(locked.AllErrors);
            Assert.NotEmpty(locked.Output);
            Assert.All(locked.Output, o =>
            {
                Assert.IsType<Ws1DeviceCommandOutcome>(o.BaseObject);
                Assert.Equal("Completed", P(o, "Status").ToString());
            });
            // Progress says how many are done, and its bar is closed.
            Assert.Contains(locked.Progress, p => p.Activity.StartsWith("Following") && p.StatusDescription.Contains(" of "));
            Assert.Equal(ProgressRecordType.Completed, locked.Progress.Last().RecordType);

            // Pending: devices never check in; a short timeout.
            await sim.ControlAsync(HttpMethod.Post, "settings", new { CheckInDelayMs = -1 });
            RunResult pending = ps.Run("param($n) Lock-Ws1UserDevice -UserName $n -AccountName A -Confirm:$false | Wait-Ws1DeviceCommand -Timeout 1 -PollInterval 0.2", Args("n", byUser[1]));
            Assert.Empty(pending.AllErrors);
            Assert.NotEmpty(pending.Output);
            Assert.All(pending.Output, o => Assert.Equal("Pending", P(o, "Status").ToString()));

            // Held: the threshold is reached, so the wipe is held; its result says how to release it.
            await sim.ControlAsync(HttpMethod.Post, "settings", new { WipeThreshold = 1, CheckInDelayMs = 200 });
            Assert.Empty(ps.Run("param($n) Invoke-Ws1UserDeviceWipe -UserName $n -AccountName A -WipeType Enterprise -Force", Args("n", byUser[2])).AllErrors);
            RunResult held = ps.Run("param($n) Invoke-Ws1UserDeviceWipe -UserName $n -AccountName A -WipeType Enterprise -Force -Wait -Timeout 30 -PollInterval 0.2", Args("n", byUser[3]));
            Assert.Empty(held.AllErrors);
            Assert.NotEmpty(held.Output);
            Assert.All(held.Output, o =>
            {
                Assert.Equal("Held", P(o, "Status").ToString());
                Assert.Contains("Get-Ws1DeviceWipe -Status Held -AccountName 'A'", ((Ws1DeviceCommandResult)P(o, "Result")).Message);
                Assert.Contains("Approve-Ws1DeviceWipe", ((Ws1DeviceCommandResult)P(o, "Result")).Message);
            });

            // Approved, the held wipes are followed to the end.
            RunResult approved = ps.Run("param($n) $held = Invoke-Ws1UserDeviceWipe -UserName $n -AccountName A -WipeType Enterprise -Force -WhatIf; " +
                "Get-Ws1DeviceWipe -AccountName A -Status Held | Approve-Ws1DeviceWipe -Force | Out-Null; " +
                "Get-Ws1Device -UserName $n -AccountName A | Out-Null", Args("n", byUser[3]));
            Assert.Empty(approved.AllErrors);
            RunResult after = ps.Run("param($r) $r | Wait-Ws1DeviceCommand -Timeout 30 -PollInterval 0.2", Args("r", held.Output.Select(o => P(o, "Result")).ToArray()));
            Assert.Empty(after.AllErrors);
            Assert.All(after.Output, o => Assert.Equal("Completed", P(o, "Status").ToString()));
        }
    }
}
