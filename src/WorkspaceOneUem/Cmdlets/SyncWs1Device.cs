using System.Management.Automation;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Sync-Ws1Device: sends a device query to the given devices, or to every enrolled device of the given users, so
    /// that they report their current state and the console (and Get-Ws1Device) shows fresh data. It changes nothing
    /// on the device: ConfirmImpact Low. The API has no bulk form: one request per device, a few at once.
    /// </summary>
    [Cmdlet(VerbsData.Sync, "Ws1Device", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpLinks.Base + "Sync-Ws1Device.md")]
    [OutputType(typeof(Ws1DeviceCommandResult))]
    public sealed class SyncWs1Device : DeviceActionCmdlet
    {
        protected override Ws1DeviceCommand Command => Ws1DeviceCommand.DeviceQuery;
    }
}
