using System.Collections.Generic;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Get-Ws1User: lists enrollment users, every page, streaming. -UserName and -Email match exactly
    /// (or as wildcards) although the API matches partially; the server filter is still sent.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Ws1User", DefaultParameterSetName = FilterSet)]
    [OutputType(typeof(Ws1User))]
    public sealed class GetWs1User : Ws1Cmdlet
    {
        private const string FilterSet = "Filter";
        private const string IdSet = "Id";

        [Parameter(Position = 0, ParameterSetName = FilterSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] UserName { get; set; }

        [Parameter(ParameterSetName = FilterSet, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Email { get; set; }

        [Parameter(ParameterSetName = FilterSet)]
        [ValidateNotNullOrEmpty]
        public string FirstName { get; set; }

        [Parameter(ParameterSetName = FilterSet)]
        [ValidateNotNullOrEmpty]
        public string LastName { get; set; }

        [Parameter(ParameterSetName = FilterSet)]
        public Ws1UserStatus? Status { get; set; }

        [Parameter(ParameterSetName = FilterSet)]
        [ValidateRange(1, long.MaxValue)]
        public long? OrganizationGroupId { get; set; }

        [Parameter(ParameterSetName = FilterSet)]
        [ValidateNotNullOrEmpty]
        public string Role { get; set; }

        [Parameter(ParameterSetName = FilterSet)]
        public Ws1SecurityType? SecurityType { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, long.MaxValue)]
        public long[] Id { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] AccountName { get; set; }

        protected override void ProcessRecord()
        {
            foreach (Ws1Session session in ResolveSessions(AccountName))
            {
                if (ParameterSetName == IdSet)
                    WriteById(session);
                else
                    WriteSearch(session);
            }
        }

        private void WriteById(Ws1Session session)
        {
            foreach (long id in Id)
            {
                try
                {
                    WriteObject(Await(ct => session.Users.GetAsync(id, ct)));
                }
                catch (Ws1ApiException ex)
                {
                    WriteError(ErrorFrom(ex, id));
                }
            }
        }

        private void WriteSearch(Ws1Session session)
        {
            // One server search per name or email given; results are checked exactly and de-duplicated.
            var names = Filters(UserName);
            var emails = Filters(Email);
            var searches = new List<UserSearch>();
            foreach (NameFilter name in names ?? new List<NameFilter> { null })
            {
                foreach (NameFilter email in emails ?? new List<NameFilter> { null })
                {
                    searches.Add(new UserSearch
                    {
                        UserName = name?.ServerFilter,
                        Email = email?.ServerFilter,
                        FirstName = FirstName,
                        LastName = LastName,
                        Status = Status,
                        OrganizationGroupId = OrganizationGroupId,
                        Role = Role,
                    });
                }
            }

            var seen = searches.Count > 1 ? new HashSet<long>() : null;
            try
            {
                foreach (UserSearch search in searches)
                {
                    foreach (Ws1User user in Stream(session.Users.Search(search, Stopping)))
                    {
                        if (!AnyMatch(names, user.UserName) || !AnyMatch(emails, user.Email))
                            continue;
                        if (SecurityType.HasValue && user.SecurityType != SecurityType.Value)
                            continue;
                        if (seen != null && !seen.Add(user.Id))
                            continue;
                        WriteObject(user);
                    }
                }
            }
            catch (Ws1ApiException ex)
            {
                WriteError(ErrorFrom(ex, session.AccountName));
            }
        }

        private static List<NameFilter> Filters(string[] values)
        {
            if (values == null)
                return null;
            var filters = new List<NameFilter>();
            foreach (string value in values)
                filters.Add(new NameFilter(value));
            return filters;
        }

        private static bool AnyMatch(List<NameFilter> filters, string value)
        {
            if (filters == null)
                return true;
            foreach (NameFilter filter in filters)
            {
                if (filter.Matches(value))
                    return true;
            }
            return false;
        }
    }
}
