using System.Management.Automation;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Lock-Ws1UserDevice: sends Lock to every enrolled device of the given users (exact user match), or to the
    /// devices given. Once the input has ended the devices are found, each is asked for, and the locks go out in
    /// bulk requests of at most the tenant's LockDevice limit; results stream as each request is answered.
    /// </summary>
    [Cmdlet(VerbsCommon.Lock, "Ws1UserDevice", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Lock-Ws1UserDevice.md")]
    [OutputType(typeof(Ws1DeviceCommandResult))]
    public sealed class LockWs1UserDevice : UnlockPinDeviceActionCmdlet
    {
        protected override Ws1DeviceCommand Command => Ws1DeviceCommand.Lock;
    }
}
