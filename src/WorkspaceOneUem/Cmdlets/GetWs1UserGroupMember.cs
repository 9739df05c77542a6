using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Get-Ws1UserGroupMember: the users in user groups piped from Get-Ws1UserGroup (each read on its own account), or
    /// named by -GroupId or by exact -GroupName. Each user carries UserGroupId and UserGroupName, so members of several
    /// groups stay told apart.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Ws1UserGroupMember", DefaultParameterSetName = NameSet, HelpUri = HelpLinks.Base + "Get-Ws1UserGroupMember.md")]
    [OutputType(typeof(Ws1User))]
    public sealed class GetWs1UserGroupMember : Ws1Cmdlet
    {
        private const string NameSet = "GroupName";
        private const string IdSet = "GroupId";
        private const string InputObjectSet = "InputObject";

        /// <summary>The group's exact name (wildcard characters are taken literally).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        public string[]? GroupName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [Alias("UserGroupId")]
        [ValidateRange(1, long.MaxValue)]
        public long[]? GroupId { get; set; }

        /// <summary>User groups from Get-Ws1UserGroup, each read on its own account.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public Ws1UserGroup[]? InputObject { get; set; }

        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = IdSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[]? AccountName { get; set; }

        protected override void BeginProcessing()
        {
            RefuseTooLong(nameof(GroupName), GroupName);
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
            {
                foreach (Ws1UserGroup group in InputObject!) // mandatory in this parameter set
                {
                    Ws1Session? session = SessionOfObject(group.AccountName, group);
                    if (session != null)
                        WriteMembers(session, group);
                }
                return;
            }
            foreach (Ws1Session session in ResolveSessions(AccountName))
            {
                foreach (Ws1UserGroup group in Named(session))
                    WriteMembers(session, group);
            }
        }

        /// <summary>The groups -GroupId or -GroupName name; a group not there is an error and the others go on.</summary>
        private IEnumerable<Ws1UserGroup> Named(Ws1Session session)
        {
            if (GroupId != null)
            {
                // The search has no id filter: the groups are listed once however many ids are given.
                try
                {
                    return GroupListing.WithIds(this, session, GroupId, session.UserGroups.SearchAsync(null, CancelToken), g => g.Id,
                        "user group", "Ws1.UserGroupNotFound", "Get-Ws1UserGroup").ToList();
                }
                catch (Ws1ApiException ex)
                {
                    WriteError(ErrorFrom(ex, session.AccountName)); // this account's groups could not be listed; the next account is still read
                    return new List<Ws1UserGroup>();
                }
            }
            var found = new List<Ws1UserGroup>();
            foreach (string name in GroupName!) // one of them is mandatory
            {
                try
                {
                    List<Ws1UserGroup> named = Await(ct => session.UserGroups.FindByNameAsync(name, ct));
                    if (named.Count == 0)
                        WriteError(UserGroupErrors.NotFound(session, name));
                    found.AddRange(named);
                }
                catch (Ws1ApiException ex)
                {
                    WriteError(ErrorFrom(ex, name));
                }
            }
            return found;
        }

        private void WriteMembers(Ws1Session session, Ws1UserGroup group)
        {
            try
            {
                foreach (Ws1User user in Stream(session.UserGroups.GetMembersAsync(group.Id, CancelToken)))
                {
                    var shown = new PSObject(user);
                    shown.Properties.Add(new PSNoteProperty("UserGroupId", group.Id));
                    shown.Properties.Add(new PSNoteProperty("UserGroupName", group.Name));
                    WriteObject(shown);
                }
            }
            catch (Ws1ApiException ex)
            {
                WriteError(ex.Kind == Ws1ErrorKind.NotFound ? UserGroupErrors.NotFound(session, ex) : ErrorFrom(ex, group));
            }
        }
    }
}
