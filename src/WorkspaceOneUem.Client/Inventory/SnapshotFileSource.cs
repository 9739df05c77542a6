using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Newtonsoft.Json;

namespace WorkspaceOneUem.Client.Inventory
{
    /// <summary>
    /// Reads a snapshot written by <see cref="SnapshotWriter"/>, JSON or CSV, streaming: one record at a time.
    /// A snapshot whose counts (written last) are missing, whose records disagree with its counts, or whose CSV
    /// files do not match the row counts and SHA-256 its metadata records is refused with an InvalidDataException:
    /// nothing incomplete is ever taken for a whole snapshot. The check comes at the end, so a caller that must
    /// not act on a bad file reads it through once first (see <see cref="InventoryComparer.AccountCheck"/>).
    /// </summary>
    internal sealed class SnapshotFileSource : InventorySource
    {
        private readonly string _metadataPath;

        private SnapshotFileSource(string metadataPath)
        {
            _metadataPath = metadataPath;
        }

        public override string Path => _metadataPath;

        public override string Description => $"snapshot {_metadataPath}";

        /// <summary>
        /// The snapshot <paramref name="path"/> names: a JSON snapshot, a CSV set's metadata or base name, or one of
        /// its CSV files. FileNotFoundException when there is none.
        /// </summary>
        public static SnapshotFileSource Open(string path)
        {
            string? metadata = SnapshotLayout.FindMetadata(path);
            if (metadata == null)
                throw new FileNotFoundException($"No inventory snapshot at '{path}' (looked for '{path}' and a CSV set's '{SnapshotLayout.MetadataSuffix}' file).", path);
            return new SnapshotFileSource(System.IO.Path.GetFullPath(metadata));
        }

        /// <summary>A local file is read as it is; the async form only matches the live source's.</summary>
        internal override IAsyncEnumerable<InventoryProgress> ReadIntoAsync(IInventorySink sink, CancellationToken ct) =>
            AsyncSequences.FromSync(WithFileName(Read(sink, ct)));

