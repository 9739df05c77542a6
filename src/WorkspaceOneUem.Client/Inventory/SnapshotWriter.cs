using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Text;
using Newtonsoft.Json;

namespace WorkspaceOneUem.Client.Inventory
{
    /// <summary>
    /// Writes a snapshot as the records arrive, to temporary files beside the targets; <see cref="Commit"/> moves
    /// them over the targets once the whole inventory is written. Disposing without committing deletes them.
    /// Holds one record at a time, whatever the size of the tenant.
    /// </summary>
    internal abstract class SnapshotWriter : IInventorySink, IDisposable
    {
        protected SnapshotWriter(SnapshotLayout layout, Func<string, Stream>? openTemp)
        {
            Layout = layout;
            OpenTemp = openTemp;
        }

        public SnapshotLayout Layout { get; }

        /// <summary>Creates each temporary file (see <see cref="StagedFile.Create"/>); null for the real file system.</summary>
        protected Func<string, Stream>? OpenTemp { get; }

        /// <summary>The counts written at the end, once <see cref="End"/> has run.</summary>
        public Ws1Inventory? Summary { get; protected set; }

        public static SnapshotWriter Create(SnapshotLayout layout, Func<string, Stream>? openTemp = null) =>
            layout.Format == Ws1InventoryFormat.Csv ? new CsvSnapshotWriter(layout, openTemp) : (SnapshotWriter)new JsonSnapshotWriter(layout, openTemp);

        public abstract void Begin(Ws1Inventory header);
        public abstract void BeginCollection(Ws1InventoryCollection collection);
        public abstract void Add(Ws1User user);
        public abstract void Add(Ws1Device device);
        public abstract void Add(Ws1App app);
        public abstract void End(Ws1Inventory summary);

        /// <summary>
        /// Moves the finished files over the targets. Without <paramref name="overwrite"/>, an existing target is an
        /// IOException and nothing is replaced.
        /// </summary>
        public abstract void Commit(bool overwrite);

        /// <summary>What was exported, once committed: the counts, and the snapshot's path.</summary>
        public Ws1Inventory Exported()
        {
            if (Summary == null)
                throw new InvalidOperationException("The snapshot is not finished.");
            Ws1Inventory exported = Summary.SummaryCopy();
            exported.Path = Layout.MetadataPath;
            return exported;
        }

        public abstract void Dispose();

        protected static void RefuseExisting(IEnumerable<string> targets, bool overwrite)
        {
            if (overwrite)
                return;
            string? existing = targets.FirstOrDefault(File.Exists);
            if (existing != null)
                throw new IOException($"'{existing}' exists; nothing was replaced.");
        }
    }

    /// <summary>One JSON file: header, one array per collection, counts last (see <see cref="SnapshotJson"/>).</summary>
    internal sealed class JsonSnapshotWriter : SnapshotWriter
    {
        private readonly StagedFile _file;
        private readonly StreamWriter _text;
        private readonly JsonTextWriter _json;
        private bool _inArray;

        public JsonSnapshotWriter(SnapshotLayout layout, Func<string, Stream>? openTemp)
            : base(layout, openTemp)
        {
            _file = StagedFile.Create(layout.MetadataPath, openTemp);
            _text = new StreamWriter(_file.Hashing, SnapshotJson.Utf8, 1 << 16);
            _json = SnapshotJson.CreateWriter(_text);
        }

        public override void Begin(Ws1Inventory header)
        {
            _json.WriteStartObject();
            SnapshotJson.WriteHeader(_json, header, Ws1InventoryFormat.Json);
        }

        public override void BeginCollection(Ws1InventoryCollection collection)
        {
            EndArray();
            _json.WritePropertyName(collection.ToString());
            _json.WriteStartArray();
            _inArray = true;
        }

        public override void Add(Ws1User user) => SnapshotJson.WriteRecord(_json, InventoryRecords.Users, user);

        public override void Add(Ws1Device device) => SnapshotJson.WriteRecord(_json, InventoryRecords.Devices, device);

        public override void Add(Ws1App app) => SnapshotJson.WriteRecord(_json, InventoryRecords.Apps, app);

        public override void End(Ws1Inventory summary)
        {
            EndArray();
            SnapshotJson.WriteCounts(_json, summary);
            _json.WriteEndObject();
            _json.Flush();
            _text.Write('\n');
            _text.Flush();
            _file.Close();
            Summary = summary;
        }

        public override void Commit(bool overwrite)
        {
            if (Summary == null)
                throw new InvalidOperationException("The snapshot is not finished.");
            RefuseExisting(new[] { _file.Target }, overwrite);
            _file.Commit(overwrite);
        }

        public override void Dispose() => _file.Dispose();

        private void EndArray()
        {
            if (_inArray)
                _json.WriteEndArray();
            _inArray = false;
        }
    }

    /// <summary>
    /// One CSV file per collection (UTF-8 with a byte order mark, so spreadsheets read non-ASCII text right) and a
    /// JSON metadata file with the header, each CSV file's name, row count and SHA-256, and the counts. On commit
    /// the metadata is replaced last; a reader checks every CSV file against it, so a set mixed from two exports
    /// is refused rather than read.
    /// </summary>
    internal sealed class CsvSnapshotWriter : SnapshotWriter
    {
        private static readonly Encoding Utf8WithBom = new UTF8Encoding(true);

