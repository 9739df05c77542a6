using WorkspaceOneUem.Client;

namespace WorkspaceOneUem
{
    /// <summary>Adding users to a user group, or removing them.</summary>
    public enum Ws1UserGroupMemberChange
    {
        Add,
        Remove,
    }

    /// <summary>How a membership change for one user ended.</summary>
    public enum Ws1UserGroupMemberStatus
    {
        Added,
        Removed,

        /// <summary>The user was in the group already: nothing was sent.</summary>
        AlreadyMember,

        /// <summary>The user was not in the group: nothing was sent.</summary>
        NotMember,

        /// <summary>The server refused the call; the change was not made.</summary>
        Failed,

        /// <summary>The call may or may not have reached the server (timeout, reset, 500): check the group before sending it again.</summary>
        OutcomeUnknown,
    }

    /// <summary>One user's membership change, as Add-Ws1UserGroupMember and Remove-Ws1UserGroupMember write it.</summary>
    public sealed class Ws1UserGroupMemberResult
    {
        public string? AccountName { get; internal set; }
        public long UserGroupId { get; internal set; }
        public string? UserGroupName { get; internal set; }
        public long UserId { get; internal set; }
        public string? UserName { get; internal set; }
        public Ws1UserGroupMemberChange Change { get; internal set; }
        public Ws1UserGroupMemberStatus Status { get; internal set; }

        /// <summary>Why it failed, or what to check, for Failed and OutcomeUnknown.</summary>
        public string? Message { get; internal set; }

        /// <summary>The failure behind Failed and OutcomeUnknown.</summary>
        public Ws1ApiException? Error { get; internal set; }

        public override string ToString() => $"{Change} {UserName} ({UserGroupName}): {Status}";
    }
}
