using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Get-Ws1OrganizationGroup: organization groups by name (exact or wildcard; the API matches partially, so the
    /// server filter is narrowed here), by id or by uuid, with -Recurse for every group below them.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Ws1OrganizationGroup", DefaultParameterSetName = NameSet, HelpUri = HelpLinks.Base + "Get-Ws1OrganizationGroup.md")]
    [OutputType(typeof(Ws1OrganizationGroup))]
    public sealed class GetWs1OrganizationGroup : Ws1Cmdlet
    {
        private const string NameSet = "Name";
        private const string IdSet = "Id";
        private const string UuidSet = "Uuid";

        [Parameter(Position = 0, ParameterSetName = NameSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [Alias("OrganizationGroupId")]
        [ValidateRange(1, long.MaxValue)]
        [ArgumentCompleter(typeof(OrganizationGroupCompleter))]
        public long[]? Id { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = UuidSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Uuid { get; set; }

        /// <summary>Also every group below each group found (the group itself comes first).</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[]? AccountName { get; set; }


        private NameFilterSet? _names;

        protected override void BeginProcessing()
        {
            _names = WildcardFilters(nameof(Name), Name);
            RefuseTooLong(nameof(Uuid), Uuid);
        }

        protected override void ProcessRecord()
        {
            foreach (Ws1Session session in ResolveSessions(AccountName))
            {
                var written = new HashSet<long>();
                try
                {
                    foreach (Ws1OrganizationGroup group in Find(session))
                        Write(session, group, written);
                }
                catch (Ws1ApiException ex)
                {
                    WriteError(ErrorFrom(ex, session.AccountName));
                }
            }
        }

        private IEnumerable<Ws1OrganizationGroup> Find(Ws1Session session)
        {
            switch (ParameterSetName)
            {
                case IdSet:
                    return Id!.Select(id => GroupWithId(session, id)).OfType<Ws1OrganizationGroup>(); // -Id is mandatory in this parameter set
                case UuidSet:
                    return WithUuids(session);
                default:
                    return WithNames(session);
            }
        }

        private IEnumerable<Ws1OrganizationGroup> WithNames(Ws1Session session) =>
            GroupListing.WithNames(this, _names, name => session.Groups.SearchAsync(new GroupSearch { Name = name }, CancelToken), g => g.Name, g => g.Id);

        /// <summary>The search has no uuid filter; a tenant has few groups, so they are listed once and matched here.</summary>
        private IEnumerable<Ws1OrganizationGroup> WithUuids(Ws1Session session)
        {
            List<Ws1OrganizationGroup> all = Stream(session.Groups.SearchAsync(null, CancelToken)).ToList();
            foreach (string uuid in Uuid!) // mandatory in this parameter set
            {
                Ws1OrganizationGroup? group = all.FirstOrDefault(g => string.Equals(g.Uuid, uuid.Trim(), StringComparison.OrdinalIgnoreCase));
                if (group != null)
                    yield return group;
                else
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No organization group with uuid '{uuid}' on account '{session.AccountName}'."),
                        "Ws1.OrganizationGroupNotFound", ErrorCategory.ObjectNotFound, uuid));
            }
        }

        private Ws1OrganizationGroup? GroupWithId(Ws1Session session, long id)
        {
            try
            {
                return Await(ct => session.Groups.GetAsync(id, ct));
            }
            catch (Ws1ApiException ex) when (ex.Kind == Ws1ErrorKind.NotFound)
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"No organization group with id {id} on account '{session.AccountName}'.", ex),
                    "Ws1.OrganizationGroupNotFound", ErrorCategory.ObjectNotFound, id));
                return null;
            }
        }

        private void Write(Ws1Session session, Ws1OrganizationGroup group, HashSet<long> written)
        {
            if (!Recurse)
            {
                if (written.Add(group.Id))
                    WriteObject(group);
                return;
            }
            // The children call answers the group itself too; a group already written (under an earlier one) is not repeated.
            IReadOnlyList<Ws1OrganizationGroup> subtree = Await(ct => session.Groups.GetSubtreeAsync(group.Id, ct));
            foreach (Ws1OrganizationGroup member in subtree.Where(g => g.Id == group.Id).Concat(subtree.Where(g => g.Id != group.Id)))
            {
                if (written.Add(member.Id))
                    WriteObject(member);
            }
        }
    }
}
