using System;
using System.Management.Automation;
using System.Security;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>Lock and full wipe: the device actions a macOS device may need its 6-digit unlock PIN for.</summary>
    public abstract class UnlockPinDeviceActionCmdlet : DeviceActionCmdlet
    {
        /// <summary>The 6-digit PIN that macOS devices need for lock and full wipe; sent with the v2 command.</summary>
        [Parameter]
        [SecureStringTransformation]
        [ValidateNotNull]
        public SecureString? UnlockPin { get; set; }

        protected override SecureString? CommandUnlockPin => UnlockPin;

        protected override void BeginProcessing() => CheckUnlockPin(this, UnlockPin);

        /// <summary>Ends <paramref name="cmdlet"/> with Ws1.InvalidUnlockPin unless the PIN, when given, is 6 digits.</summary>
        internal static void CheckUnlockPin(Cmdlet cmdlet, SecureString? pin)
        {
            if (pin != null && !DeviceCommandRules.IsValidUnlockPin(pin))
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException("-UnlockPin must be exactly 6 digits."),
                    "Ws1.InvalidUnlockPin", ErrorCategory.InvalidArgument, null));
            }
        }
    }
}
