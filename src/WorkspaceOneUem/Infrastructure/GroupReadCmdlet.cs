using System.Collections.Generic;
using System.Management.Automation;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// What Get-Ws1UserGroup and Get-Ws1SmartGroup share: groups by name (exact or wildcard; the API matches partially,
    /// so the server filter is narrowed here), by id (the search has no id filter: listed once and matched here) or by
    /// organization group, from one or several accounts.
    /// </summary>
    public abstract class GroupReadCmdlet<T> : Ws1Cmdlet
    {
        internal const string NameSet = "Name";
        internal const string IdSet = "Id";

        private readonly string _kind;
        private readonly string _notFoundId;
        private NameFilterSet? _names;

        /// <param name="kind">The group in words, for errors: "user group".</param>
        /// <param name="notFoundId">The ErrorId of an id that is not there.</param>
        protected GroupReadCmdlet(string kind, string notFoundId)
        {
            _kind = kind;
            _notFoundId = notFoundId;
        }

        [Parameter(Position = 0, ParameterSetName = NameSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [ValidateRange(1, long.MaxValue)]
        public long[]? Id { get; set; }

        /// <summary>Groups of this organization group and the groups below it.</summary>
        [Parameter(ParameterSetName = NameSet)]
        [ValidateRange(1, long.MaxValue)]
        [ArgumentCompleter(typeof(OrganizationGroupCompleter))]
        public long? OrganizationGroupId { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[]? AccountName { get; set; }

        /// <summary>The search with the cmdlet's filters and <paramref name="name"/> as the server's (partial) name filter, or none.</summary>
        private protected abstract IAsyncEnumerable<T> Search(Ws1Session session, string? name);

        private protected abstract string? NameOf(T group);

        private protected abstract long IdOf(T group);

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
                    IEnumerable<T> groups = ParameterSetName == IdSet
                        ? GroupListing.WithIds(this, session, Id!, Search(session, null), IdOf, _kind, _notFoundId, MyInvocation.MyCommand.Name) // -Id is mandatory in its set
                        : GroupListing.WithNames(this, _names, name => Search(session, name), NameOf, IdOf);
                    foreach (T group in groups)
                        WriteObject(group);
                }
                catch (Ws1ApiException ex)
                {
                    WriteError(ErrorFrom(ex, session.AccountName));
                }
            }
        }
    }
}
