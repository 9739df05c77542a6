using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Get-Ws1SmartGroup: smart groups by name (exact or wildcard; the API matches partially, so the server filter is
    /// narrowed here), by id or by the organization group that manages them. Pipe them to Get-Ws1Device for their devices.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Ws1SmartGroup", DefaultParameterSetName = NameSet, HelpUri = HelpLinks.Base + "Get-Ws1SmartGroup.md")]
    [OutputType(typeof(Ws1SmartGroup))]
    public sealed class GetWs1SmartGroup : Ws1Cmdlet
    {
        private const string NameSet = "Name";
        private const string IdSet = "Id";

        [Parameter(Position = 0, ParameterSetName = NameSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [Alias("SmartGroupId")]
        [ValidateRange(1, long.MaxValue)]
        public long[]? Id { get; set; }

        /// <summary>Smart groups managed by this organization group or a group below it.</summary>
        [Parameter(ParameterSetName = NameSet)]
        [ValidateRange(1, long.MaxValue)]
        [ArgumentCompleter(typeof(OrganizationGroupCompleter))]
        public long? OrganizationGroupId { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[]? AccountName { get; set; }

        private NameFilterSet? _names;

        protected override void BeginProcessing()
        {
            _names = WildcardFilters(nameof(Name), Name);
        }

        protected override void ProcessRecord()
        {
            foreach (Ws1Session session in ResolveSessions(AccountName))
            {
                try
                {
                    if (ParameterSetName == IdSet)
                        WriteWithIds(session);
                    else
                        WriteWithNames(session);
                }
                catch (Ws1ApiException ex)
                {
                    WriteError(ErrorFrom(ex, session.AccountName));
                }
            }
        }

        private void WriteWithNames(Ws1Session session)
        {
            foreach (Ws1SmartGroup group in GroupListing.WithNames(this, _names, name => session.SmartGroups.SearchAsync(new SmartGroupSearch { Name = name, OrganizationGroupId = OrganizationGroupId }, CancelToken), g => g.Name, g => g.Id))
                WriteObject(group);
        }

        private void WriteWithIds(Ws1Session session)
        {
            // -Id is mandatory in this parameter set.
            foreach (Ws1SmartGroup group in GroupListing.WithIds(this, session, Id!, session.SmartGroups.SearchAsync(null, CancelToken), g => g.Id, "smart group", "Ws1.SmartGroupNotFound", "Get-Ws1SmartGroup"))
                WriteObject(group);
        }
    }
}
