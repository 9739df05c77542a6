using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace WorkspaceOneUem.Client.Inventory
{
    /// <summary>
    /// Which files make up a snapshot. JSON: the one file named. CSV: from a base name (the path without .csv),
    /// &lt;base&gt;.users.csv, &lt;base&gt;.devices.csv and &lt;base&gt;.apps.csv for the collections exported, and
    /// &lt;base&gt;.inventory.json with the account, server, time, counts and each CSV file's row count and SHA-256.
    /// </summary>
    internal sealed class SnapshotLayout
    {
        public const string MetadataSuffix = ".inventory.json";

        private static readonly string[] BaseSuffixes = { MetadataSuffix, ".users.csv", ".devices.csv", ".apps.csv", ".csv", ".json" };

        private SnapshotLayout(Ws1InventoryFormat format, string metadataPath, string? basePath)
        {
            Format = format;
            MetadataPath = metadataPath;
            BasePath = basePath;
        }

        public Ws1InventoryFormat Format { get; }

        /// <summary>The JSON file: the whole snapshot (JSON), or the metadata of a CSV set.</summary>
        public string MetadataPath { get; }

        /// <summary>CSV only: the path the collection files are named from.</summary>
        public string? BasePath { get; }

        public string CsvPath(Ws1InventoryCollection collection) => BasePath + "." + collection.ToString().ToLowerInvariant() + ".csv";

        /// <summary>Every file an export of <paramref name="include"/> writes, the metadata last (it is replaced last).</summary>
        public IReadOnlyList<string> Targets(IEnumerable<Ws1InventoryCollection> include)
        {
            if (Format == Ws1InventoryFormat.Json)
                return new[] { MetadataPath };
            return include.Distinct().OrderBy(c => c).Select(CsvPath).Concat(new[] { MetadataPath }).ToList();
        }

        /// <summary>
        /// The files Export-Ws1Inventory -Path writes. Without a format, a path ending in .csv means CSV and anything
        /// else JSON. For CSV the base is the path without .csv (or .json).
        /// </summary>
        public static SnapshotLayout ForExport(string path, Ws1InventoryFormat? format)
        {
            if (string.IsNullOrWhiteSpace(path))
                throw new ArgumentException("A path is required.", nameof(path));
            Ws1InventoryFormat chosen = format ?? (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? Ws1InventoryFormat.Csv : Ws1InventoryFormat.Json);
            if (chosen == Ws1InventoryFormat.Json)
                return new SnapshotLayout(chosen, path, null);
            string basePath = StripSuffix(path);
            return new SnapshotLayout(chosen, basePath + MetadataSuffix, basePath);
        }

        /// <summary>
        /// The JSON file to read for the snapshot <paramref name="path"/> names: a JSON snapshot, a CSV set's
        /// metadata, or the metadata of the CSV set the path is the base of, the -Path given to the export, or one
        /// file of. Null when there is none.
        /// </summary>
        public static string? FindMetadata(string path)
        {
            if (string.IsNullOrWhiteSpace(path))
                return null;
            if (File.Exists(path) && !path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                return path;
            string metadata = StripSuffix(path) + MetadataSuffix;
            if (File.Exists(metadata))
                return metadata;
            metadata = path + MetadataSuffix;
            return File.Exists(metadata) ? metadata : null;
        }

        private static string StripSuffix(string path)
        {
            foreach (string suffix in BaseSuffixes)
            {
                if (path.Length > suffix.Length && path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                    return path.Substring(0, path.Length - suffix.Length);
            }
            return path;
        }
    }
}
