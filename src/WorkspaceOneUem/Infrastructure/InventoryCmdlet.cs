using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Inventory;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// What the inventory cmdlets share: pumping an inventory from a source into a sink with a progress bar that
    /// always completes, file system paths, and turning file and API failures into ErrorRecords.
    /// </summary>
    public abstract class InventoryCmdlet : Ws1Cmdlet
    {
        private const int ProgressId = 0x1A70;
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

        /// <summary>
        /// Runs the steps of a reading on the pipeline thread, writing the client's log and a progress bar (records so
        /// far) that is always completed; <paramref name="afterStep"/> runs after each step.
        /// </summary>
        internal void Pump(IAsyncEnumerable<InventoryProgress> steps, string activity, Action? afterStep = null)
        {
            var clock = Stopwatch.StartNew();
            TimeSpan? last = null;
            Ws1InventoryCollection? lastCollection = null;
            string? status = null;
            try
            {
                foreach (InventoryProgress step in Stream(steps))
                {
                    afterStep?.Invoke();
                    if (last.HasValue && clock.Elapsed - last.Value < ProgressInterval && step.Collection == lastCollection && !step.Done)
                        continue;
                    last = clock.Elapsed;
                    lastCollection = step.Collection;
                    string text = step.Describe();
                    status = char.ToUpperInvariant(text[0]) + text.Substring(1);
                    // A new record each time: hosts may keep the ones written.
                    WriteProgress(new ProgressRecord(ProgressId, activity, status));
                }
            }
            finally
            {
                if (status != null)
                    CompleteProgress(new ProgressRecord(ProgressId, activity, status));
            }
        }

        /// <summary>
        /// File, snapshot, comparison and API failures (what <see cref="IsInventoryFailure"/> accepts) as ErrorRecords
        /// with stable ids; anything else, which callers never pass, as a generic record rather than null.
        /// </summary>
        internal static ErrorRecord InventoryError(Exception ex, object target)
        {
            switch (ex)
            {
                case Ws1ApiException api:
                    return ErrorFrom(api, target);
                case InventoryMismatchException _:
                    return new ErrorRecord(new ArgumentException(ex.Message, ex), "Ws1.InventoryAccountMismatch", ErrorCategory.InvalidArgument, target);
                case InvalidDataException _:
                    return new ErrorRecord(ex, "Ws1.InvalidSnapshot", ErrorCategory.InvalidData, target);
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return new ErrorRecord(ex, "Ws1.SnapshotNotFound", ErrorCategory.ObjectNotFound, target);
                case UnauthorizedAccessException _:
                    return new ErrorRecord(ex, "Ws1.SnapshotAccessDenied", ErrorCategory.PermissionDenied, target);
                case IOException _:
                    return new ErrorRecord(ex, "Ws1.SnapshotIOError", ErrorCategory.WriteError, target);
                default:
                    return new ErrorRecord(ex, "Ws1.InventoryFailure", ErrorCategory.NotSpecified, target);
            }
        }

        internal static bool IsInventoryFailure(Exception ex) =>
            ex is Ws1ApiException || ex is InventoryMismatchException || ex is InvalidDataException || ex is IOException || ex is UnauthorizedAccessException;
    }
}
