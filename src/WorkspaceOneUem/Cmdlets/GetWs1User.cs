using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Get-Ws1User: lists enrollment users, every page, streaming. -UserName and -Email match exactly
    /// (or as wildcards) although the API matches partially; the server filter is still sent.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Ws1User", DefaultParameterSetName = FilterSet, HelpUri = HelpLinks.Base + "Get-Ws1User.md")]
    [OutputType(typeof(Ws1User))]
    public sealed class GetWs1User : Ws1Cmdlet
    {
        private const string FilterSet = "Filter";
        private const string IdSet = "Id";
        private const string InputObjectSet = "InputObject";


        [Parameter(Position = 0, ParameterSetName = FilterSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? UserName { get; set; }

        [Parameter(ParameterSetName = FilterSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Email { get; set; }

        [Parameter(ParameterSetName = FilterSet)]
        [ValidateNotNullOrEmpty]
        public string? FirstName { get; set; }

        [Parameter(ParameterSetName = FilterSet)]
        [ValidateNotNullOrEmpty]
        public string? LastName { get; set; }

        [Parameter(ParameterSetName = FilterSet)]
        public Ws1UserStatus? Status { get; set; }

        [Parameter(ParameterSetName = FilterSet)]
        [ValidateRange(1, long.MaxValue)]
        [ArgumentCompleter(typeof(OrganizationGroupCompleter))]
        public long? OrganizationGroupId { get; set; }

        [Parameter(ParameterSetName = FilterSet)]
        [ValidateNotNullOrEmpty]
        public string? Role { get; set; }

        [Parameter(ParameterSetName = FilterSet)]
        public Ws1SecurityType? SecurityType { get; set; }

        /// <summary>User ids. -UserId is the same, the name the device actions use, so one name works everywhere.</summary>
        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [Alias("UserId")]
        [ValidateRange(1, long.MaxValue)]
        public long[]? Id { get; set; }

        /// <summary>User names (strings), ids (numbers), users, or objects with Id, UserName, Email and AccountName properties.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject[]? InputObject { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[]? AccountName { get; set; }


        private NameFilterSet? _names;
        private NameFilterSet? _emails;

        protected override void BeginProcessing()
        {
            _names = WildcardFilters(nameof(UserName), UserName);
            _emails = WildcardFilters(nameof(Email), Email);
            RefuseTooLong(nameof(FirstName), FirstName);
            RefuseTooLong(nameof(LastName), LastName);
            RefuseTooLong(nameof(Role), Role);
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
            {
                foreach (PSObject item in InputObject!) // mandatory in this parameter set
                    WriteInput(UserInput.From(item));
                return;
            }
            foreach (Ws1Session session in ResolveSessions(AccountName))
            {
                if (ParameterSetName == IdSet)
                    WriteById(session, Id!); // mandatory in this parameter set
                else
                    WriteSearch(session, _names, _emails);
            }
        }

        /// <summary>A piped object is read from its own account; -AccountName applies to objects that name none.</summary>
        private void WriteInput(UserInput input)
        {
            ErrorRecord? invalid = input.Invalid(emailIsEnough: true);
            if (invalid != null)
            {
                WriteError(invalid);
                return;
            }
            NameFilterSet? names, emails;
            try
            {
                names = NameFilterSet.From(nameof(UserName), new[] { input.UserName });
                emails = NameFilterSet.From(nameof(Email), new[] { input.Email });
            }
            catch (InvalidWildcardException ex)
            {
                WriteError(ex.ToErrorRecord());
                return;
            }
            IEnumerable<Ws1Session> sessions = input.AccountName != null
                ? new[] { SessionOfObject(input.AccountName, input.Target) }.OfType<Ws1Session>()
                : ResolveSessions(AccountName);
            foreach (Ws1Session session in sessions)
            {
                if (input.Id.HasValue)
                    WriteById(session, new[] { input.Id.Value });
                else
                    WriteSearch(session, names, emails);
            }
        }

        private void WriteById(Ws1Session session, IEnumerable<long> ids)
        {
            foreach (long id in ids)
            {
                Ws1User? user = UserWithId(session, id);
                if (user != null)
                    WriteObject(user);
            }
        }

        private void WriteSearch(Ws1Session session, NameFilterSet? names, NameFilterSet? emails)
        {
            // One server search per name and email given; results are checked exactly and de-duplicated.
            var searches = new List<UserSearch>();
            foreach (NameFilter? name in (IEnumerable<NameFilter?>?)names?.Filters ?? new NameFilter?[] { null })
            {
                foreach (NameFilter? email in (IEnumerable<NameFilter?>?)emails?.Filters ?? new NameFilter?[] { null })
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
                    foreach (Ws1User user in Stream(session.Users.SearchAsync(search, CancelToken)))
                    {
                        if (!NameFilterSet.Matches(names, user.UserName) || !NameFilterSet.Matches(emails, user.Email))
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
    }
}
