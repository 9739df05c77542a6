using System.Collections.Generic;
using System.Management.Automation;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Remove-Ws1Device: deletes the records of the given devices, or of every device of the given users, whatever
    /// their enrollment state. It cannot be undone, so it keeps the wipe's rules: ConfirmImpact High, -Force, and
    /// -MaxDevices counted over the whole invocation before the first delete. Bulk deletes of at most the tenant's
    /// DeleteDevice limit.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "Ws1Device", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Base + "Remove-Ws1Device.md")]
    [OutputType(typeof(Ws1DeviceCommandResult))]
    public sealed class RemoveWs1Device : DeviceActionCmdlet
    {
        public const int DefaultMaxDevices = 10;

        /// <summary>The most devices one invocation (the whole pipeline) may delete.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxDevices { get; set; } = DefaultMaxDevices;

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override Ws1DeviceCommand Command => Ws1DeviceCommand.Delete;

        protected override bool Forced => Force;

        private protected override void Check(IReadOnlyList<DeviceTarget> targets) => StopWhenMoreThan(MaxDevices, targets);
    }
}
