using System.Collections.Generic;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Get-Ws1SmartGroup: smart groups by name (exact or wildcard), id or the organization group that manages them.
    /// Pipe them to Get-Ws1Device for their devices.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Ws1SmartGroup", DefaultParameterSetName = NameSet, HelpUri = HelpLinks.Base + "Get-Ws1SmartGroup.md")]
    [OutputType(typeof(Ws1SmartGroup))]
    public sealed class GetWs1SmartGroup : GroupReadCmdlet<Ws1SmartGroup>
    {
        public GetWs1SmartGroup()
            : base("smart group", "Ws1.SmartGroupNotFound")
        {
        }

        private protected override IAsyncEnumerable<Ws1SmartGroup> Search(Ws1Session session, string? name) =>
            session.SmartGroups.SearchAsync(new SmartGroupSearch { Name = name, OrganizationGroupId = OrganizationGroupId }, CancelToken);

        private protected override string? NameOf(Ws1SmartGroup group) => group.Name;

        private protected override long IdOf(Ws1SmartGroup group) => group.Id;
    }
}
