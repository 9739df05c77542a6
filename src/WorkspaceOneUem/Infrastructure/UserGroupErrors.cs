using System.Management.Automation;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>The errors the user group cmdlets share, with one ErrorId each.</summary>
    internal static class UserGroupErrors
    {
        public static ErrorRecord NotFound(Ws1Session session, string name) =>
            new ErrorRecord(new ItemNotFoundException($"No user group named '{name}' on account '{session.AccountName}' (names match exactly). List the groups with Get-Ws1UserGroup -AccountName '{session.AccountName}'."),
                "Ws1.UserGroupNotFound", ErrorCategory.ObjectNotFound, name);

        public static ErrorRecord NotFound(Ws1Session session, Ws1ApiException error) =>
            new ErrorRecord(new ItemNotFoundException($"{error.Message} List the groups with Get-Ws1UserGroup -AccountName '{session.AccountName}'.", error),
                "Ws1.UserGroupNotFound", ErrorCategory.ObjectNotFound, session.AccountName);
    }
}
