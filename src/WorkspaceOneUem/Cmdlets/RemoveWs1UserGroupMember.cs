using System.Management.Automation;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Remove-Ws1UserGroupMember: removes users from a custom user group, one result per user; users already as asked are reported without a
    /// call, and a directory-synced group is refused before anything is sent (see <see cref="UserGroupMemberCmdlet"/>).
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "Ws1UserGroupMember", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        HelpUri = HelpLinks.Base + "Remove-Ws1UserGroupMember.md")]
    [OutputType(typeof(Ws1UserGroupMemberResult))]
    public sealed class RemoveWs1UserGroupMember : UserGroupMemberCmdlet
    {
        public RemoveWs1UserGroupMember()
            : base(Ws1UserGroupMemberChange.Remove)
        {
        }
    }
}