        private IEnumerable<InventoryProgress> Read(IInventorySink sink, CancellationToken ct)
        {
            using (var stream = new FileStream(_metadataPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            using (var text = new StreamReader(stream, Encoding.UTF8, true, 1 << 16))
            using (JsonTextReader r = SnapshotJson.CreateReader(text))
            {
                if (!r.Read() || r.TokenType != JsonToken.StartObject)
                    throw new InvalidDataException("it is not a JSON object, so not an inventory snapshot.");
                var header = new SnapshotHeader(_metadataPath);
                Ws1InventoryFormat? layout = null;
                InventoryFeed? feed = null;
                Ws1Inventory? stored = null;
                var arrays = new List<Ws1InventoryCollection>();
                Dictionary<Ws1InventoryCollection, CsvFileEntry>? files = null;
                while (SnapshotJson.Read(r) && r.TokenType == JsonToken.PropertyName)
                {
                    string? name = (string?)r.Value;
                    SnapshotJson.Read(r);
                    if (feed == null && stored == null && files == null && SnapshotJson.ReadHeaderProperty(r, name, header))
                        continue;
                    if (layout == null)
                        layout = header.CheckedLayout();
                    if (layout == Ws1InventoryFormat.Json && IsCollection(name, out Ws1InventoryCollection collection))
                    {
                        if (!header.Inventory.Includes(collection) || arrays.Contains(collection))
                            throw new InvalidDataException($"{SnapshotJson.Where(r)}: '{name}' is not listed in Included, or comes twice.");
                        arrays.Add(collection);
                        if (feed == null)
                            feed = new InventoryFeed(sink, header.Inventory, Description);
                        feed.BeginCollection(collection);
                        foreach (bool report in ReadArray(r, collection, feed, header.Inventory.AccountName))
                        {
                            if (report)
                            {
                                ct.ThrowIfCancellationRequested();
                                yield return feed.Progress;
                            }
                        }
                    }
                    else if (name == "Counts")
                    {
                        stored = SnapshotJson.ReadCounts(r);
                    }
                    else if (layout == Ws1InventoryFormat.Csv && name == "Files")
                    {
                        files = ReadFiles(r);
                    }
                    else
                    {
                        r.Skip();
                    }
                }
                if (layout == null)
                    layout = header.CheckedLayout();
                if (stored == null)
                    throw new InvalidDataException("it has no Counts at the end: the export that wrote it did not finish, or the file was cut short.");

                if (layout == Ws1InventoryFormat.Json)
                {
                    Ws1InventoryCollection missing = header.Inventory.Included.FirstOrDefault(c => !arrays.Contains(c));
                    if (arrays.Count < header.Inventory.Included.Length)
                        throw new InvalidDataException($"Included lists {missing} but the file has no '{missing}' array.");
                    if (feed == null)
                        feed = new InventoryFeed(sink, header.Inventory, Description);
                }
                else
                {
                    feed = new InventoryFeed(sink, header.Inventory, Description);
                    foreach (Ws1InventoryCollection collection in header.Inventory.Included)
                    {
                        if (files == null || !files.TryGetValue(collection, out CsvFileEntry? file))
                            throw new InvalidDataException($"Included lists {collection} but Files names no file for it.");
                        feed.BeginCollection(collection);
                        bool marked = header.FormatVersion >= SnapshotJson.CsvMarkedSince;
                        foreach (bool report in ReadCsv(file, collection, feed, header.Inventory.AccountName, marked))
                        {
                            if (report)
                            {
                                ct.ThrowIfCancellationRequested();
                                yield return feed.Progress;
                            }
                        }
                    }
                }

                stored.Included = header.Inventory.Included;
                string? mismatch = InventoryTally.FindMismatch(stored, feed.Counted());
                if (mismatch != null)
                    throw new InvalidDataException($"its records do not agree with the counts written with them ({mismatch}); it is damaged.");
                feed.Finish();
                yield return feed.Progress;
            }
        }

        private static IEnumerable<bool> ReadArray(JsonReader r, Ws1InventoryCollection collection, InventoryFeed feed, string? accountName)
        {
            if (r.TokenType != JsonToken.StartArray)
                throw new InvalidDataException($"{SnapshotJson.Where(r)}: '{collection}' is not an array.");
            while (SnapshotJson.Read(r) && r.TokenType != JsonToken.EndArray)
            {
                switch (collection)
                {
                    case Ws1InventoryCollection.Users:
                        Ws1User user = SnapshotJson.ReadRecord(r, InventoryRecords.Users);
                        user.AccountName = accountName;
                        yield return feed.Add(user);
                        break;
                    case Ws1InventoryCollection.Devices:
                        Ws1Device device = SnapshotJson.ReadRecord(r, InventoryRecords.Devices);
                        device.AccountName = accountName;
                        yield return feed.Add(device);
                        break;
                    default:
                        Ws1App app = SnapshotJson.ReadRecord(r, InventoryRecords.Apps);
                        app.AccountName = accountName;
                        yield return feed.Add(app);
                        break;
                }
            }
        }

        private IEnumerable<bool> ReadCsv(CsvFileEntry file, Ws1InventoryCollection collection, InventoryFeed feed, string? accountName, bool marked)
        {
            // ReadFiles keeps only entries with a plain file name.
            string path = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(_metadataPath) ?? ".", file.Name!);
            if (!File.Exists(path))
                throw new InvalidDataException($"its {collection} file '{path}' is missing.");
            int rows = 0;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            using (var hashing = new HashingStream(stream))
            using (var text = new StreamReader(hashing, Encoding.UTF8, true, 1 << 16))
            {
                var csv = new CsvReader(text);
                var fields = new List<CsvField>();
                if (!csv.ReadRow(fields))
                    throw new InvalidDataException($"'{path}' is empty: not even a header row.");
                string?[] columns = fields.Select(f => f.Value).ToArray();
                while (csv.ReadRow(fields))
                {
                    if (fields.Count != columns.Length)
                        throw new InvalidDataException($"'{path}' line {csv.RowLine}: {fields.Count} fields where the header has {columns.Length}.");
                    rows++;
                    switch (collection)
                    {
                        case Ws1InventoryCollection.Users:
                            Ws1User user = CsvRecord(InventoryRecords.Users, columns, fields, marked, path, csv.RowLine);
                            user.AccountName = accountName;
                            yield return feed.Add(user);
                            break;
                        case Ws1InventoryCollection.Devices:
                            Ws1Device device = CsvRecord(InventoryRecords.Devices, columns, fields, marked, path, csv.RowLine);
                            device.AccountName = accountName;
                            yield return feed.Add(device);
                            break;
                        default:
                            Ws1App app = CsvRecord(InventoryRecords.Apps, columns, fields, marked, path, csv.RowLine);
                            app.AccountName = accountName;
                            yield return feed.Add(app);
                            break;
                    }
                }
                string sha = hashing.HashHex();
                if (rows != file.Rows || !string.Equals(sha, file.Sha256, StringComparison.OrdinalIgnoreCase))
                    throw new InvalidDataException(
                        $"'{path}' is not the file this snapshot was written with ({rows} rows and SHA-256 {sha}; the metadata records {file.Rows} rows and {file.Sha256}). " +
                        "It was changed, or an export was interrupted while it replaced the files; export again.");
            }
        }

        private static T CsvRecord<T>(RecordSchema<T> schema, string?[] columns, List<CsvField> fields, bool marked, string path, int line) where T : new()
        {
            var record = new T();
            for (int i = 0; i < columns.Length; i++)
            {
                RecordColumn<T>? column = schema.Find(columns[i]);
                if (column == null || !column.IsStored)
                    continue;
                string? value = fields[i].Value;
                if (marked && column.IsText)
                    value = SpreadsheetText.Restore(value);
                try
                {
                    column.Set(record, value);
                }
                catch (Exception ex) when (ex is FormatException || ex is OverflowException)
                {
                    throw new InvalidDataException($"'{path}' line {line}: {column.Name} '{value}' cannot be read: {ex.Message}", ex);
                }
            }
            return record;
        }

        private static Dictionary<Ws1InventoryCollection, CsvFileEntry> ReadFiles(JsonReader r)
        {
            if (r.TokenType != JsonToken.StartObject)
                throw new InvalidDataException($"{SnapshotJson.Where(r)}: Files is not an object.");
            var files = new Dictionary<Ws1InventoryCollection, CsvFileEntry>();
            while (SnapshotJson.Read(r) && r.TokenType == JsonToken.PropertyName)
            {
                Ws1InventoryCollection collection = SnapshotJson.ParseCollection(r, (string?)r.Value);
                SnapshotJson.Read(r);
                if (r.TokenType != JsonToken.StartObject)
                    throw new InvalidDataException($"{SnapshotJson.Where(r)}: the entry for {collection} is not an object.");
                var entry = new CsvFileEntry();
                while (SnapshotJson.Read(r) && r.TokenType == JsonToken.PropertyName)
                {
                    string? name = (string?)r.Value;
                    SnapshotJson.Read(r);
                    string? value = SnapshotJson.ScalarText(r);
                    if (name == "Name") entry.Name = value;
                    else if (name == "Rows") entry.Rows = int.TryParse(value, out int rows) ? rows : -1;
                    else if (name == "Sha256") entry.Sha256 = value;
                }
                // Only a bare file name: the set lives in one folder, and a snapshot must not point elsewhere.
                if (entry.Name == null || entry.Name.Length == 0 || entry.Name != System.IO.Path.GetFileName(entry.Name) || entry.Name.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0)
                    throw new InvalidDataException($"the file named for {collection} ('{entry.Name}') is not a plain file name.");
                files[collection] = entry;
            }
            return files;
        }

        private static bool IsCollection(string? name, out Ws1InventoryCollection collection)
        {
            switch (name)
            {
                case "Users": collection = Ws1InventoryCollection.Users; return true;
                case "Devices": collection = Ws1InventoryCollection.Devices; return true;
                case "Apps": collection = Ws1InventoryCollection.Apps; return true;
                default: collection = default; return false;
            }
        }

        /// <summary>Names the file in every reading error, and turns JSON syntax errors into InvalidDataException.</summary>
        private IEnumerable<InventoryProgress> WithFileName(IEnumerable<InventoryProgress> inner)
        {
            using (IEnumerator<InventoryProgress> e = inner.GetEnumerator())
            {
                while (true)
                {
                    bool more;
                    try
                    {
                        more = e.MoveNext();
                    }
                    catch (InvalidDataException ex)
                    {
                        throw new InvalidDataException($"The inventory snapshot '{_metadataPath}' cannot be read: {ex.Message}", ex);
                    }
                    catch (JsonException ex)
                    {
                        throw new InvalidDataException(
                            $"The inventory snapshot '{_metadataPath}' cannot be read: it is incomplete or damaged JSON ({ex.Message}). An export that did not finish, or a truncated copy?", ex);
                    }
                    if (!more)
                        yield break;
                    yield return e.Current;
                }
            }
        }

        private sealed class CsvFileEntry
        {
            public string? Name;
            public int Rows = -1;
            public string? Sha256;
        }
    }
}
