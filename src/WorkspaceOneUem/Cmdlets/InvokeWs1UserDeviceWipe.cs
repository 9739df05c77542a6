using System.Collections.Generic;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Invoke-Ws1UserDeviceWipe: wipes the devices of the given users, or the devices given. A wipe cannot be undone,
    /// so: exact user match, one account, every device found before the first wipe so that -MaxDevices can stop the
    /// whole invocation, a prompt per device (ConfirmImpact High; -Force skips it, -WhatIf beats -Force), and
    /// never a resend after an ambiguous failure. Enterprise wipes go out in bulk requests of at most the tenant's
    /// EnterpriseWipe limit; full wipes have no bulk command and go one request per device, a few at once.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "Ws1UserDeviceWipe", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Base + "Invoke-Ws1UserDeviceWipe.md")]
    [OutputType(typeof(Ws1DeviceCommandResult))]
    public sealed class InvokeWs1UserDeviceWipe : UnlockPinDeviceActionCmdlet
    {
        public const int DefaultMaxDevices = 10;

        [Parameter(Mandatory = true)]
        public Ws1WipeType WipeType { get; set; }

        /// <summary>The most devices one invocation (the whole pipeline) may wipe.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxDevices { get; set; } = DefaultMaxDevices;

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override Ws1DeviceCommand Command => DeviceCommandRules.WipeCommand(WipeType);

        protected override bool Forced => Force;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (UnlockPin != null && WipeType == Ws1WipeType.Enterprise)
                WriteWarning("-UnlockPin is not used: an enterprise wipe needs no PIN.");
        }

        private protected override void Check(IReadOnlyList<DeviceTarget> targets) => StopWhenMoreThan(MaxDevices, targets);
    }
}
