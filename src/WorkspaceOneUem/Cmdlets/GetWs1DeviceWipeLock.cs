using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>Get-Ws1DeviceWipeLock: the wipe-protection threshold lock of each account, read at its customer group (or the group given).</summary>
    [Cmdlet(VerbsCommon.Get, "Ws1DeviceWipeLock", HelpUri = HelpLinks.Base + "Get-Ws1DeviceWipeLock.md")]
    [OutputType(typeof(Ws1DeviceWipeLock))]
    public sealed class GetWs1DeviceWipeLock : WipeProtectionCmdlet
    {
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[]? AccountName { get; set; }

        protected override void ProcessRecord()
        {
            foreach (Ws1Session session in ResolveSessions(AccountName))
            {
                Ws1OrganizationGroup? group = GroupOf(session);
                if (group == null)
                    continue;
                try
                {
                    WriteObject(Await(ct => session.WipeProtection.GetLockAsync(group, ct)));
                }
                catch (Ws1ApiException ex)
                {
                    WriteError(ErrorFrom(ex, session.AccountName));
                }
            }
        }
    }
}
