using System.Collections.Generic;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// Remove-, Enable- and Disable-Ws1User: one change for every approved user, in bulk calls of at most 500
    /// users per account (<see cref="UserApi.ChangeAsync"/>).
    /// </summary>
    public abstract class BulkUserChangeCmdlet : UserChangeCmdlet
    {
        private readonly Ws1UserChange _change;

        protected BulkUserChangeCmdlet(string action, Ws1UserChange change)
            : base(action)
        {
            _change = change;
        }

        protected override void Send(Ws1Session session, List<Ws1User> users)
        {
            Ws1UserChangeResult result = Await(ct => session.Users.ChangeAsync(_change, users, ct));
            foreach (Ws1UserChangeFailure failure in result.Failed)
                WriteError(ChangeError(failure.Error, failure.User));
            if (PassThru)
                WriteObject(result.Changed, enumerateCollection: true);
        }
    }
}
