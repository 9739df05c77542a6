using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Disable-Ws1User: deactivates enrollment users, which frees their licenses; given like Remove-Ws1User.
    /// ConfirmImpact Medium.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Disable, "Ws1User", DefaultParameterSetName = UserNameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Disable-Ws1User.md")]
    [OutputType(typeof(Ws1User))]
    public sealed class DisableWs1User : BulkUserChangeCmdlet
    {
        public DisableWs1User()
            : base("Disable", Ws1UserChange.Deactivate)
        {
        }
    }
}
