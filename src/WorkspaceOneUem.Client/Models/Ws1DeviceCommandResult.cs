using System;

namespace WorkspaceOneUem
{
    /// <summary>
    /// A command sent to one device. The names of the mdm v1 commands are used on the wire as they are; how each is
    /// sent (its path, its bulk form and limit, its permissions) is <see cref="Client.DeviceCommandRules"/>'s.
    /// </summary>
    public enum Ws1DeviceCommand
    {
        Lock,

        /// <summary>Full wipe: factory reset.</summary>
        DeviceWipe,

        /// <summary>Unenroll and remove managed content only.</summary>
        EnterpriseWipe,

        /// <summary>Removes the device's passcode, so it opens without one.</summary>
        ClearPasscode,

        /// <summary>Asks the device to report its current state, so the console shows fresh data.</summary>
        DeviceQuery,

        /// <summary>Restarts the device.</summary>
        SoftReset,

        /// <summary>Turns the device off.</summary>
        Shutdown,

        /// <summary>A push notification (messages/push).</summary>
        PushMessage,

        /// <summary>An email to the device's user (messages/email).</summary>
        EmailMessage,

        /// <summary>A text message (messages/sms).</summary>
        SmsMessage,

        /// <summary>Deletes the device record from the tenant (DELETE, not a command the device carries out).</summary>
        Delete,
    }

    /// <summary>The two wipes a person chooses between.</summary>
    public enum Ws1WipeType
    {
        /// <summary>DeviceWipe: factory reset; everything on the device is erased.</summary>
        Full,

        /// <summary>EnterpriseWipe: unenroll and remove managed apps, profiles and content only.</summary>
        Enterprise,
    }

    public enum Ws1DeviceCommandStatus
    {
        /// <summary>Accepted (202): queued for the device's next check-in, not yet done.</summary>
        Queued,

        /// <summary>Accepted, but the tenant's wipe protection holds it until an admin approves it.</summary>
        Held,

        /// <summary>Refused or failed; the message says whether it may still have happened.</summary>
        Failed,

        /// <summary>Not sent: the device is not in a state to take the command.</summary>
        Skipped,

        /// <summary>Stopped (Ctrl+C) while the request was on the wire: the device may or may not have taken it.</summary>
        OutcomeUnknown,

        /// <summary>Not sent: the command was stopped before this device's turn.</summary>
        NotSent,

        /// <summary>The device record was deleted: done at once, not queued for the device.</summary>
        Deleted,
    }

    /// <summary>
    /// What happened to one device: one of these per device a device action looked at. Made complete by the client
    /// and not changed after: a later finding (wipe protection) makes a new one.
    /// </summary>
    public sealed class Ws1DeviceCommandResult
    {
        public string? AccountName { get; private set; }
        public string? UserName { get; private set; }
        public long DeviceId { get; private set; }
        public string? SerialNumber { get; private set; }
        public Ws1DeviceCommand Command { get; private set; }
        public Ws1DeviceCommandStatus Status { get; private set; }
        public string? Message { get; private set; }
        public string? CorrelationId { get; private set; }

        /// <summary>The device's last check-in before the command: a later one shows it checked in since (<see cref="Client.DeviceCommandFollower"/>).</summary>
        internal DateTime? LastSeenBefore { get; private set; }

        /// <summary>Where wipe protection is read for this device (<see cref="Client.DeviceApi.ApplyWipeProtectionAsync"/>).</summary>
        internal string? OrganizationGroupUuid { get; private set; }

        internal bool IsWipe => Client.DeviceCommandRules.IsWipe(Command);

        /// <summary>Why it failed, for the caller's error record. Devices failed by one request share one instance.</summary>
        internal Client.Ws1ApiException? Error { get; private set; }

        /// <summary>
        /// Why it failed (null when it did not), for the caller's error record. A method rather than a property, so
        /// that results written to the pipeline, tables and files do not carry the exception.
        /// </summary>
        public Client.Ws1ApiException? GetError() => Error;

        public static Ws1DeviceCommandResult For(Ws1Device device, Ws1DeviceCommand command, Ws1DeviceCommandStatus status, string message, string? correlationId = null)
        {
            if (device == null)
                throw new ArgumentNullException(nameof(device));
            return new Ws1DeviceCommandResult
            {
                AccountName = device.AccountName,
                UserName = device.UserName,
                DeviceId = device.Id,
                SerialNumber = device.SerialNumber,
                Command = command,
                Status = status,
                Message = message,
                CorrelationId = correlationId,
                OrganizationGroupUuid = device.OrganizationGroupUuid,
                LastSeenBefore = device.LastSeen,
            };
        }

        public static Ws1DeviceCommandResult Skipped(Ws1Device device, Ws1DeviceCommand command, string reason) =>
            For(device, command, Ws1DeviceCommandStatus.Skipped, reason);

        /// <summary>
        /// A failed send. An ambiguous failure says "Outcome unknown" first: the command may have reached the
        /// device, and was deliberately not sent again.
        /// </summary>
        public static Ws1DeviceCommandResult Failed(Ws1Device device, Ws1DeviceCommand command, Client.Ws1ApiException error)
        {
            if (error == null)
                throw new ArgumentNullException(nameof(error));
            string message = error.Kind == Client.Ws1ErrorKind.OutcomeUnknown
                ? "Outcome unknown: the command may have been carried out; it was not sent again. " + error.Message
                : error.Message;
            Ws1DeviceCommandResult result = For(device, command, Ws1DeviceCommandStatus.Failed, message, error.CorrelationId);
            result.Error = error;
            return result;
        }

        /// <summary>This result with another status and message.</summary>
        internal Ws1DeviceCommandResult With(Ws1DeviceCommandStatus status, string message)
        {
            var copy = (Ws1DeviceCommandResult)MemberwiseClone();
            copy.Status = status;
            copy.Message = message;
            return copy;
        }

        public override string ToString() => $"{Command} {DeviceId}: {Status}";
    }
}
