using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Get-Ws1UserGroup: user groups, custom and directory-synced, by name (exact or wildcard; the API matches
    /// partially, so the server filter is narrowed here), by id, organization group or type.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Ws1UserGroup", DefaultParameterSetName = NameSet, HelpUri = HelpLinks.Base + "Get-Ws1UserGroup.md")]
    [OutputType(typeof(Ws1UserGroup))]
    public sealed class GetWs1UserGroup : Ws1Cmdlet
    {
        private const string NameSet = "Name";
        private const string IdSet = "Id";

        [Parameter(Position = 0, ParameterSetName = NameSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [Alias("UserGroupId")]
        [ValidateRange(1, long.MaxValue)]
        public long[]? Id { get; set; }

        /// <summary>Groups of this organization group and the groups below it.</summary>
        [Parameter(ParameterSetName = NameSet)]
        [ValidateRange(1, long.MaxValue)]
        [ArgumentCompleter(typeof(OrganizationGroupCompleter))]
        public long? OrganizationGroupId { get; set; }

        [Parameter(ParameterSetName = NameSet)]
        public Ws1UserGroupType? Type { get; set; }

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
            foreach (Ws1UserGroup group in GroupListing.WithNames(this, _names, name => session.UserGroups.SearchAsync(new UserGroupSearch { Name = name, OrganizationGroupId = OrganizationGroupId, Type = Type }, CancelToken), g => g.Name, g => g.Id))
                WriteObject(group);
        }

        private void WriteWithIds(Ws1Session session)
        {
            // -Id is mandatory in this parameter set.
            foreach (Ws1UserGroup group in GroupListing.WithIds(this, session, Id!, session.UserGroups.SearchAsync(null, CancelToken), g => g.Id, "user group", "Ws1.UserGroupNotFound", "Get-Ws1UserGroup"))
                WriteObject(group);
        }
    }
}
