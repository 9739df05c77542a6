using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Test-Ws1UemConnection: whether a connection still works and what its admin role can read, found out with
    /// the smallest harmless calls; lists the actions that cannot be tested without doing them, with the
    /// permissions they need. Changes nothing.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "Ws1UemConnection", HelpUri = HelpLinks.Base + "Test-Ws1UemConnection.md")]
    [OutputType(typeof(Ws1ConnectionTest))]
    public sealed class TestWs1UemConnection : Ws1Cmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[]? AccountName { get; set; }

        protected override void ProcessRecord()
        {
            foreach (Ws1Session session in ResolveSessions(AccountName))
                WriteObject(Await(ct => session.TestAsync(ct)));
        }
    }
}
