using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// A membership change to one custom user group: the group's members are read once, so a user already as asked
    /// (in the group for an add, out of it for a remove) is reported without a call, and every other user gets one
    /// call and one result. Made by <see cref="UserGroupApi.PlanAsync"/>, which refuses a directory-synced group first.
    /// </summary>
    public sealed class UserGroupMemberPlan
    {
        private readonly UserGroupApi _api;
        private readonly HashSet<long> _members;
        private bool _refused;

        internal UserGroupMemberPlan(UserGroupApi api, Ws1UserGroup group, Ws1UserGroupMemberChange change, HashSet<long> members)
        {
            _api = api;
            Group = group;
            Change = change;
            _members = members;
        }

        public Ws1UserGroup Group { get; }
        public Ws1UserGroupMemberChange Change { get; }

        /// <summary>False when the user is already as the change asks: nothing is to be sent for it.</summary>
        public bool NeedsCall(Ws1User user) => _members.Contains(user.Id) != (Change == Ws1UserGroupMemberChange.Add);

        /// <summary>The result for a user that needs no call (AlreadyMember or NotMember).</summary>
        public Ws1UserGroupMemberResult Unchanged(Ws1User user) =>
            Result(user, Change == Ws1UserGroupMemberChange.Add ? Ws1UserGroupMemberStatus.AlreadyMember : Ws1UserGroupMemberStatus.NotMember);

        /// <summary>
        /// Sends the change for one user, once: the transport resends only what the server proves it did not process.
        /// A failure becomes a Failed or OutcomeUnknown result with its error, never an exception, so the next user goes on.
        /// After a 403 nothing more is sent: the other users would be refused the same way, and are Failed without an
        /// error of their own (the 403 is the error).
        /// </summary>
        public async Task<Ws1UserGroupMemberResult> SendAsync(Ws1User user, CancellationToken ct)
        {
            if (user == null)
                throw new ArgumentNullException(nameof(user));
            if (_refused)
            {
                Ws1UserGroupMemberResult notSent = Result(user, Ws1UserGroupMemberStatus.Failed);
                notSent.Message = Ws1Permissions.NotSentAfterRefusal(Group.AccountName ?? string.Empty, Ws1Action.ChangeUserGroupMembers);
                return notSent;
            }
            try
            {
                if (Change == Ws1UserGroupMemberChange.Add)
                    await _api.AddMemberAsync(Group, user, ct).ConfigureAwait(false);
                else
                    await _api.RemoveMemberAsync(Group, user, ct).ConfigureAwait(false);
            }
            catch (Ws1ApiException ex)
            {
                Ws1UserGroupMemberStatus status = ex.Kind == Ws1ErrorKind.OutcomeUnknown ? Ws1UserGroupMemberStatus.OutcomeUnknown : Ws1UserGroupMemberStatus.Failed;
                Ws1UserGroupMemberResult failed = Result(user, status);
                failed.Message = ex.Message;
                failed.Error = ex;
                _refused = ex.Kind == Ws1ErrorKind.PermissionDenied;
                return failed;
            }
            if (Change == Ws1UserGroupMemberChange.Add)
                _members.Add(user.Id);
            else
                _members.Remove(user.Id);
            return Result(user, Change == Ws1UserGroupMemberChange.Add ? Ws1UserGroupMemberStatus.Added : Ws1UserGroupMemberStatus.Removed);
        }

        private Ws1UserGroupMemberResult Result(Ws1User user, Ws1UserGroupMemberStatus status) => new Ws1UserGroupMemberResult
        {
            AccountName = Group.AccountName,
            UserGroupId = Group.Id,
            UserGroupName = Group.Name,
            UserId = user.Id,
            UserName = user.UserName,
            Change = Change,
            Status = status,
        };
    }
}
