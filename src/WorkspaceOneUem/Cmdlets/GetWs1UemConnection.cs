using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>Get-Ws1UemConnection: lists the open sessions of this runspace. Never shows a secret.</summary>
    [Cmdlet(VerbsCommon.Get, "Ws1UemConnection", HelpUri = HelpLinks.Base + "Get-Ws1UemConnection.md")]
    [OutputType(typeof(Ws1Connection))]
    public sealed class GetWs1UemConnection : Ws1Cmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[]? AccountName { get; set; }

        protected override void ProcessRecord()
        {
            string? defaultName = Registry.DefaultAccountName;
            if (AccountName == null)
            {
                foreach (Ws1Session session in Registry.All())
                    WriteObject(Ws1Connection.From(session, session.AccountName == defaultName));
                return;
            }
            foreach (Ws1Session session in ResolveSessions(AccountName))
                WriteObject(Ws1Connection.From(session, session.AccountName == defaultName));
        }
    }
}
