using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Inventory;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Export-Ws1Inventory: writes a snapshot of one account straight from the paged reads to disk, one record at a
    /// time, to temporary files that replace the targets only when complete. Existing files are kept unless -Force.
    /// </summary>
    [Cmdlet(VerbsData.Export, "Ws1Inventory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Export-Ws1Inventory.md")]
    [OutputType(typeof(Ws1Inventory))]
    public sealed class ExportWs1Inventory : InventoryCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!; // Mandatory in every parameter set: bound before ProcessRecord

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string? AccountName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public Ws1InventoryCollection[]? Include { get; set; }

        [Parameter]
        public Ws1InventoryFormat? Format { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            Ws1Session session = ResolveSession(AccountName);
            InventoryExport export = InventoryService.PlanExport(session, FileSystemPath(Path), Format, Include);
            IReadOnlyList<string> targets = export.Targets;

            string? folder = System.IO.Path.GetDirectoryName(export.MetadataPath);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            {
                WriteError(new ErrorRecord(new DirectoryNotFoundException($"The folder '{folder}' does not exist; nothing was exported."),
                    "Ws1.FolderNotFound", ErrorCategory.ObjectNotFound, folder));
                return;
            }
            string? folderTarget = targets.FirstOrDefault(Directory.Exists);
            if (folderTarget != null)
            {
                WriteError(new ErrorRecord(new IOException($"'{folderTarget}' is a folder; give a file path."),
                    "Ws1.SnapshotPathIsFolder", ErrorCategory.InvalidArgument, folderTarget));
                return;
            }
            string? existing = targets.FirstOrDefault(File.Exists);
            if (existing != null && !Force)
            {
                WriteError(new ErrorRecord(new IOException($"'{existing}' exists; nothing was exported. Use -Force to replace it."),
                    "Ws1.SnapshotExists", ErrorCategory.ResourceExists, existing));
                return;
            }

            string action = $"Export the inventory ({string.Join(", ", export.Include)}) of account '{session.AccountName}'"
                            + (existing != null ? ", replacing the existing file" + (targets.Count > 1 ? "s" : string.Empty) : string.Empty);
            if (!ShouldProcess(string.Join(", ", targets), action))
                return;

            Ws1Inventory summary;
            try
            {
                InventoryReading writing = export.Write(overwrite: Force);
                Pump(writing.ReadAsync(CancelToken), $"Exporting the inventory of account '{session.AccountName}' to {export.MetadataPath}");
                summary = writing.Result;
            }
            catch (Exception ex) when (IsInventoryFailure(ex))
            {
                WriteError(InventoryError(ex, export.MetadataPath));
                return;
            }
            WriteVerbose($"Exported {Counts(summary)} of account '{session.AccountName}' to {string.Join(", ", targets)}.");
            if (PassThru)
                WriteObject(summary);
        }

        private static string Counts(Ws1Inventory s) =>
            string.Join(", ", new[]
            {
                s.Users.HasValue ? $"{s.Users:N0} users" : null,
                s.Devices.HasValue ? $"{s.Devices:N0} devices" : null,
                s.Apps.HasValue ? $"{s.Apps:N0} apps" : null,
            }.Where(x => x != null));
    }
}
