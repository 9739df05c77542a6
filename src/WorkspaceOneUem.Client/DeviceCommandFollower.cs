using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WorkspaceOneUem.Client.Http;

namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// Follows queued device commands until the tenant shows how they ended, or the time is up. No call reports a
    /// command's end (docs/api-behaviour.md §11), so it watches what does change: a wiped device goes to the
    /// wipe-pending state and then Unenrolled, or the wipe log shows it held or aborted; any other command is done once
    /// the device has checked in after it (LastSeen later than before the command).
    /// Each round reads every device still followed, per account, by the cheaper of one GET per device
    /// (PageConcurrency at once) and one listing of the account's devices, and the wipe log once per group where a
    /// wipe has not moved yet. Every read goes through the session's transport, so its pacing, retries and quota apply.
    /// Rounds start soon and slow down to <see cref="PollInterval"/>.
    /// </summary>
    public sealed class DeviceCommandFollower
    {
        /// <summary>The longest pause between rounds by default.</summary>
        public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(10);

        private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);

        private readonly TimeProvider _time;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private TimeSpan _pollInterval = DefaultPollInterval;

        /// <param name="time">The clock deadlines are kept by; the system clock when null.</param>
        /// <param name="delay">How a pause between rounds is waited; a delay on <paramref name="time"/> when null.</param>
        public DeviceCommandFollower(TimeProvider? time = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
        {
            _time = time ?? TimeProvider.System;
            _delay = delay ?? DelayOn(_time);
        }

        /// <summary>The longest pause between two rounds of reads.</summary>
        public TimeSpan PollInterval
        {
            get => _pollInterval;
            set => _pollInterval = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "The poll interval must be positive.");
        }

        private static Func<TimeSpan, CancellationToken, Task> DelayOn(TimeProvider time) =>
#if NETSTANDARD2_0
            (pause, ct) => time.Delay(pause, ct);
#else
            (pause, ct) => Task.Delay(pause, time, ct);
