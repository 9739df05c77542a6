using System.Management.Automation;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Add-Ws1UserGroupMember: adds users to a custom user group, one result per user; users already as asked are reported without a
    /// call, and a directory-synced group is refused before anything is sent (see <see cref="UserGroupMemberCmdlet"/>).
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "Ws1UserGroupMember", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        HelpUri = HelpLinks.Base + "Add-Ws1UserGroupMember.md")]
    [OutputType(typeof(Ws1UserGroupMemberResult))]
    public sealed class AddWs1UserGroupMember : UserGroupMemberCmdlet
    {
        public AddWs1UserGroupMember()
            : base(Ws1UserGroupMemberChange.Add)
        {
        }
    }
}
