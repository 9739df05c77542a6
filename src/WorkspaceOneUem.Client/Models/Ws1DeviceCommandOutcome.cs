using System;

namespace WorkspaceOneUem
{
    /// <summary>Where a followed command stands (Wait-Ws1DeviceCommand, -Wait).</summary>
    public enum Ws1DeviceCommandOutcomeStatus
    {
        /// <summary>The tenant shows it done: the device checked in after it, or a wiped device is Unenrolled.</summary>
        Completed,

        /// <summary>Not done when following stopped (the timeout); the outcome says what was last seen.</summary>
        Pending,

        /// <summary>A wipe held by the tenant's wipe protection: nothing happens until an admin approves it.</summary>
        Held,

        /// <summary>Refused when sent, aborted in the wipe log, or the device is gone.</summary>
        Failed,

        /// <summary>Never sent (skipped, or stopped before its turn): nothing to follow.</summary>
        NotSent,
    }

    /// <summary>
    /// How a command sent to one device ended, as far as the tenant shows it when following stopped: one per
    /// <see cref="Ws1DeviceCommandResult"/> followed.
    /// </summary>
    public sealed class Ws1DeviceCommandOutcome
    {
        public string? AccountName { get; internal set; }
        public string? UserName { get; internal set; }
        public long DeviceId { get; internal set; }
        public string? SerialNumber { get; internal set; }
        public Ws1DeviceCommand Command { get; internal set; }
        public Ws1DeviceCommandOutcomeStatus Status { get; internal set; }

        /// <summary>What was last seen of the device, or why it failed.</summary>
        public string? Message { get; internal set; }

        /// <summary>The device's enrollment status at the last read (null when it was not read).</summary>
        public string? EnrollmentStatus { get; internal set; }

        /// <summary>The device's last check-in at the last read, as the server sends it (no time zone).</summary>
        public DateTime? LastSeen { get; internal set; }

        /// <summary>For a wipe: its status in the wipe log at the last read (HELD, QUEUED, APPROVED, ABORTED), when read.</summary>
        public string? WipeStatus { get; internal set; }

        /// <summary>How long it was followed.</summary>
        public TimeSpan Elapsed { get; internal set; }

        /// <summary>The result of sending it, as the device action wrote it.</summary>
        public Ws1DeviceCommandResult? Result { get; internal set; }

        public override string ToString() => $"{Command} {DeviceId}: {Status}";
    }
}
