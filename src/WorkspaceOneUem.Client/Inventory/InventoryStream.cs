using System;
using System.Collections.Generic;
using System.Threading;

namespace WorkspaceOneUem.Client.Inventory
{
    /// <summary>
    /// Where an inventory goes, one record at a time: a file being written, an in-memory inventory, a comparison.
    /// Calls come in this order: Begin, then for each included collection BeginCollection and its records, then End.
    /// </summary>
    internal interface IInventorySink
    {
        /// <summary>The header: account, server, time, version, what is included. No counts yet.</summary>
        void Begin(Ws1Inventory header);

        void BeginCollection(Ws1InventoryCollection collection);

        void Add(Ws1User user);

        void Add(Ws1Device device);

        void Add(Ws1App app);

        /// <summary>The header again, now with the counts of every included collection.</summary>
        void End(Ws1Inventory summary);
    }

    /// <summary>
    /// Where an inventory comes from: the tenant, a snapshot file, an inventory object. Callers outside the client get
    /// one from <see cref="InventoryService"/> and hand it back to it; only the client reads it.
    /// </summary>
    public abstract class InventorySource
    {
        private protected InventorySource()
        {
        }

        /// <summary>What the source is, for messages: "account 'A'", "snapshot /tmp/a.json".</summary>
        public abstract string Description { get; }

        /// <summary>The full path of the snapshot file read (the JSON file: the snapshot, or a CSV set's metadata); null for other sources.</summary>
        public virtual string? Path => null;

        /// <summary>
        /// Pushes the whole inventory into <paramref name="sink"/>, yielding now and then (every few hundred
        /// records and at the end) so the caller can report progress between records. Nothing is read until the
        /// caller enumerates; stopping the enumeration stops the reading.
        /// </summary>
        internal abstract IAsyncEnumerable<InventoryProgress> ReadIntoAsync(IInventorySink sink, CancellationToken ct);
    }

    /// <summary>How far reading an inventory has got.</summary>
    public sealed class InventoryProgress
    {
        internal InventoryProgress()
        {
        }

        public string? Source { get; internal set; }
        public Ws1InventoryCollection? Collection { get; internal set; }
        public int Users { get; internal set; }
        public int Devices { get; internal set; }
        public int Apps { get; internal set; }
        public bool Done { get; internal set; }

        public int Records => Users + Devices + Apps;

        public string Describe()
        {
            string text = $"{Users:N0} users, {Devices:N0} devices, {Apps:N0} apps";
            return Done ? text : $"reading {Collection?.ToString().ToLowerInvariant() ?? "header"}: {text}";
        }
    }

    /// <summary>
    /// What every source does with each record: counts it, hands it to the sink, and says when to report progress.
    /// </summary>
    internal sealed class InventoryFeed
    {
        public const int ProgressEvery = 500;

        private readonly IInventorySink _sink;
        private readonly Ws1Inventory _header;
        private readonly InventoryTally _tally = new InventoryTally();
        private int _sinceProgress;

        public InventoryFeed(IInventorySink sink, Ws1Inventory header, string source)
        {
            _sink = sink ?? throw new ArgumentNullException(nameof(sink));
            _header = header;
            Progress = new InventoryProgress { Source = source };
            _sink.Begin(header.HeaderCopy());
        }

        public InventoryProgress Progress { get; }

        public void BeginCollection(Ws1InventoryCollection collection)
        {
            Progress.Collection = collection;
            _sink.BeginCollection(collection);
        }

        public bool Add(Ws1User user)
        {
            _tally.Add(user);
            _sink.Add(user);
            Progress.Users++;
            return Step();
        }

        public bool Add(Ws1Device device)
        {
            _tally.Add(device);
            _sink.Add(device);
            Progress.Devices++;
            return Step();
        }

        public bool Add(Ws1App app)
        {
            _tally.Add(app);
            _sink.Add(app);
            Progress.Apps++;
            return Step();
        }

        /// <summary>The header with the counts of what passed; hands it to the sink's End.</summary>
        public Ws1Inventory Finish()
        {
            Ws1Inventory summary = Counted();
            _sink.End(summary.SummaryCopy());
            Progress.Done = true;
            return summary;
        }

        /// <summary>The header with the counts of what passed so far.</summary>
        public Ws1Inventory Counted()
        {
            Ws1Inventory summary = _header.HeaderCopy();
            _tally.ApplyTo(summary);
            return summary;
        }

        private bool Step()
        {
            if (++_sinceProgress < ProgressEvery)
                return false;
            _sinceProgress = 0;
            return true;
        }
    }
}