        private readonly List<FinishedFile> _finished = new List<FinishedFile>();
        private Ws1Inventory? _header;
        private StagedFile? _current;
        private StreamWriter? _text;
        private CsvWriter? _csv;
        private Ws1InventoryCollection _collection;
        private int _rows;
        private StagedFile? _metadata;

        // Rows come between BeginCollection and the next collection or End, as the sink's calls are ordered.
        private CsvWriter Csv => _csv ?? throw new InvalidOperationException("No collection has begun.");

        public CsvSnapshotWriter(SnapshotLayout layout, Func<string, Stream>? openTemp)
            : base(layout, openTemp)
        {
        }

        public override void Begin(Ws1Inventory header) => _header = header;

        public override void BeginCollection(Ws1InventoryCollection collection)
        {
            FinishFile();
            _collection = collection;
            _rows = 0;
            _current = StagedFile.Create(Layout.CsvPath(collection), OpenTemp);
            _text = new StreamWriter(_current.Hashing, Utf8WithBom, 1 << 16);
            _csv = new CsvWriter(_text);
            switch (collection)
            {
                case Ws1InventoryCollection.Users: WriteHeaderRow(InventoryRecords.Users); break;
                case Ws1InventoryCollection.Devices: WriteHeaderRow(InventoryRecords.Devices); break;
                default: WriteHeaderRow(InventoryRecords.Apps); break;
            }
        }

        public override void Add(Ws1User user) => WriteRow(InventoryRecords.Users, user);

        public override void Add(Ws1Device device) => WriteRow(InventoryRecords.Devices, device);

        public override void Add(Ws1App app) => WriteRow(InventoryRecords.Apps, app);

        public override void End(Ws1Inventory summary)
        {
            FinishFile();
            _metadata = StagedFile.Create(Layout.MetadataPath, OpenTemp);
            using (var text = new StreamWriter(_metadata.Hashing, SnapshotJson.Utf8, 1 << 12))
            {
                JsonTextWriter json = SnapshotJson.CreateWriter(text);
                json.WriteStartObject();
                SnapshotJson.WriteHeader(json, _header ?? throw new InvalidOperationException("The snapshot has not begun."), Ws1InventoryFormat.Csv);
                json.WritePropertyName("Files");
                json.WriteStartObject();
                foreach (FinishedFile f in _finished)
                {
                    json.WritePropertyName(f.Collection.ToString());
                    json.WriteStartObject();
                    json.WritePropertyName("Name");
                    json.WriteValue(Path.GetFileName(f.File.Target));
                    json.WritePropertyName("Rows");
                    json.WriteValue(f.Rows);
                    json.WritePropertyName("Sha256");
                    json.WriteValue(f.Sha256);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                SnapshotJson.WriteCounts(json, summary);
                json.WriteEndObject();
                json.Flush();
                text.Write('\n');
                text.Flush();
                _metadata.Close();
            }
            Summary = summary;
        }

        public override void Commit(bool overwrite)
        {
            if (Summary == null || _metadata == null)
                throw new InvalidOperationException("The snapshot is not finished.");
            RefuseExisting(_finished.Select(f => f.File.Target).Concat(new[] { _metadata.Target }), overwrite);
            foreach (FinishedFile f in _finished)
                f.File.Commit(overwrite);
            _metadata.Commit(overwrite);
        }

        // Every file is disposed (so its temporary file deleted) even if disposing another one throws.
        public override void Dispose()
        {
            var files = _finished.Select(f => (StagedFile?)f.File).Concat(new[] { _current, _metadata }).OfType<StagedFile>().ToList();
            Exception? first = null;
            foreach (StagedFile file in files)
            {
                try
                {
                    file.Dispose();
                }
                catch (Exception ex)
                {
                    first = first ?? ex;
                }
            }
            if (first != null)
                ExceptionDispatchInfo.Capture(first).Throw();
        }

        private void WriteHeaderRow<T>(RecordSchema<T> schema) where T : new()
        {
            foreach (RecordColumn<T> column in schema.Columns)
                Csv.WriteField(column.Name);
            Csv.EndRow();
        }

        private void WriteRow<T>(RecordSchema<T> schema, T record) where T : new()
        {
            foreach (RecordColumn<T> column in schema.Columns)
            {
                string? text = column.GetText(record);
                Csv.WriteField(column.IsText ? SpreadsheetText.Protect(text) : text);
            }
            Csv.EndRow();
            _rows++;
        }

        private void FinishFile()
        {
            if (_current == null || _text == null)
                return;
            _text.Flush();
            string sha = _current.Close();
            _finished.Add(new FinishedFile(_collection, _current, _rows, sha));
            _current = null;
            _text = null;
            _csv = null;
        }

        private sealed class FinishedFile
        {
            public FinishedFile(Ws1InventoryCollection collection, StagedFile file, int rows, string sha256)
            {
                Collection = collection;
                File = file;
                Rows = rows;
                Sha256 = sha256;
            }

            public Ws1InventoryCollection Collection { get; }
            public StagedFile File { get; }
            public int Rows { get; }
            public string Sha256 { get; }
        }
    }
}
