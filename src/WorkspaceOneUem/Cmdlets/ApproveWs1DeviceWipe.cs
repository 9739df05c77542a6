using System.Management.Automation;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>Approve-Ws1DeviceWipe: lets held wipes go out: each device is wiped when it next checks in (ConfirmImpact High).</summary>
    [Cmdlet(VerbsLifecycle.Approve, "Ws1DeviceWipe", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
        HelpUri = HelpLinks.Base + "Approve-Ws1DeviceWipe.md")]
    [OutputType(typeof(Ws1DeviceWipe))]
    public sealed class ApproveWs1DeviceWipe : WipeDecisionCmdlet
    {
        protected override bool Approves => true;
    }
}
