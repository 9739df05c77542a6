namespace WorkspaceOneUem.Simulator;

/// <summary>
/// What happens to a device after an accepted command, as time passes, and wipe protection. Every time-driven
/// choice of the simulator lives here. State moves are not run by timers: each command gets the time its device
/// will check in, and the first call (or control read) at or after that time carries it out, so an injected
/// clock (<see cref="SimulatorOptions.Clock"/>) makes the whole life cycle deterministic.
/// </summary>
internal static class DeviceLifecycle
{
    public const string Queued = "QUEUED";
    public const string Held = "HELD";
    public const string Approved = "APPROVED";
    public const string Aborted = "ABORTED";

    public static bool IsWipe(string command) => command is "DeviceWipe" or "EnterpriseWipe";

    public static string PendingStatusOf(string wipeCommand) => wipeCommand == "DeviceWipe" ? "DeviceWipePending" : "EnterpriseWipePending";

    /// <summary>The devices that never check in: a fixed share, picked by the seed, so a test can find one.</summary>
    public static bool NeverChecksIn(SimulatorOptions o, int deviceId) =>
        o.NeverCheckInPercent > 0 && (int)(Hash.Of(o.Seed, 41, deviceId) % 100) < o.NeverCheckInPercent;

    /// <summary>When a device checks in for a command queued at <paramref name="now"/>; null = never.</summary>
    private static DateTime? CheckInTime(SimulatorOptions o, int deviceId, DateTime now) =>
        o.CheckInDelayMs < 0 || NeverChecksIn(o, deviceId) ? null : now.AddMilliseconds(o.CheckInDelayMs);

    /// <summary>Queues a command (or message) for a device; it is done when the device checks in. Caller holds the write lock.</summary>
    public static CommandRecord Queue(SimulatorState st, int deviceId, string command, string? user, DateTime now, string? detail = null)
    {
        var data = st.Data;
        var state = data.StateOf(deviceId);
        var c = new CommandRecord { DeviceId = deviceId, Command = command, QueuedAt = now, DueAt = CheckInTime(st.Options, deviceId, now), RequestedBy = user };
        state.Commands.Add(c);
        data.ScheduleCheckIn(c);
        AddEvent(data, state, now, "Information", "Console", "Command", $"{command} queued", detail, user);
        data.Touch();
        return c;
    }

    /// <summary>Carries out the check-ins that are due. Takes the write lock only when one is due; callers hold no lock.</summary>
    public static void SettleIfDue(SimulatorState st)
    {
        var now = st.Now;
        var data = st.Data;
        if (!data.HasCheckInDue(now)) return;
        data.Lock.EnterWriteLock();
        try
        {
            foreach (var c in data.TakeDueCheckIns(now)) CheckIn(data, c);
            data.Touch();
        }
        finally { data.Lock.ExitWriteLock(); }
    }

    private static void CheckIn(TenantData data, CommandRecord c)
    {
        var state = data.StateOf(c.DeviceId);
        if (state.Deleted) return;
        var at = c.DueAt.GetValueOrDefault();
        c.CompletedAt = at;
        if (state.LastSeen == null || state.LastSeen < at) state.LastSeen = at;
        if (IsWipe(c.Command) && state.EnrollmentStatus == PendingStatusOf(c.Command))
        {
            state.EnrollmentStatus = "Unenrolled";
            AddEvent(data, state, at, "Information", "Device", "Command", $"{c.Command} completed", "The device is unenrolled.", c.RequestedBy);
            return;
        }
        AddEvent(data, state, at, "Information", "Device", "Command", $"{c.Command} completed", null, c.RequestedBy);
    }

    public static void AddEvent(TenantData data, DeviceState state, DateTime at, string severity, string source, string category, string text, string? detail, string? user) =>
        state.Events.Add(new DeviceEvent { Id = data.NextSequence(), At = at, Severity = severity, Source = source, Category = category, Event = text, Data = detail, User = user });

    // ---- wipe protection -------------------------------------------------------------------------

    /// <summary>The threshold lock as the simulator models it (field names and meaning are its choice).</summary>
    public sealed record WipeLockState(bool IsLocked, int Threshold, int WindowMinutes, int CountedWipes, int HeldWipes, DateTime? LockedSince, DateTime? LastUnlockedOn);

