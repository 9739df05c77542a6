using System;
using System.Collections.Generic;
using System.Management.Automation;
using WorkspaceOneUem.Client.Inventory;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Import-Ws1Inventory: reads snapshots written by Export-Ws1Inventory (JSON or CSV) back into inventories,
    /// the same records Get-Ws1Inventory returned. Incomplete or altered snapshots are refused.
    /// </summary>
    [Cmdlet(VerbsData.Import, "Ws1Inventory", HelpUri = HelpLinks.Base + "Import-Ws1Inventory.md")]
    [OutputType(typeof(Ws1Inventory))]
    public sealed class ImportWs1Inventory : InventoryCmdlet
    {
        // One CSV set is one snapshot, however many of its files were named.
        private readonly HashSet<string> _read = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = null!; // Mandatory in every parameter set: bound before ProcessRecord

        protected override void ProcessRecord()
        {
            foreach (string path in Path)
            {
                foreach (string file in Resolve(path))
                    Read(file);
            }
        }

        private IEnumerable<string> Resolve(string path)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(path))
                return new[] { FileSystemPath(path) };
            try
            {
                // The provider finds nothing for a pattern it cannot parse, silently: say what is wrong instead.
                NameFilter.Parse("-Path", path);
            }
            catch (InvalidWildcardException ex)
            {
                WriteError(ex.ToErrorRecord());
                return new string[0];
            }
            try
            {
                return SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _);
            }
            catch (ItemNotFoundException ex)
            {
                WriteError(new ErrorRecord(ex, "Ws1.SnapshotNotFound", ErrorCategory.ObjectNotFound, path));
                return new string[0];
            }
        }

        private void Read(string path)
        {
            InventoryReading reading;
            try
            {
                InventorySource source = InventoryService.OpenSnapshot(path);
                // A snapshot source always names its file.
                string file = source.Path!;
                if (!_read.Add(file))
                    return;
                reading = InventoryService.Collect(source);
                Pump(reading.ReadAsync(CancelToken), $"Reading {file}");
            }
            catch (Exception ex) when (IsInventoryFailure(ex))
            {
                WriteError(InventoryError(ex, path));
                return;
            }
            WriteObject(reading.Result);
        }
    }
}
