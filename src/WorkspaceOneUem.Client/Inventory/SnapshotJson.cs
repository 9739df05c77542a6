using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;

namespace WorkspaceOneUem.Client.Inventory
{
    /// <summary>
    /// The JSON of a snapshot, written and read as a stream of tokens so no collection is ever held whole.
    /// A JSON snapshot is one object: the header properties first (Format, FormatVersion, Layout, AccountName,
    /// Server, CollectedAt, ServerVersion, Included), then one array per included collection ("Users", "Devices",
    /// "Apps"; one record per line), then "Counts", written last, when every record is in. A CSV set's
    /// metadata file has the same header, then "Files" and "Counts".
    /// </summary>
    internal static class SnapshotJson
    {
        public const string FormatName = "WorkspaceOneUem.Inventory";

        /// <summary>The newest format version this module reads.</summary>
        public const int FormatVersion = 2;

        /// <summary>
        /// CSV sets from this version on mark text cells a spreadsheet would run (<see cref="SpreadsheetText"/>). The
        /// JSON layout has not changed since version 1, so JSON snapshots still say 1 and older modules read them.
        /// </summary>
        public const int CsvMarkedSince = 2;

        public static readonly Encoding Utf8 = new UTF8Encoding(false);

        public static JsonTextWriter CreateWriter(TextWriter text) => new JsonTextWriter(text)
        {
            Formatting = Formatting.Indented,
            Culture = CultureInfo.InvariantCulture,
            DateFormatHandling = DateFormatHandling.IsoDateFormat,
        };

        public static JsonTextReader CreateReader(TextReader text) => new JsonTextReader(text)
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
            Culture = CultureInfo.InvariantCulture,
            MaxDepth = 16,
        };

