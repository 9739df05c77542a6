using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Client.Inventory
{
    /// <summary>
    /// The client's inventory surface: where an inventory comes from, and the three things done with one (read it
    /// into memory, export it to a snapshot, compare it with another). Each returns an object whose steps the caller
    /// enumerates for progress; sinks, writers, indexes and the comparer stay inside the client.
    /// </summary>
    public static class InventoryService
    {
        /// <summary>The inventory of a connected account; <paramref name="include"/> null or empty means every collection.</summary>
        public static InventorySource Live(Ws1Session session, IEnumerable<Ws1InventoryCollection>? include) =>
            new LiveInventorySource(session, include);

        /// <summary>
        /// The snapshot <paramref name="path"/> (a full path) names: a JSON snapshot, a CSV set's metadata or base
        /// name, or one of its CSV files. FileNotFoundException when there is none.
        /// </summary>
        public static InventorySource OpenSnapshot(string path) => SnapshotFileSource.Open(path);

        /// <summary>An inventory in memory (from Get-Ws1Inventory or Import-Ws1Inventory); ArgumentException when it lacks the records it includes.</summary>
        public static InventorySource FromObject(Ws1Inventory inventory) => new InventoryObjectSource(inventory);

        /// <summary>Distinct collections in their canonical order; none given means all.</summary>
        public static Ws1InventoryCollection[] Normalize(IEnumerable<Ws1InventoryCollection>? include) => LiveInventorySource.Normalize(include);

        /// <summary>Reads <paramref name="source"/> into one in-memory inventory with its records and counts.</summary>
        public static InventoryReading Collect(InventorySource source)
        {
            if (source == null)
                throw new ArgumentNullException(nameof(source));
            var builder = new InventoryBuilder();
            return new InventoryReading(ct => source.ReadIntoAsync(builder, ct), () => builder.Result);
        }

        /// <summary>
        /// The files an export of <paramref name="session"/>'s account to <paramref name="path"/> (a full path) would
        /// write; nothing is written until the export's steps are read.
        /// </summary>
        public static InventoryExport PlanExport(Ws1Session session, string path, Ws1InventoryFormat? format, IEnumerable<Ws1InventoryCollection>? include) =>
            new InventoryExport(session, SnapshotLayout.ForExport(path, format), Normalize(include));

        /// <summary>A comparison against <paramref name="reference"/>; <paramref name="keepChanges"/> also keeps every change in the summary.</summary>
        public static InventoryComparisonRun Compare(InventorySource reference, bool keepChanges) => new InventoryComparisonRun(reference, keepChanges);
    }

    /// <summary>A reading whose steps report progress; its result is there once the steps have ended.</summary>
    public sealed class InventoryReading
    {
        private readonly Func<CancellationToken, IAsyncEnumerable<InventoryProgress>> _steps;
        private readonly Func<Ws1Inventory?> _result;

        internal InventoryReading(Func<CancellationToken, IAsyncEnumerable<InventoryProgress>> steps, Func<Ws1Inventory?> result)
        {
            _steps = steps;
            _result = result;
        }

        /// <summary>Reads, yielding now and then so the caller can report progress; stopping the enumeration stops the reading.</summary>
        public IAsyncEnumerable<InventoryProgress> ReadAsync(CancellationToken ct) => _steps(ct);

        /// <summary>The inventory read, once <see cref="ReadAsync"/> has ended.</summary>
        public Ws1Inventory Result => _result() ?? throw new InvalidOperationException("The inventory has not been read to its end.");
    }

    /// <summary>
    /// An export of one account to a snapshot: the files it writes are known before anything is read, so the caller
    /// can check and confirm them first. The snapshot is written to temporary files that replace the targets only
    /// once it is complete; a failed or stopped export leaves the targets as they were.
    /// </summary>
    public sealed class InventoryExport
    {
        private readonly Ws1Session _session;
        private readonly SnapshotLayout _layout;

        internal InventoryExport(Ws1Session session, SnapshotLayout layout, Ws1InventoryCollection[] include)
        {
            _session = session ?? throw new ArgumentNullException(nameof(session));
            _layout = layout;
            Include = include;
        }

        /// <summary>The collections exported, distinct and in canonical order.</summary>
        public IReadOnlyList<Ws1InventoryCollection> Include { get; }

        /// <summary>The JSON file: the whole snapshot, or a CSV set's metadata.</summary>
        public string MetadataPath => _layout.MetadataPath;

        /// <summary>Every file the export writes, the metadata last.</summary>
        public IReadOnlyList<string> Targets => _layout.Targets(Include);

        /// <summary>
        /// Writes the snapshot; without <paramref name="overwrite"/> an existing target is an IOException and nothing
        /// is replaced. The result is the exported counts and the snapshot's path.
        /// </summary>
        public InventoryReading Write(bool overwrite)
        {
            Ws1Inventory? exported = null;
            return new InventoryReading(ct => WriteAsync(overwrite, e => exported = e, ct), () => exported);
        }

        private async IAsyncEnumerable<InventoryProgress> WriteAsync(bool overwrite, Action<Ws1Inventory> done, [EnumeratorCancellation] CancellationToken ct)
        {
            using (SnapshotWriter writer = SnapshotWriter.Create(_layout))
            {
                await foreach (InventoryProgress step in new LiveInventorySource(_session, Include).ReadIntoAsync(writer, ct).ConfigureAwait(false))
                    yield return step;
                writer.Commit(overwrite);
                done(writer.Exported());
            }
        }
    }

    /// <summary>
    /// What changed in one account between a reference inventory and a later one. The reference is read first and
    /// indexed in memory; the difference then streams past it, and the changes are taken as they are found.
    /// </summary>
    public sealed class InventoryComparisonRun
    {
        private readonly InventorySource _reference;
        private readonly InventoryIndex _index = new InventoryIndex();
        private readonly bool _keepChanges;
        private InventoryComparer? _comparer;

        internal InventoryComparisonRun(InventorySource reference, bool keepChanges)
        {
            _reference = reference ?? throw new ArgumentNullException(nameof(reference));
            _keepChanges = keepChanges;
        }

        /// <summary>Reads and indexes the reference; first of all.</summary>
        public IAsyncEnumerable<InventoryProgress> ReadReferenceAsync(CancellationToken ct) => _reference.ReadIntoAsync(_index, ct);

        /// <summary>The reference's header and counts, once it has been read.</summary>
        public Ws1Inventory Reference => _index.Summary ?? throw new InvalidOperationException("The reference has not been read.");

        /// <summary>
        /// A snapshot shows it is incomplete or altered only at its end: this reads it through once, refusing another
        /// account's at its header, so that no change is reported from a bad file. Nothing to read for other sources.
        /// </summary>
        public IAsyncEnumerable<InventoryProgress> CheckAsync(InventorySource difference, CancellationToken ct) =>
            difference is SnapshotFileSource file
                ? file.ReadIntoAsync(InventoryComparer.AccountCheck(Reference), ct)
                : AsyncSequences.FromSync(Enumerable.Empty<InventoryProgress>());

        /// <summary>
        /// The live account of <paramref name="session"/> as the difference, with the reference's collections;
        /// an <see cref="InventoryMismatchException"/> when it is another account than the reference's.
        /// </summary>
        public InventorySource LiveDifference(Ws1Session session)
        {
            Ws1Inventory reference = Reference;
            InventoryComparer.CheckSameAccount(reference,
                new Ws1Inventory { AccountName = session.AccountName, Server = LiveInventorySource.ServerOf(session), CollectedAt = DateTime.UtcNow });
            return new LiveInventorySource(session, reference.Included);
        }

        /// <summary>Streams <paramref name="difference"/> past the reference; take the changes found with <see cref="TakeChanges"/> between steps.</summary>
        public IAsyncEnumerable<InventoryProgress> CompareAsync(InventorySource difference, CancellationToken ct)
        {
            _comparer = new InventoryComparer(_index, _keepChanges);
            return difference.ReadIntoAsync(_comparer, ct);
        }

        /// <summary>Changes found since the last call, in order.</summary>
        public IEnumerable<Ws1InventoryChange> TakeChanges() => _comparer?.TakeChanges() ?? Enumerable.Empty<Ws1InventoryChange>();

        /// <summary>The totals, the license counts and (when kept) every change, once the difference has been read.</summary>
        public Ws1InventoryComparison Comparison => _comparer?.Comparison ?? throw new InvalidOperationException("The difference has not been read.");

        /// <summary>The collections only one side includes, once the difference has been read: they were not compared.</summary>
        public IReadOnlyList<Ws1InventoryCollection> NotCompared
        {
            get
            {
                Ws1Inventory difference = _comparer?.Difference ?? throw new InvalidOperationException("The difference has not been read.");
                return Reference.Included.Union(difference.Included).Except(Comparison.Compared).ToList();
            }
        }
    }
}
