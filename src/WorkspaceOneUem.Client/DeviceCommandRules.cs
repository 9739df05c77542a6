using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Security;
using WorkspaceOneUem.Client.Http;

namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// What decides how a device command is sent, or whether it is sent at all: which devices can take it, which
    /// go in bulk and under which <c>bulksettings</c> limit, which carry an unlock PIN, which permissions it needs, its
    /// wire names, and how it is named. Kept apart from <see cref="DeviceApi"/>, which only talks to the endpoints,
    /// so that the rules read (and test) without a session; every command's choices are in <see cref="Specs"/>.
    /// </summary>
    public static class DeviceCommandRules
    {
        /// <summary>How a command goes on the wire (docs/api-behaviour.md §4 and §11).</summary>
        internal enum WireForm
        {
            /// <summary>POST mdm/devices/{id}/commands?command=X; bulk POST mdm/devices/commands/bulk?command=Y.</summary>
            Command,

            /// <summary>POST mdm/devices/{id}/messages/{kind} with the message; bulk POST mdm/devices/messages/bulk{kind}.</summary>
            Message,

            /// <summary>DELETE mdm/devices/{id}; bulk POST mdm/devices/bulk.</summary>
            Delete,
        }

        internal sealed class Spec
        {
            public Ws1DeviceCommand Command;
            public string Text = string.Empty;

            /// <summary>What a warning says there is nothing to do: "nothing to lock".</summary>
            public string Verb = string.Empty;
            public Ws1Action Action;
            public WireForm Form;

            /// <summary>The bulk path and query, or null when the API has no bulk form.</summary>
            public string? BulkPath;

            /// <summary>The <c>bulksettings</c> entry that caps the bulk form.</summary>
            public Func<Ws1BulkCommandLimits, long>? BulkLimit;
            public bool TakesUnlockPin;

            /// <summary>Deleting a record needs no enrolled device; every command the device carries out does.</summary>
            public bool AnyEnrollment;
        }

        private static string BulkCommand(string name) => $"mdm/devices/commands/bulk?command={name}&searchby=DeviceId";

        private static readonly Dictionary<Ws1DeviceCommand, Spec> Specs = new[]
        {
            new Spec { Command = Ws1DeviceCommand.Lock, Text = "Lock", Verb = "lock", Action = Ws1Action.LockDevice, TakesUnlockPin = true,
                BulkPath = BulkCommand("LockDevice"), BulkLimit = l => l.LockDevice },
            new Spec { Command = Ws1DeviceCommand.DeviceWipe, Text = "Full wipe (factory reset)", Verb = "wipe", Action = Ws1Action.WipeDevice, TakesUnlockPin = true },
            new Spec { Command = Ws1DeviceCommand.EnterpriseWipe, Text = "Enterprise wipe", Verb = "wipe", Action = Ws1Action.WipeDevice,
                BulkPath = BulkCommand("EnterpriseWipe"), BulkLimit = l => l.EnterpriseWipe },
            new Spec { Command = Ws1DeviceCommand.ClearPasscode, Text = "Clear passcode", Verb = "clear", Action = Ws1Action.ClearDevicePasscode },
            new Spec { Command = Ws1DeviceCommand.DeviceQuery, Text = "Sync (device query)", Verb = "sync", Action = Ws1Action.QueryDevice },
            // bulksettings has no entry of their own for SoftReset and Shutdown: LockDevice's caps them, as in the simulator.
            new Spec { Command = Ws1DeviceCommand.SoftReset, Text = "Restart (soft reset)", Verb = "restart", Action = Ws1Action.RestartDevice,
                BulkPath = BulkCommand("SoftReset"), BulkLimit = l => l.LockDevice },
            new Spec { Command = Ws1DeviceCommand.Shutdown, Text = "Shut down", Verb = "shut down", Action = Ws1Action.ShutDownDevice,
                BulkPath = BulkCommand("Shutdown"), BulkLimit = l => l.LockDevice },
            new Spec { Command = Ws1DeviceCommand.PushMessage, Text = "Push message", Verb = "message", Action = Ws1Action.SendDeviceMessage, Form = WireForm.Message,
                BulkPath = "mdm/devices/messages/bulkpush?searchby=DeviceId", BulkLimit = l => l.SendMessage },
            new Spec { Command = Ws1DeviceCommand.EmailMessage, Text = "Email message", Verb = "message", Action = Ws1Action.SendDeviceMessage, Form = WireForm.Message,
                BulkPath = "mdm/devices/messages/bulkemail?searchby=DeviceId", BulkLimit = l => l.SendMessage },
            new Spec { Command = Ws1DeviceCommand.SmsMessage, Text = "SMS message", Verb = "message", Action = Ws1Action.SendDeviceMessage, Form = WireForm.Message,
                BulkPath = "mdm/devices/messages/bulksms?searchby=DeviceId", BulkLimit = l => l.SendMessage },
            new Spec { Command = Ws1DeviceCommand.Delete, Text = "Delete", Verb = "delete", Action = Ws1Action.DeleteDevice, Form = WireForm.Delete, AnyEnrollment = true,
                BulkPath = "mdm/devices/bulk?searchby=DeviceId", BulkLimit = l => l.DeleteDevice },
        }.ToDictionary(s => s.Command);

        internal static Spec Of(Ws1DeviceCommand command) =>
            Specs.TryGetValue(command, out Spec? spec) ? spec : throw new ArgumentOutOfRangeException(nameof(command), command, "Not a device command.");

        /// <summary>An enrollment status that says a wipe is queued for the device (EnterpriseWipePending, DeviceWipePending).</summary>
        public static bool IsWipePending(string? enrollmentStatus) =>
            enrollmentStatus != null && enrollmentStatus.IndexOf("WipePending", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>The enrollment status of a device wiped or unenrolled.</summary>
        public static bool IsUnenrolled(string? enrollmentStatus) =>
            string.Equals(enrollmentStatus, Ws1Device.Unenrolled, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Why a device cannot take <paramref name="command"/> now (not enrolled, a wipe already pending), or null when
        /// it can. Sending anyway only earns a 400, or a second wipe queued behind the first. A delete takes any device.
        /// </summary>
        public static string? SkipReason(Ws1Device device, Ws1DeviceCommand command)
        {
            if (device == null)
                throw new ArgumentNullException(nameof(device));
            if (Of(command).AnyEnrollment)
                return null;
            string status = device.EnrollmentStatus ?? "unknown";
            if (string.Equals(status, Ws1Device.Enrolled, StringComparison.OrdinalIgnoreCase))
                return null;
            if (IsWipePending(status))
                return $"A wipe is already pending on this device (enrollment status {status}); nothing was sent.";
            return $"The device is not enrolled (enrollment status {status}), so it cannot take commands; nothing was sent.";
        }

        /// <summary>The command of a wipe type: Full is a device wipe (factory reset), Enterprise an enterprise wipe.</summary>
        public static Ws1DeviceCommand WipeCommand(Ws1WipeType type) => type == Ws1WipeType.Full ? Ws1DeviceCommand.DeviceWipe : Ws1DeviceCommand.EnterpriseWipe;

        /// <summary>Unlock PINs for macOS lock and wipe are six digits.</summary>
        public static bool IsValidUnlockPin(SecureString pin)
        {
            string? text = Secrets.Reveal(pin);
            return text != null && text.Length == 6 && text.All(c => c >= '0' && c <= '9');
        }

        /// <summary>
        /// Whether the command goes to the device with the unlock PIN (the v2 command): a macOS lock or full wipe
        /// when a PIN was given. No other command takes one.
        /// </summary>
        public static bool SendsUnlockPin(Ws1Device device, Ws1DeviceCommand command, SecureString? unlockPin)
        {
            if (device == null)
                throw new ArgumentNullException(nameof(device));
            return unlockPin != null && device.IsMacOS && Of(command).TakesUnlockPin;
        }

        /// <summary>
        /// Whether the device can be named in a bulk request for <paramref name="command"/>: the command must have a
        /// bulk form, and a bulk call cannot carry the unlock PIN a macOS lock is sent with.
        /// </summary>
        public static bool CanSendInBulk(Ws1Device device, Ws1DeviceCommand command, SecureString? unlockPin)
        {
            if (device == null)
                throw new ArgumentNullException(nameof(device));
            return Of(command).BulkPath != null && !SendsUnlockPin(device, command, unlockPin);
        }

        /// <summary>The most devices one bulk request for <paramref name="command"/> may name; 0 when it has no bulk form or no limit was given.</summary>
        public static long BulkLimit(Ws1BulkCommandLimits? limits, Ws1DeviceCommand command)
        {
            Spec spec = Of(command);
            return limits == null || spec.BulkLimit == null ? 0 : Math.Max(0, spec.BulkLimit(limits));
        }

        public static bool IsWipe(Ws1DeviceCommand command) => command == Ws1DeviceCommand.DeviceWipe || command == Ws1DeviceCommand.EnterpriseWipe;

        /// <summary>What a command does, in the terms of the role permissions it needs.</summary>
        public static Ws1Action ActionOf(Ws1DeviceCommand command) => Of(command).Action;

        /// <summary>How people name a command: "Lock", "Full wipe (factory reset)", "Clear passcode".</summary>
        public static string CommandText(Ws1DeviceCommand command) => Of(command).Text;

        /// <summary>What there is nothing to do for a user without devices: "lock", "shut down".</summary>
        public static string Verb(Ws1DeviceCommand command) => Of(command).Verb;

        /// <summary>The request for one device (v1): a command, a message, or the record's delete.</summary>
        internal static (HttpMethod Method, string Path) SinglePath(Ws1DeviceCommand command, string deviceId, DeviceMessage? message)
        {
            switch (Of(command).Form)
            {
                case WireForm.Message:
                    // CheckMessage refused a message command without its message before any request was built.
                    return (HttpMethod.Post, $"mdm/devices/{deviceId}/messages/{message!.PathName}");
                case WireForm.Delete:
                    return (HttpMethod.Delete, "mdm/devices/" + deviceId);
                default:
                    return (HttpMethod.Post, $"mdm/devices/{deviceId}/commands?command={command}");
            }
        }

        internal static bool IsMessage(Ws1DeviceCommand command) => Of(command).Form == WireForm.Message;

        /// <summary>Whether success means done (a deleted record), not queued for the device's next check-in.</summary>
        internal static bool IsDoneAtOnce(Ws1DeviceCommand command) => Of(command).Form == WireForm.Delete;
    }
}
