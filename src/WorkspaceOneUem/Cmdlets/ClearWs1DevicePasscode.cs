using System.Management.Automation;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Clear-Ws1DevicePasscode: removes the passcode of the given devices, or of every enrolled device of the given
    /// users. ConfirmImpact High: a device without a passcode opens for whoever holds it, so a wrong target is a
    /// security incident, not an inconvenience. The API has no bulk form: one request per device, a few at once.
    /// </summary>
    [Cmdlet(VerbsCommon.Clear, "Ws1DevicePasscode", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Base + "Clear-Ws1DevicePasscode.md")]
    [OutputType(typeof(Ws1DeviceCommandResult))]
    public sealed class ClearWs1DevicePasscode : DeviceActionCmdlet
    {
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override Ws1DeviceCommand Command => Ws1DeviceCommand.ClearPasscode;

        protected override bool Forced => Force;
    }
}
