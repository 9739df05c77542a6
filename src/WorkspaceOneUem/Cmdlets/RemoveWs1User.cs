using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Remove-Ws1User: deletes enrollment users given by id, by exact user name or from the pipeline, each from
    /// its own account. Asks first (ConfirmImpact High) unless -Force or -Confirm:$false; -WhatIf beats -Force.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "Ws1User", DefaultParameterSetName = UserNameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Base + "Remove-Ws1User.md")]
    [OutputType(typeof(Ws1User))]
    public sealed class RemoveWs1User : BulkUserChangeCmdlet
    {
        public RemoveWs1User()
            : base("Remove", Ws1UserChange.Delete)
        {
        }
    }
}
