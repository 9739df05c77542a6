using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Enable-Ws1User: activates enrollment users (an active user holds a license), given like Remove-Ws1User.
    /// ConfirmImpact Low: it asks only when $ConfirmPreference is Low or -Confirm is given.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Enable, "Ws1User", DefaultParameterSetName = UserNameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpLinks.Base + "Enable-Ws1User.md")]
    [OutputType(typeof(Ws1User))]
    public sealed class EnableWs1User : BulkUserChangeCmdlet
    {
        public EnableWs1User()
            : base("Enable", Ws1UserChange.Activate)
        {
        }
    }
}
