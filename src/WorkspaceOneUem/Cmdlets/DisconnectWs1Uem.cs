using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>Disconnect-Ws1Uem: closes sessions. The next newest connection becomes the default.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Ws1Uem", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpLinks.Base + "Disconnect-Ws1Uem.md")]
    [OutputType(typeof(void))]
    public sealed class DisconnectWs1Uem : Ws1Cmdlet
    {
        private const string NameSet = "Name";
        private const string AllSet = "All";

        [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[]? AccountName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        protected override void ProcessRecord()
        {
            IEnumerable<Ws1Session> targets = All ? Registry.All() : ResolveSessions(AccountName, forChange: true);
            foreach (Ws1Session session in targets.ToList())
            {
                if (!ShouldProcess($"{session.AccountName} ({session.Server})", "Disconnect"))
                    continue;
                Registry.Remove(session.AccountName)?.Dispose();
                WriteVerbose($"Disconnected '{session.AccountName}'.");
            }
        }
    }
}
