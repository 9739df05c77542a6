using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Inventory;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Compare-Ws1Inventory: what changed in one account between a reference inventory and a later one (a snapshot,
    /// an inventory object, or the live account). The reference is indexed in memory; the difference streams past it.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "Ws1Inventory", DefaultParameterSetName = LiveSet, HelpUri = HelpLinks.Base + "Compare-Ws1Inventory.md")]
    [OutputType(typeof(Ws1InventoryChange))]
    [OutputType(typeof(Ws1InventoryComparison))]
    public sealed class CompareWs1Inventory : InventoryCmdlet
    {
        private const string LiveSet = "Live";
        private const string SnapshotSet = "Snapshot";

        /// <summary>A snapshot path, a FileInfo, or an inventory from Get-Ws1Inventory or Import-Ws1Inventory.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public PSObject Reference { get; set; } = null!; // Mandatory in every parameter set: bound before ProcessRecord

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = SnapshotSet)]
        [ValidateNotNull]
        public PSObject? Difference { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string? DifferenceAccountName { get; set; }

        [Parameter]
        public SwitchParameter Summary { get; set; }

        protected override void ProcessRecord()
        {
            InventorySource reference = SourceFor(Reference, nameof(Reference));
            InventoryComparisonRun comparison = InventoryService.Compare(reference, keepChanges: Summary);
            Run(() => Pump(comparison.ReadReferenceAsync(CancelToken), $"Reading the reference {reference.Description}"), Reference);
            // Run stops the command on a failure, so the reference was read to its end and has its summary.
            Ws1Inventory before = comparison.Reference;

            InventorySource difference = null!; // set by the branch below, or the command has stopped
            object target;
            if (ParameterSetName == SnapshotSet)
            {
                PSObject given = Difference!; // mandatory in this parameter set
                difference = SourceFor(given, nameof(Difference));
                target = given;
                // A bad file shows only at its end: prove it whole (and of the same account) before the first change is written.
                Run(() => Pump(comparison.CheckAsync(difference, CancelToken), $"Checking {difference.Description}"), target);
            }
            else
            {
                Ws1Session session = ResolveSession(DifferenceAccountName ?? before.AccountName);
                target = session.AccountName;
                Run(() => difference = comparison.LiveDifference(session), target);
            }

            Run(() => Pump(comparison.CompareAsync(difference, CancelToken), $"Comparing {difference.Description} with the reference", () => WriteChanges(comparison)), target);
            WriteChanges(comparison);

            // The comparison ran to its end (Run stops the command otherwise).
            foreach (Ws1InventoryCollection c in comparison.NotCompared)
                WriteWarning($"{c} were not compared: only the {(before.Includes(c) ? "reference" : "difference")} includes them.");
            if (Summary)
                WriteObject(comparison.Comparison);
        }

        private void WriteChanges(InventoryComparisonRun comparison)
        {
            foreach (Ws1InventoryChange change in comparison.TakeChanges())
            {
                if (!Summary)
                    WriteObject(change);
            }
        }

        /// <summary>A comparison cannot go on without either side: any failure stops it.</summary>
        private void Run(Action action, object target)
        {
            try
            {
                action();
            }
            catch (Exception ex) when (IsInventoryFailure(ex))
            {
                ThrowTerminatingError(InventoryError(ex, target));
            }
        }

        private InventorySource SourceFor(PSObject input, string parameter)
        {
            object value = input.BaseObject;
            if (value is object[] items)
            {
                if (items.Length != 1)
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-{parameter} takes one inventory; {items.Length} were given."),
                        "Ws1.InvalidInventoryInput", ErrorCategory.InvalidArgument, input));
                value = items[0] is PSObject wrapped ? wrapped.BaseObject : items[0];
            }
            try
            {
                switch (value)
                {
                    case Ws1Inventory inventory:
                        return InventoryService.FromObject(inventory);
                    case FileSystemInfo file:
                        return InventoryService.OpenSnapshot(file.FullName);
                    case string path:
                        return InventoryService.OpenSnapshot(FileSystemPath(path));
                }
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "Ws1.InvalidInventoryInput", ErrorCategory.InvalidArgument, input));
            }
            catch (Exception ex) when (IsInventoryFailure(ex))
            {
                ThrowTerminatingError(InventoryError(ex, input));
            }
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-{parameter} must be a snapshot path or an inventory from Get-Ws1Inventory or Import-Ws1Inventory, not {value.GetType().FullName}."),
                "Ws1.InvalidInventoryInput", ErrorCategory.InvalidArgument, input));
            return null!; // not reached: ThrowTerminatingError does not return
        }
    }
}
