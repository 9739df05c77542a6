using System;
using System.Linq;
using System.Security;
using WorkspaceOneUem.Client.Http;

namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// What decides how a device command is sent, or whether it is sent at all: which devices can take it, which
    /// go in bulk, which carry an unlock PIN, and how it is named. Kept apart from <see cref="DeviceApi"/>, which
    /// only talks to the endpoints, so that the rules read (and test) without a session.
    /// </summary>
    public static class DeviceCommandRules
    {
        /// <summary>
        /// Why a device cannot take a command now (not enrolled, a wipe already pending), or null when it can.
        /// Sending anyway only earns a 400, or a second wipe queued behind the first.
        /// </summary>
        public static string SkipReason(Ws1Device device)
        {
            if (device == null)
                throw new ArgumentNullException(nameof(device));
            string status = device.EnrollmentStatus ?? "unknown";
            if (string.Equals(status, Ws1Device.Enrolled, StringComparison.OrdinalIgnoreCase))
                return null;
            if (status.IndexOf("WipePending", StringComparison.OrdinalIgnoreCase) >= 0)
                return $"A wipe is already pending on this device (enrollment status {status}); nothing was sent.";
            return $"The device is not enrolled (enrollment status {status}), so it cannot take commands; nothing was sent.";
        }

        /// <summary>Unlock PINs for macOS lock and wipe are six digits.</summary>
        public static bool IsValidUnlockPin(SecureString pin)
        {
            string text = Secrets.Reveal(pin);
            return text != null && text.Length == 6 && text.All(c => c >= '0' && c <= '9');
        }

        /// <summary>
        /// Whether the command goes to the device with the unlock PIN (the v2 command): a macOS lock or full wipe
        /// when a PIN was given. An enterprise wipe never takes one.
        /// </summary>
        public static bool SendsUnlockPin(Ws1Device device, Ws1DeviceCommand command, SecureString unlockPin)
        {
            if (device == null)
                throw new ArgumentNullException(nameof(device));
            return unlockPin != null && device.IsMacOS && command != Ws1DeviceCommand.EnterpriseWipe;
        }

        /// <summary>
        /// Whether the device can be named in the bulk <paramref name="command"/>: v1 has bulk Lock and EnterpriseWipe
        /// only, and a bulk call cannot carry the unlock PIN a macOS lock is sent with.
        /// </summary>
        public static bool CanSendInBulk(Ws1Device device, Ws1DeviceCommand command, SecureString unlockPin)
        {
            if (device == null)
                throw new ArgumentNullException(nameof(device));
            return command == Ws1DeviceCommand.EnterpriseWipe
                || (command == Ws1DeviceCommand.Lock && !SendsUnlockPin(device, command, unlockPin));
        }

        /// <summary>What a command does, in the terms of the role permissions it needs.</summary>
        public static Ws1Action ActionOf(Ws1DeviceCommand command) => command == Ws1DeviceCommand.Lock ? Ws1Action.LockDevice : Ws1Action.WipeDevice;

        /// <summary>How people name a command: "Lock", "Full wipe (factory reset)", "Enterprise wipe".</summary>
        public static string CommandText(Ws1DeviceCommand command)
        {
            switch (command)
            {
                case Ws1DeviceCommand.Lock: return "Lock";
                case Ws1DeviceCommand.DeviceWipe: return "Full wipe (factory reset)";
                case Ws1DeviceCommand.EnterpriseWipe: return "Enterprise wipe";
                default: return command.ToString();
            }
        }
    }
}
