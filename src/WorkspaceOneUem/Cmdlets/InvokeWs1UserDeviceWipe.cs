using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Invoke-Ws1UserDeviceWipe: wipes the devices of the given users. A wipe cannot be undone, so: exact
    /// user match, one account, every device found before the first wipe so that -MaxDevices can stop the
    /// whole invocation, a prompt per device (ConfirmImpact High; -Force skips it, -WhatIf beats -Force), and
    /// never a resend after an ambiguous failure. Enterprise wipes go out in bulk requests of at most the tenant's
    /// EnterpriseWipe limit; full wipes have no bulk command and go one request per device, a few at once.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "Ws1UserDeviceWipe", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Base + "Invoke-Ws1UserDeviceWipe.md")]
    [OutputType(typeof(Ws1DeviceCommandResult))]
    public sealed class InvokeWs1UserDeviceWipe : DeviceActionCmdlet
    {
        public const int DefaultMaxDevices = 10;

        private readonly List<DeviceTarget> _targets = new List<DeviceTarget>();

        [Parameter(Mandatory = true)]
        public Ws1WipeType WipeType { get; set; }

        /// <summary>The most devices one invocation (the whole pipeline) may wipe.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxDevices { get; set; } = DefaultMaxDevices;

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override Ws1DeviceCommand Command => WipeType == Ws1WipeType.Full ? Ws1DeviceCommand.DeviceWipe : Ws1DeviceCommand.EnterpriseWipe;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (UnlockPin != null && WipeType == Ws1WipeType.Enterprise)
                WriteWarning("-UnlockPin is not used: an enterprise wipe needs no PIN.");
        }

        // Collect only: nothing is wiped until the whole pipeline is known and counted.
        protected override void ProcessRecord() => CollectUsers();

        protected override void EndProcessing()
        {
            _targets.AddRange(Targets());
            List<DeviceTarget> toWipe = _targets.Where(t => t.SkipReason == null).ToList();
            if (toWipe.Count > MaxDevices)
            {
                int users = toWipe.Select(t => t.Session.AccountName + "\n" + t.Device.UserName).Distinct(StringComparer.OrdinalIgnoreCase).Count();
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException($"This would wipe {toWipe.Count} devices of {users} user(s), more than -MaxDevices {MaxDevices}. Nothing was wiped. Check the devices with Get-Ws1Device, then run again with -MaxDevices {toWipe.Count} if that is intended."),
                    "Ws1.TooManyDevices", ErrorCategory.LimitsExceeded, toWipe.Count));
            }
            Consider(_targets);
            SendApproved();
            base.EndProcessing();
        }

        protected override bool Forced => Force;
    }
}
