using System.Collections.Generic;

namespace WorkspaceOneUem.Client
{
    /// <summary>What <see cref="UserApi.ChangeAsync"/> does to each user.</summary>
    public enum Ws1UserChange
    {
        Delete,
        Activate,
        Deactivate,
    }

    /// <summary>
    /// What a change to several users did: the users changed, and for each of the others why not. A bulk call
    /// answers 200 even when some items failed, so a failure of one user is reported here, not thrown.
    /// </summary>
    public sealed class Ws1UserChangeResult
    {
        /// <summary>The users as they are after the change (a deleted user as it was).</summary>
        public List<Ws1User> Changed { get; } = new List<Ws1User>();

        public List<Ws1UserChangeFailure> Failed { get; } = new List<Ws1UserChangeFailure>();
    }

    public sealed class Ws1UserChangeFailure
    {
        public Ws1UserChangeFailure(Ws1User user, Ws1ApiException error)
        {
            User = user;
            Error = error;
        }

        public Ws1User User { get; }

        /// <summary>Kind NotFound when the user no longer exists; OutcomeUnknown when the change may have happened.</summary>
        public Ws1ApiException Error { get; }
    }
}
