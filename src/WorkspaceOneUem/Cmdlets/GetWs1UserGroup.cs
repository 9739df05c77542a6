using System.Collections.Generic;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>Get-Ws1UserGroup: user groups, custom and directory-synced, by name (exact or wildcard), id, organization group or type.</summary>
    [Cmdlet(VerbsCommon.Get, "Ws1UserGroup", DefaultParameterSetName = NameSet, HelpUri = HelpLinks.Base + "Get-Ws1UserGroup.md")]
    [OutputType(typeof(Ws1UserGroup))]
    public sealed class GetWs1UserGroup : GroupReadCmdlet<Ws1UserGroup>
    {
        public GetWs1UserGroup()
            : base("user group", "Ws1.UserGroupNotFound")
        {
        }

        [Parameter(ParameterSetName = NameSet)]
        public Ws1UserGroupType? Type { get; set; }

        private protected override IAsyncEnumerable<Ws1UserGroup> Search(Ws1Session session, string? name) =>
            session.UserGroups.SearchAsync(new UserGroupSearch { Name = name, OrganizationGroupId = OrganizationGroupId, Type = Type }, CancelToken);

        private protected override string? NameOf(Ws1UserGroup group) => group.Name;

        private protected override long IdOf(Ws1UserGroup group) => group.Id;
    }
}
