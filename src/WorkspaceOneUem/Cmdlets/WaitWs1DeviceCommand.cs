using System.Collections.Generic;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Wait-Ws1DeviceCommand: follows results of device actions (piped, or kept in a variable) until the tenant shows
    /// each command done, held or failed, or -Timeout passes; writes one outcome per result. Each result is followed in
    /// its own account.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "Ws1DeviceCommand", HelpUri = HelpLinks.Base + "Wait-Ws1DeviceCommand.md")]
    [OutputType(typeof(Ws1DeviceCommandOutcome))]
    public sealed class WaitWs1DeviceCommand : Ws1Cmdlet
    {
        private readonly List<KeyValuePair<Ws1Session, Ws1DeviceCommandResult>> _results = new List<KeyValuePair<Ws1Session, Ws1DeviceCommandResult>>();

        /// <summary>Results from Lock-Ws1UserDevice, Invoke-Ws1UserDeviceWipe and the other device actions.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public Ws1DeviceCommandResult[] InputObject { get; set; } = null!; // Mandatory in every parameter set: bound before ProcessRecord

        /// <summary>How long to follow, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int Timeout { get; set; } = CommandFollowing.DefaultTimeoutSeconds;

        /// <summary>The longest pause between two rounds of reads, in seconds.</summary>
        [Parameter]
        [ValidateRange(0.05, 600)]
        public double? PollInterval { get; set; }

        // Collect only: every device is followed in the same rounds, once the input has ended.
        protected override void ProcessRecord()
        {
            foreach (Ws1DeviceCommandResult result in InputObject)
            {
                Ws1Session? session = SessionOfObject(result.AccountName, result);
                if (session != null)
                    _results.Add(new KeyValuePair<Ws1Session, Ws1DeviceCommandResult>(session, result));
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                CommandFollowing.Run(this, _results, Timeout, PollInterval);
            }
            catch (Ws1ApiException ex)
            {
                WriteError(ErrorFrom(ex, _results.Count));
            }
            base.EndProcessing();
        }
    }
}
