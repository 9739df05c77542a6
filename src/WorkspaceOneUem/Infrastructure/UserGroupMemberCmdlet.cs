using System;
using System.Collections.Generic;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Resolution;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// What Add-Ws1UserGroupMember and Remove-Ws1UserGroupMember share. The group is named once (-GroupName exact,
    /// -GroupId, -UserGroup, or user groups piped with -UserName/-UserId) and lives on one account; the users (piped,
    /// -UserName exact, -UserId) are resolved on that account through <see cref="UserReferences"/>, and a user of another
    /// account is an error, never sent. A directory-synced group is refused before anything is read or sent.
    /// </summary>
    /// <remarks>
    /// Changes are asked for and sent once the input has ended: removing members while an upstream
    /// Get-Ws1UserGroupMember is still paging through the same group would shift its pages and skip users.
    /// </remarks>
    public abstract class UserGroupMemberCmdlet : Ws1Cmdlet
    {
        internal const string UserNameSet = "UserName";
        internal const string UserIdSet = "UserId";
        internal const string InputObjectSet = "InputObject";

        private readonly Ws1UserGroupMemberChange _change;
        private readonly List<Ws1UserGroup> _groups = new List<Ws1UserGroup>();
        private readonly List<Ws1User> _users = new List<Ws1User>();
        private readonly HashSet<long> _seen = new HashSet<long>();
        private Ws1Session? _session;
        private UserReferences? _references;

        protected UserGroupMemberCmdlet(Ws1UserGroupMemberChange change)
        {
            _change = change;
        }

        /// <summary>Exact user names (wildcard characters are taken literally), on the group's account.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UserNameSet)]
        [ValidateNotNullOrEmpty]
        public string[]? UserName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = UserIdSet)]
        [ValidateRange(1, long.MaxValue)]
        public long[]? UserId { get; set; }

        /// <summary>Users from Get-Ws1User or Get-Ws1UserGroupMember, user names, ids, or objects with Id/UserName (and AccountName).</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject[]? InputObject { get; set; }

        /// <summary>A user group from Get-Ws1UserGroup; piped when the users are named by -UserName or -UserId.</summary>
        [Parameter(ParameterSetName = UserNameSet, ValueFromPipeline = true)]
        [Parameter(ParameterSetName = UserIdSet, ValueFromPipeline = true)]
        [Parameter(ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public Ws1UserGroup? UserGroup { get; set; }

        [Parameter]
        [Alias("UserGroupId")]
        [ValidateRange(1, long.MaxValue)]
        public long? GroupId { get; set; }

        /// <summary>The group's exact name (wildcard characters are taken literally).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? GroupName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string? AccountName { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            RefuseTooLong(nameof(GroupName), GroupName);
            // -UserGroup given by name here; a piped one is only bound in ProcessRecord, which checks again.
            if (GroupId.HasValue && GroupName != null || (GroupId.HasValue || GroupName != null) && MyInvocation.BoundParameters.ContainsKey(nameof(UserGroup)))
                ThrowNamedTwice();
            if (GroupId.HasValue || GroupName != null)
            {
                _session = ResolveSession(AccountName);
                Take(FindNamedGroup(_session), terminating: true);
            }
        }

        private void ThrowNamedTwice() =>
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("Name the user group once: -GroupName, -GroupId or -UserGroup. Nothing was sent."),
                "Ws1.UserGroupNamedTwice", ErrorCategory.InvalidArgument, null));

        /// <summary>The group -GroupId or -GroupName names on the account; a terminating error when there is not exactly one.</summary>
        private Ws1UserGroup FindNamedGroup(Ws1Session session)
        {
            try
            {
                if (GroupId.HasValue)
                    return Await(ct => session.UserGroups.GetAsync(GroupId.Value, ct));
                string name = GroupName!; // one of the two is given
                List<Ws1UserGroup> found = Await(ct => session.UserGroups.FindByNameAsync(name, ct));
                if (found.Count == 0)
                    ThrowTerminatingError(UserGroupErrors.NotFound(session, name));
                if (found.Count > 1)
                    ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(
                        $"{found.Count} user groups on account '{session.AccountName}' are named '{name}': {string.Join(", ", found.ConvertAll(g => $"id {g.Id} in '{g.OrganizationGroupName}'"))}. Give -GroupId to pick one. Nothing was sent."),
                        "Ws1.UserGroupAmbiguous", ErrorCategory.InvalidArgument, name));
                return found[0];
            }
            catch (Ws1ApiException ex)
            {
                ThrowTerminatingError(ex.Kind == Ws1ErrorKind.NotFound ? UserGroupErrors.NotFound(session, ex) : ErrorFrom(ex, (object?)GroupId ?? GroupName));
                throw; // ThrowTerminatingError does not return
            }
        }

        /// <summary>Keeps a group to change, on the one account this command acts on; refuses a directory-synced group before anything is sent.</summary>
        private void Take(Ws1UserGroup group, bool terminating)
        {
            ErrorRecord? refusal = null;
            Ws1ApiException? problem = UserGroupApi.FindChangeProblem(group);
            if (problem != null)
                refusal = ErrorFrom(problem, group);
            else if (_session != null && !string.Equals(group.AccountName, _session.AccountName, StringComparison.OrdinalIgnoreCase))
                refusal = new ErrorRecord(new InvalidOperationException(
                    $"User group {group.Describe()} belongs to account '{group.AccountName}', but this command acts on account '{_session.AccountName}'. Run it once per account. Nothing was sent for this group."),
                    "Ws1.AccountMismatch", ErrorCategory.InvalidArgument, group);
            if (refusal != null)
            {
                if (terminating)
                    ThrowTerminatingError(refusal);
                WriteError(refusal);
                return;
            }
            if (!_groups.Exists(g => g.Id == group.Id))
                _groups.Add(group);
        }

        protected override void ProcessRecord()
        {
            if (UserGroup != null && (GroupId.HasValue || GroupName != null))
                ThrowNamedTwice(); // a piped group beside -GroupId or -GroupName: nothing was sent yet
            if (UserGroup != null && _session == null)
            {
                // The first group given or piped decides the account: -AccountName must agree with it.
                if (AccountName != null && !string.Equals(AccountName, UserGroup.AccountName, StringComparison.OrdinalIgnoreCase))
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException($"User group {UserGroup.Describe()} belongs to account '{UserGroup.AccountName}', not -AccountName '{AccountName}'. Nothing was sent."),
                        "Ws1.AccountMismatch", ErrorCategory.InvalidArgument, UserGroup));
                // One terminating error when the group's account is unknown or not open (SessionOfObject would write a second).
                if (string.IsNullOrEmpty(UserGroup.AccountName))
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException($"User group {UserGroup.Describe()} carries no AccountName, so the tenant it belongs to is unknown. Pipe it from Get-Ws1UserGroup, or give -GroupName or -GroupId with -AccountName. Nothing was sent."),
                        "Ws1.MissingAccountName", ErrorCategory.InvalidArgument, UserGroup));
                _session = Registry.Find(UserGroup.AccountName!);
                if (_session == null)
                    ThrowTerminatingError(NotConnectedError(UserGroup.AccountName));
            }
            if (UserGroup != null)
                Take(UserGroup, terminating: false);
            if (_session == null)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Name the user group: -GroupName (exact), -GroupId, or pipe it from Get-Ws1UserGroup with -UserName or -UserId. Nothing was sent."),
                    "Ws1.UserGroupRequired", ErrorCategory.InvalidArgument, null));

            // No group to change (a piped directory group was refused): no user is looked up either.
            if (_groups.Count == 0)
                return;
            bool first = _references == null;
            _references = _references ?? NewUserReferences(_session!.AccountName, devices: null); // set above, or the command ended
            if (ParameterSetName == InputObjectSet)
                _references.AddInput(InputObject, null, null);
            else if (first)
                _references.AddGiven(UserId, UserName); // the same names on every piped group: looked up once
            foreach (UserOutcome found in _references.Ready())
                Keep(found.User);
        }

        protected override void EndProcessing()
        {
            if (_references != null)
            {
                foreach (UserOutcome found in _references.Rest())
                    Keep(found.User);
            }
            if (_session != null)
            {
                foreach (Ws1UserGroup group in _groups)
                    Change(_session, group);
            }
            base.EndProcessing();
        }

        private void Keep(Ws1User? user)
        {
            if (user != null && _seen.Add(user.Id))
                _users.Add(user);
        }

        private void Change(Ws1Session session, Ws1UserGroup group)
        {
            if (_users.Count == 0)
                return;
            UserGroupMemberPlan plan;
            try
            {
                plan = Await(ct => session.UserGroups.PlanAsync(group, _change, ct));
            }
            catch (Ws1ApiException ex)
            {
                WriteError(ex.Kind == Ws1ErrorKind.NotFound ? UserGroupErrors.NotFound(session, ex) : ErrorFrom(ex, group));
                return;
            }
            string action = _change == Ws1UserGroupMemberChange.Add ? "Add" : "Remove";
            string preposition = _change == Ws1UserGroupMemberChange.Add ? "to" : "from";
            foreach (Ws1User user in _users)
            {
                string target = $"user '{user.UserName}' (id {user.Id}) {preposition} user group {group.Describe()} on account '{session.AccountName}'";
                if (!plan.NeedsCall(user))
                {
                    Ws1UserGroupMemberResult unchanged = plan.Unchanged(user);
                    WriteVerbose($"{action} {target}: {unchanged.Status}, nothing to send.");
                    WriteObject(unchanged);
                    continue;
                }
                if (!ShouldProcess(target, action, Force))
                    continue;
                Ws1UserGroupMemberResult result = Await(ct => plan.SendAsync(user, ct));
                WriteObject(result);
                if (result.Error != null)
                    WriteError(ErrorFrom(result.Error, user));
            }
        }
    }
}