        public static void WriteHeader(JsonWriter w, Ws1Inventory header, Ws1InventoryFormat layout)
        {
            Property(w, "Format", FormatName);
            w.WritePropertyName("FormatVersion");
            w.WriteValue(layout == Ws1InventoryFormat.Csv ? CsvMarkedSince : 1);
            Property(w, "Layout", layout.ToString());
            Property(w, "AccountName", header.AccountName);
            Property(w, "Server", header.Server);
            Property(w, "CollectedAt", header.CollectedAt.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
            Property(w, "ServerVersion", header.ServerVersion);
            w.WritePropertyName("Included");
            w.WriteStartArray();
            foreach (Ws1InventoryCollection c in header.Included)
                w.WriteValue(c.ToString());
            w.WriteEndArray();
        }

        public static void WriteCounts(JsonWriter w, Ws1Inventory summary)
        {
            w.WritePropertyName("Counts");
            w.WriteStartObject();
            Count(w, "Users", summary.Users);
            Count(w, "ActiveUsers", summary.ActiveUsers);
            Count(w, "InactiveUsers", summary.InactiveUsers);
            Count(w, "Devices", summary.Devices);
            Map(w, "DevicesByPlatform", summary.DevicesByPlatform);
            Map(w, "DevicesByEnrollmentStatus", summary.DevicesByEnrollmentStatus);
            Count(w, "Apps", summary.Apps);
            w.WriteEndObject();
        }

        /// <summary>One record on one line: the surrounding arrays stay indented, the record does not.</summary>
        public static void WriteRecord<T>(JsonWriter w, RecordSchema<T> schema, T record) where T : new()
        {
            w.Formatting = Formatting.Indented;
            w.WriteStartObject();
            w.Formatting = Formatting.None;
            foreach (RecordColumn<T> column in schema.Columns)
            {
                w.WritePropertyName(column.Name);
                w.WriteValue(column.Get(record));
            }
            w.WriteEndObject();
            w.Formatting = Formatting.Indented;
        }

        /// <summary>Reads a record; the reader is on its StartObject and is left on its EndObject.</summary>
        public static T ReadRecord<T>(JsonReader r, RecordSchema<T> schema) where T : new()
        {
            if (r.TokenType != JsonToken.StartObject)
                throw new InvalidDataException($"{Where(r)}: expected a {Singular(schema.Collection)} object, found {r.TokenType}.");
            var record = new T();
            while (Read(r) && r.TokenType == JsonToken.PropertyName)
            {
                string? name = (string?)r.Value;
                Read(r);
                RecordColumn<T>? column = schema.Find(name);
                if (column == null || !column.IsStored)
                {
                    r.Skip();
                    continue;
                }
                string? text = ScalarText(r);
                try
                {
                    column.Set(record, text);
                }
                catch (Exception ex) when (ex is FormatException || ex is OverflowException)
                {
                    throw new InvalidDataException($"{Where(r)}: {Singular(schema.Collection)} {name} '{text}' cannot be read: {ex.Message}", ex);
                }
            }
            if (r.TokenType != JsonToken.EndObject)
                throw new InvalidDataException($"{Where(r)}: a {Singular(schema.Collection)} object is not closed.");
            return record;
        }

        /// <summary>
        /// Reads a header property into <paramref name="header"/> (reader on its value); false for a property that is not part of the header.
        /// </summary>
        public static bool ReadHeaderProperty(JsonReader r, string? name, SnapshotHeader header)
        {
            switch (name)
            {
                case "Format": header.Format = ScalarText(r); return true;
                case "FormatVersion": header.FormatVersion = ParseInt(r, ScalarText(r)); return true;
                case "Layout": header.Layout = ScalarText(r); return true;
                case "AccountName": header.Inventory.AccountName = ScalarText(r); return true;
                case "Server": header.Inventory.Server = ScalarText(r); return true;
                case "ServerVersion": header.Inventory.ServerVersion = ScalarText(r); return true;
                case "CollectedAt":
                    string? text = ScalarText(r);
                    if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime at))
                        throw new InvalidDataException($"{Where(r)}: CollectedAt '{text}' is not a date.");
                    header.Inventory.CollectedAt = at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime();
                    return true;
                case "Included":
                    header.Inventory.Included = ReadStrings(r).Select(s => ParseCollection(r, s)).Distinct().OrderBy(c => c).ToArray();
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Reads the Counts object (reader on its StartObject) into the counts of an inventory.</summary>
        public static Ws1Inventory ReadCounts(JsonReader r)
        {
            if (r.TokenType != JsonToken.StartObject)
                throw new InvalidDataException($"{Where(r)}: Counts is not an object.");
            var counts = new Ws1Inventory();
            while (Read(r) && r.TokenType == JsonToken.PropertyName)
            {
                string? name = (string?)r.Value;
                Read(r);
                switch (name)
                {
                    case "Users": counts.Users = NullableInt(r); break;
                    case "ActiveUsers": counts.ActiveUsers = NullableInt(r); break;
                    case "InactiveUsers": counts.InactiveUsers = NullableInt(r); break;
                    case "Devices": counts.Devices = NullableInt(r); break;
                    case "Apps": counts.Apps = NullableInt(r); break;
                    case "DevicesByPlatform": counts.DevicesByPlatform = ReadMap(r); break;
                    case "DevicesByEnrollmentStatus": counts.DevicesByEnrollmentStatus = ReadMap(r); break;
                    default: r.Skip(); break;
                }
            }
            return counts;
        }

        /// <summary>The current token (a scalar) as invariant text, or null.</summary>
        public static string? ScalarText(JsonReader r)
        {
            switch (r.TokenType)
            {
                case JsonToken.Null:
                case JsonToken.Undefined:
                    return null;
                case JsonToken.String:
                    return (string?)r.Value;
                case JsonToken.Integer:
                case JsonToken.Float:
                case JsonToken.Boolean:
                    return Convert.ToString(r.Value, CultureInfo.InvariantCulture);
                default:
                    throw new InvalidDataException($"{Where(r)}: expected a value, found {r.TokenType}.");
            }
        }

        public static List<string?> ReadStrings(JsonReader r)
        {
            if (r.TokenType != JsonToken.StartArray)
                throw new InvalidDataException($"{Where(r)}: expected an array, found {r.TokenType}.");
            var values = new List<string?>();
            while (Read(r) && r.TokenType != JsonToken.EndArray)
                values.Add(ScalarText(r));
            return values;
        }

        /// <summary>Reads the next token; the end of the file in the middle of the object means the file is incomplete.</summary>
        public static bool Read(JsonReader r)
        {
            if (!r.Read())
                throw new InvalidDataException("the file ends before the snapshot does: it is incomplete (an export that did not finish, or a truncated copy).");
            return true;
        }

        public static string Where(JsonReader r) => r is IJsonLineInfo info && info.HasLineInfo() ? $"line {info.LineNumber}" : "at " + r.Path;

        public static Ws1InventoryCollection ParseCollection(JsonReader r, string? text)
        {
            if (text != null && Enum.TryParse(text, true, out Ws1InventoryCollection c) && Enum.IsDefined(typeof(Ws1InventoryCollection), c))
                return c;
            throw new InvalidDataException($"{Where(r)}: '{text}' is not a collection (Users, Devices, Apps).");
        }

        public static string Singular(Ws1InventoryCollection c) => c == Ws1InventoryCollection.Users ? "user" : c == Ws1InventoryCollection.Devices ? "device" : "app";

        private static void Property(JsonWriter w, string name, string? value)
        {
            w.WritePropertyName(name);
            w.WriteValue(value);
        }

        private static void Count(JsonWriter w, string name, int? value)
        {
            w.WritePropertyName(name);
            w.WriteValue(value);
        }

        private static void Map(JsonWriter w, string name, IDictionary<string, int>? values)
        {
            w.WritePropertyName(name);
            if (values == null)
            {
                w.WriteNull();
                return;
            }
            w.WriteStartObject();
            foreach (KeyValuePair<string, int> kv in values)
            {
                w.WritePropertyName(kv.Key);
                w.WriteValue(kv.Value);
            }
            w.WriteEndObject();
        }

        private static IDictionary<string, int>? ReadMap(JsonReader r)
        {
            if (r.TokenType == JsonToken.Null)
                return null;
            if (r.TokenType != JsonToken.StartObject)
                throw new InvalidDataException($"{Where(r)}: expected an object of counts, found {r.TokenType}.");
            var map = new SortedDictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            while (Read(r) && r.TokenType == JsonToken.PropertyName)
            {
                string key = (string)r.Value!; // a PropertyName token carries its name
                Read(r);
                map[key] = NullableInt(r) ?? 0;
            }
            return map;
        }

        private static int? NullableInt(JsonReader r)
        {
            string? text = ScalarText(r);
            return text == null ? (int?)null : ParseInt(r, text);
        }

        private static int ParseInt(JsonReader r, string? text)
        {
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
                throw new InvalidDataException($"{Where(r)}: '{text}' is not a whole number.");
            return value;
        }
    }

