using System.Management.Automation;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>Deny-Ws1DeviceWipe: rejects held wipes: they become ABORTED and the devices stay enrolled (ConfirmImpact Medium).</summary>
    [Cmdlet(VerbsLifecycle.Deny, "Ws1DeviceWipe", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        HelpUri = HelpLinks.Base + "Deny-Ws1DeviceWipe.md")]
    [OutputType(typeof(Ws1DeviceWipe))]
    public sealed class DenyWs1DeviceWipe : WipeDecisionCmdlet
    {
        protected override bool Approves => false;
    }
}
