using System.Management.Automation;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Restart-Ws1Device: restarts (SoftReset) the given devices, or every enrolled device of the given users;
    /// -Shutdown turns them off instead. ConfirmImpact High: the user loses unsaved work, and a device shut down
    /// cannot be turned on again from the console. Bulk requests of at most the tenant's LockDevice limit, which
    /// the API applies to soft reset and shutdown too.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Restart, "Ws1Device", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Base + "Restart-Ws1Device.md")]
    [OutputType(typeof(Ws1DeviceCommandResult))]
    public sealed class RestartWs1Device : DeviceActionCmdlet
    {
        /// <summary>Turns the devices off (Shutdown) instead of restarting them.</summary>
        [Parameter]
        public SwitchParameter Shutdown { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override Ws1DeviceCommand Command => Shutdown ? Ws1DeviceCommand.Shutdown : Ws1DeviceCommand.SoftReset;

        protected override bool Forced => Force;
    }
}