    /// <summary>The header of a snapshot as read: the inventory's header fields and what says how to read the rest.</summary>
    internal sealed class SnapshotHeader
    {
        public SnapshotHeader(string path)
        {
            Inventory = new Ws1Inventory { Path = path };
        }

        public Ws1Inventory Inventory { get; }
        public string? Format { get; set; }
        public int? FormatVersion { get; set; }
        public string? Layout { get; set; }

        public Ws1InventoryFormat CheckedLayout()
        {
            if (!string.Equals(Format, SnapshotJson.FormatName, StringComparison.Ordinal))
                throw new InvalidDataException($"it is not an inventory snapshot (Format is '{Format ?? "missing"}', expected '{SnapshotJson.FormatName}').");
            if (FormatVersion == null || FormatVersion < 1)
                throw new InvalidDataException("it has no valid FormatVersion.");
            if (FormatVersion > SnapshotJson.FormatVersion)
                throw new InvalidDataException($"it was written in format version {FormatVersion} by a newer version of the module; this one reads versions up to {SnapshotJson.FormatVersion}. Update the module.");
            if (string.IsNullOrEmpty(Inventory.AccountName) || string.IsNullOrEmpty(Inventory.Server))
                throw new InvalidDataException("its header names no AccountName or Server.");
            if (!Enum.TryParse(Layout, true, out Ws1InventoryFormat layout))
                throw new InvalidDataException($"its Layout '{Layout}' is neither Json nor Csv.");
            return layout;
        }
    }
}
