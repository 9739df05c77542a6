using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Inventory;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Get-Ws1Inventory: one inventory per account (users, devices, apps, their counts), every page, read into
    /// memory. For large tenants Export-Ws1Inventory streams to disk instead.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Ws1Inventory", HelpUri = HelpLinks.Base + "Get-Ws1Inventory.md")]
    [OutputType(typeof(Ws1Inventory))]
    public sealed class GetWs1Inventory : InventoryCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[]? AccountName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public Ws1InventoryCollection[]? Include { get; set; }

        protected override void ProcessRecord()
        {
            foreach (Ws1Session session in ResolveSessions(AccountName))
            {
                InventoryReading reading = InventoryService.Collect(InventoryService.Live(session, Include));
                try
                {
                    Pump(reading.ReadAsync(CancelToken), $"Inventory of account '{session.AccountName}'");
                }
                catch (Ws1ApiException ex)
                {
                    WriteError(ErrorFrom(ex, session.AccountName));
                    continue;
                }
                WriteObject(reading.Result);
            }
        }
    }
}