    /// <summary>
    /// Wipes QUEUED or APPROVED within the window (and sent after the last unlock) are counted; once they reach the
    /// threshold the lock is on and further wipes are HELD. It comes off when the window passes them, or on unlock.
    /// </summary>
    public static WipeLockState WipeLock(SimulatorState st, DateTime now)
    {
        var o = st.Options;
        var data = st.Data;
        var from = now.AddMinutes(-Math.Max(1, o.WipeWindowMinutes));
        var counted = data.Wipes.Where(w => w.RequestedOn >= from && w.Sequence > data.WipesUnlockedAfter && w.Status is Queued or Approved).OrderBy(w => w.RequestedOn).ThenBy(w => w.Sequence).ToList();
        bool locked = o.WipeThreshold > 0 && counted.Count >= o.WipeThreshold;
        return new WipeLockState(locked, Math.Max(0, o.WipeThreshold), o.WipeWindowMinutes, counted.Count, data.Wipes.Count(w => w.Status == Held),
            locked ? counted[o.WipeThreshold - 1].RequestedOn : null, data.WipesUnlockedAt);
    }

    /// <summary>Records a wipe: QUEUED (the device goes to the wipe-pending state) or HELD by the lock (it stays Enrolled).</summary>
    public static WipeRecord RequestWipe(ApiRequest r, DeviceRecord d, string command, string source)
    {
        var st = r.State;
        var data = st.Data;
        var now = r.Now;
        bool held = WipeLock(st, now).IsLocked;
        long sequence = data.NextSequence();
        var og = data.Group(d.LocationGroupId);
        var record = new WipeRecord
        {
            Uuid = DataGenerator.GuidFrom(Hash.Of(st.Options.Seed, 43, sequence), Hash.Of(st.Options.Seed, 44, sequence)),
            DeviceId = d.Id,
            DeviceUuid = d.Uuid,
            SerialNumber = d.SerialNumber,
            DeviceFriendlyName = d.FriendlyName,
            UserName = data.GetUserAny(d.UserIndex)?.UserName,
            OrganizationGroupName = og?.Name,
            Ownership = WipeEndpoints.OwnershipName(d.Ownership),
            WipeType = command,
            Source = source,
            Status = held ? Held : Queued,
            RequestedOn = now,
            LocationGroupId = d.LocationGroupId,
            RequestedBy = r.Principal?.Name,
            Sequence = sequence,
        };
        data.Wipes.Add(record);
        var state = data.StateOf(d.Id);
        state.Wipes.Add(record);
        if (held)
        {
            AddEvent(data, state, now, "Warning", "Console", "WipeProtection", $"{command} held by wipe protection", $"Wipe record {record.Uuid}.", record.RequestedBy);
            data.Touch();
            return record;
        }
        state.EnrollmentStatus = PendingStatusOf(command);
        Queue(st, d.Id, command, record.RequestedBy, now, $"Wipe record {record.Uuid}.");
        return record;
    }

    /// <summary>HELD to APPROVED: the wipe goes out now, as if just queued. Caller holds the write lock.</summary>
    public static void Approve(SimulatorState st, WipeRecord x, string? user, DateTime now)
    {
        x.Status = Approved;
        x.ActionedOn = now;
        var state = st.Data.StateOf(x.DeviceId);
        AddEvent(st.Data, state, now, "Information", "Console", "WipeProtection", $"{x.WipeType} approved", $"Wipe record {x.Uuid}.", user);
        if (!state.Deleted)
        {
            state.EnrollmentStatus = PendingStatusOf(x.WipeType);
            Queue(st, x.DeviceId, x.WipeType, user, now, $"Wipe record {x.Uuid}.");
        }
        st.Data.Touch();
    }

    /// <summary>HELD to ABORTED: the wipe never goes out and the device stays enrolled. Caller holds the write lock.</summary>
    public static void Reject(SimulatorState st, WipeRecord x, string? user, DateTime now)
    {
        x.Status = Aborted;
        x.ActionedOn = now;
        AddEvent(st.Data, st.Data.StateOf(x.DeviceId), now, "Warning", "Console", "WipeProtection", $"{x.WipeType} rejected", $"Wipe record {x.Uuid}.", user);
        st.Data.Touch();
    }
}