#endif

        /// <summary>
        /// Follows each result with the session of its account until it is settled or <paramref name="timeout"/> has
        /// passed; returns one outcome per result, in the given order. Results that were not sent (Skipped, NotSent) or
        /// failed are settled at once, without a call.
        /// </summary>
        public async Task<IReadOnlyList<Ws1DeviceCommandOutcome>> FollowAsync(IReadOnlyList<KeyValuePair<Ws1Session, Ws1DeviceCommandResult>> commands,
            TimeSpan timeout, CancellationToken ct)
        {
            if (commands == null)
                throw new ArgumentNullException(nameof(commands));
            DateTimeOffset started = _time.GetUtcNow();
            DateTimeOffset deadline = started + timeout;
            var followed = commands.Select(c => new Followed(c.Key, c.Value)).ToList();
            foreach (Followed f in followed.Where(f => !IsFollowable(f.Result)))
                Settle(f, NotFollowedStatus(f.Result), f.Result.Message, started);

            var deviceCounts = new Dictionary<Ws1Session, long>();
            string activity = $"Following {followed.Count} device command(s) until the tenant shows them done";
            TimeSpan pause = FirstPause < _pollInterval ? FirstPause : _pollInterval;
            while (true)
            {
                List<Followed> open = followed.Where(f => f.Outcome == null).ToList();
                if (open.Count > 0)
                {
                    foreach (IGrouping<Ws1Session, Followed> account in open.GroupBy(f => f.Session))
                    {
                        try
                        {
                            await ReadRoundAsync(account.Key, account.ToList(), deviceCounts, started, ct).ConfigureAwait(false);
                        }
                        catch (Ws1ApiException ex)
                        {
                            // Reads are retried by the transport already: what still fails stops following this account, not the others.
                            foreach (Followed f in account.Where(f => f.Outcome == null))
                                Settle(f, Ws1DeviceCommandOutcomeStatus.Pending, $"Following stopped, the tenant could not be read: {ex.Message} Last known: {f.LastSeenText()}", started);
                        }
                    }
                }
                int done = followed.Count(f => f.Outcome != null);
                Ws1Diagnostics.Progress(activity, done, followed.Count);
                if (done == followed.Count)
                    break;
                TimeSpan left = deadline - _time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    foreach (Followed f in followed.Where(f => f.Outcome == null))
                        Settle(f, Ws1DeviceCommandOutcomeStatus.Pending, $"Not done within {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s: {f.LastSeenText()}", started);
                    break;
                }
                await _delay(pause < left ? pause : left, ct).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, _pollInterval.Ticks));
            }
            // The loop ends only once every command has its outcome.
            return followed.Select(f => f.Outcome!).ToList();
        }

        private static bool IsFollowable(Ws1DeviceCommandResult result) =>
            result.Status == Ws1DeviceCommandStatus.Queued || result.Status == Ws1DeviceCommandStatus.Held;

        /// <summary>What a result that needs no following comes to: a delete is done when it is answered.</summary>
        private static Ws1DeviceCommandOutcomeStatus NotFollowedStatus(Ws1DeviceCommandResult result) =>
            result.Status == Ws1DeviceCommandStatus.Deleted ? Ws1DeviceCommandOutcomeStatus.Completed
            : result.Status == Ws1DeviceCommandStatus.Skipped || result.Status == Ws1DeviceCommandStatus.NotSent
                ? Ws1DeviceCommandOutcomeStatus.NotSent
                : Ws1DeviceCommandOutcomeStatus.Failed;

        private static bool IsWipe(Ws1DeviceCommand command) => command == Ws1DeviceCommand.DeviceWipe || command == Ws1DeviceCommand.EnterpriseWipe;

        /// <summary>One round for one account: read the devices, then the wipe log where a wipe shows no move yet.</summary>
        private async Task ReadRoundAsync(Ws1Session session, List<Followed> open, Dictionary<Ws1Session, long> deviceCounts, DateTimeOffset started, CancellationToken ct)
        {
            Dictionary<long, Ws1Device> devices = await ReadDevicesAsync(session, open, deviceCounts, ct).ConfigureAwait(false);
            var needLog = new List<Followed>();
            foreach (Followed f in open)
            {
                if (!devices.TryGetValue(f.Result.DeviceId, out Ws1Device? device))
                {
                    Settle(f, Ws1DeviceCommandOutcomeStatus.Failed,
                        $"Device {f.Result.DeviceId} is no longer on {session.AccountName} (deleted); whether it carried out {f.Result.Command} is unknown.", started);
                    continue;
                }
                f.Device = device;
                if (!IsWipe(f.Result.Command))
                {
                    if (CheckedInSince(device.LastSeen, f.Result.LastSeenBefore))
                        Settle(f, Ws1DeviceCommandOutcomeStatus.Completed, $"Done: the device checked in at {Text(device.LastSeen)}, after the command.", started);
                    continue;
                }
                string status = device.EnrollmentStatus ?? string.Empty;
                if (DeviceCommandRules.IsUnenrolled(status))
                    Settle(f, Ws1DeviceCommandOutcomeStatus.Completed, $"Done: the device is Unenrolled (last seen {Text(device.LastSeen)}).", started);
                else if (!DeviceCommandRules.IsWipePending(status))
                    needLog.Add(f);
            }
            foreach (IGrouping<string, Followed> group in needLog.GroupBy(f => f.Result.OrganizationGroupUuid ?? string.Empty, StringComparer.OrdinalIgnoreCase))
                await ReadWipeLogAsync(session, group.Key, group.ToList(), started, ct).ConfigureAwait(false);
        }

        /// <summary>
        /// The followed devices of one account, by the cheaper plan in requests (<see cref="DeviceApi.ReadByIdAsync"/>);
        /// the account's device count, once read, is kept for the next rounds. A device that is gone is missing from the answer.
        /// </summary>
        private static async Task<Dictionary<long, Ws1Device>> ReadDevicesAsync(Ws1Session session, List<Followed> open, Dictionary<Ws1Session, long> listed,
            CancellationToken ct)
        {
            var reading = new DeviceReading { Listed = listed.TryGetValue(session, out long count) ? count : (long?)null };
            var devices = new Dictionary<long, Ws1Device>();
            await foreach (Ws1Device device in session.Devices.ReadByIdAsync(open.Select(f => f.Result.DeviceId).Distinct().ToList(), null, reading, ct).ConfigureAwait(false))
                devices[device.Id] = device;
            if (reading.Listed.HasValue)
                listed[session] = reading.Listed.Value;
            return devices;
        }

        /// <summary>The newest log entry of each device decides: HELD and ABORTED settle it, QUEUED or APPROVED wait for the device.</summary>
        private async Task ReadWipeLogAsync(Ws1Session session, string groupUuid, List<Followed> wipes, DateTimeOffset started, CancellationToken ct)
        {
            if (groupUuid.Length == 0)
                return;
            var ids = new HashSet<long>(wipes.Select(f => f.Result.DeviceId));
            Dictionary<long, Ws1DeviceWipe> newest = await session.WipeProtection.NewestByDeviceAsync(groupUuid, ids, ct).ConfigureAwait(false);
            foreach (Followed f in wipes)
            {
                if (!newest.TryGetValue(f.Result.DeviceId, out Ws1DeviceWipe? entry))
                    continue;
                f.WipeStatus = entry.Status;
                if (entry.IsHeld())
                    Settle(f, Ws1DeviceCommandOutcomeStatus.Held,
                        $"Held by the tenant's wipe protection (wipe {entry.Uuid}): the device is not wiped until an admin approves it.", started);
                else if (entry.IsAborted)
                    Settle(f, Ws1DeviceCommandOutcomeStatus.Failed, $"Rejected in the wipe log (ABORTED, wipe {entry.Uuid}): the device is not wiped.", started);
            }
        }

        /// <summary>A check-in later than the one before the command; with none known before, any check-in counts.</summary>
        private static bool CheckedInSince(DateTime? lastSeen, DateTime? before) =>
            lastSeen.HasValue && (!before.HasValue || lastSeen.Value > before.Value);

        private void Settle(Followed f, Ws1DeviceCommandOutcomeStatus status, string? message, DateTimeOffset started)
        {
            Ws1DeviceCommandResult r = f.Result;
            f.Outcome = new Ws1DeviceCommandOutcome
            {
                AccountName = r.AccountName,
                UserName = r.UserName,
                DeviceId = r.DeviceId,
                SerialNumber = r.SerialNumber,
                Command = r.Command,
                Status = status,
                Message = message,
                EnrollmentStatus = f.Device?.EnrollmentStatus,
                LastSeen = f.Device?.LastSeen,
                WipeStatus = f.WipeStatus,
                Elapsed = _time.GetUtcNow() - started,
                Result = r,
            };
        }

        private static string Text(DateTime? time) => time?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "never";

        private sealed class Followed
        {
            public Followed(Ws1Session session, Ws1DeviceCommandResult result)
            {
                Session = session ?? throw new ArgumentNullException(nameof(session));
                Result = result ?? throw new ArgumentNullException(nameof(result));
            }

            public Ws1Session Session { get; }
            public Ws1DeviceCommandResult Result { get; }
            public Ws1Device? Device { get; set; }
            public string? WipeStatus { get; set; }
            public Ws1DeviceCommandOutcome? Outcome { get; set; }

            public string LastSeenText()
            {
                if (Device == null)
                    return "the device was not read.";
                string seen = CheckedInSince(Device.LastSeen, Result.LastSeenBefore)
                    ? $"last seen {Text(Device.LastSeen)}"
                    : $"last seen {Text(Device.LastSeen)}, not since the command";
                string wipe = WipeStatus != null ? $", wipe log {WipeStatus}" : string.Empty;
                return $"enrollment status {Device.EnrollmentStatus ?? "unknown"}, {seen}{wipe}.";
            }
        }
    }
}
