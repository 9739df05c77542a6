using System.Globalization;

namespace WorkspaceOneUem
{
    /// <summary>The steps of Invoke-Ws1UserOffboarding, in the order they always run.</summary>
    public enum Ws1OffboardingStep
    {
        /// <summary>Deactivate the user: it can no longer enroll or sign in, and frees its license.</summary>
        Disable,

        /// <summary>Lock each enrolled device of the user.</summary>
        LockDevice,

        /// <summary>Wipe each enrolled device of the user, full or enterprise by its ownership.</summary>
        WipeDevice,

        /// <summary>Take the user out of every custom user group it is a member of.</summary>
        RemoveFromUserGroup,

        /// <summary>Delete the user.</summary>
        Delete,
    }

    public enum Ws1OffboardingStatus
    {
        /// <summary>Sent and accepted: the user changed, or the device command is queued (or, with -Wait, carried out).</summary>
        Done,

        /// <summary>The tenant shows this step done already (user inactive, wipe pending, no group left, user gone): nothing was sent.</summary>
        AlreadyDone,

        /// <summary>Not sent, for the reason given: nothing to do (no devices, not enrolled), or an earlier step of the user did not finish.</summary>
        Skipped,

        /// <summary>A wipe the tenant's wipe protection holds until an admin approves it.</summary>
        Held,

        /// <summary>Refused or failed; the reason and the error say why. The user's later steps are skipped.</summary>
        Failed,

        /// <summary>The request's answer was lost: it may or may not have been carried out, and was not sent again.</summary>
        OutcomeUnknown,
    }

    /// <summary>What became of one step of one user (and one device, for the device steps; one group, for groups).</summary>
    public sealed class Ws1OffboardingResult
    {
        public string? AccountName { get; internal set; }
        public string? UserName { get; internal set; }

        /// <summary>Null when the user could not be found.</summary>
        public long? UserId { get; internal set; }

        public Ws1OffboardingStep Step { get; internal set; }
        public Ws1OffboardingStatus Status { get; internal set; }

        public long? DeviceId { get; internal set; }
        public string? DeviceName { get; internal set; }
        public string? SerialNumber { get; internal set; }
        public string? Platform { get; internal set; }
        public Ws1DeviceOwnership? Ownership { get; internal set; }

        /// <summary>For a wipe: the wipe chosen for the device's ownership.</summary>
        public Ws1WipeType? WipeType { get; internal set; }

        public long? UserGroupId { get; internal set; }
        public string? UserGroupName { get; internal set; }

        /// <summary>Why the step ended so: what was sent and what the tenant said, or why nothing was sent.</summary>
        public string? Reason { get; internal set; }

        /// <summary>The correlation id of the request that settled it, to quote to support.</summary>
        public string? CorrelationId { get; internal set; }

        /// <summary>The device or group a step acted on, as the table shows it: "device 12", "group 'Sales'"; empty for the user itself.</summary>
        public string Target =>
            DeviceId.HasValue ? "device " + DeviceId.Value.ToString(CultureInfo.InvariantCulture)
            : UserGroupName != null ? $"group '{UserGroupName}'"
            : string.Empty;

        /// <summary>Why it failed, for the caller's error record; results failed by one request share one instance.</summary>
        internal Client.Ws1ApiException? Error { get; set; }

        /// <summary>
        /// Why the step failed (null when it did not), for the caller's error record. A method rather than a property, so
        /// that results written to the pipeline, tables and files do not carry the exception.
        /// </summary>
        public Client.Ws1ApiException? GetError() => Error;

        /// <summary>The device command as sent, for following it (-Wait).</summary>
        internal Ws1DeviceCommandResult? Command { get; set; }

        internal Ws1OffboardingResult With(Ws1OffboardingStatus status, string? reason)
        {
            var copy = (Ws1OffboardingResult)MemberwiseClone();
            copy.Status = status;
            copy.Reason = reason;
            return copy;
        }

        public override string ToString() =>
            Target.Length > 0 ? $"{UserName} {Step} {Target}: {Status}" : $"{UserName} {Step}: {Status}";
    }
}
