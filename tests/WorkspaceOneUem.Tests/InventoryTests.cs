using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Inventory;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// Inventory snapshots without a runspace: CSV, the JSON and CSV layouts over real HTTP, streaming, what a failed
    /// export leaves behind, refusing damaged snapshots, and the comparison's matching rules.
    /// </summary>
    public sealed class InventoryTests : IAsyncLifetime
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private TestSimulator _sim;
        private Ws1Session _session;
        private string _dir;

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: 3000, seed: 17);
            _session = await _sim.ConnectAsync("inv");
            _dir = Path.Combine(Path.GetTempPath(), "ws1-inventory-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
        }

        public async Task DisposeAsync()
        {
            _session.Dispose();
            await _sim.DisposeAsync();
            Directory.Delete(_dir, recursive: true);
        }

        private string FileIn(string name) => Path.Combine(_dir, name);

        private static Ws1Inventory Read(InventorySource source)
        {
            var builder = new InventoryBuilder();
            foreach (InventoryProgress _ in source.ReadIntoAsync(builder, None).Sync())
            {
            }
            return builder.Result;
        }

        private void Export(string path, Ws1InventoryFormat? format = null, bool overwrite = false, params Ws1InventoryCollection[] include)
        {
            using SnapshotWriter writer = SnapshotWriter.Create(SnapshotLayout.ForExport(path, format));
            foreach (InventoryProgress _ in new LiveInventorySource(_session, include).ReadIntoAsync(writer, None).Sync())
            {
            }
            writer.Commit(overwrite);
        }

        /// <summary>Every public property of every record, as JSON lines: equal when the records are.</summary>
        private static List<string> Records(Ws1Inventory inventory) =>
            inventory.UserList.Select(r => JsonConvert.SerializeObject(r))
                .Concat(inventory.DeviceList.Select(r => JsonConvert.SerializeObject(r)))
                .Concat(inventory.AppList.Select(r => JsonConvert.SerializeObject(r)))
                .ToList();

        [Fact]
        public void Csv_round_trips_commas_quotes_line_breaks_and_unicode_and_tells_null_from_empty()
        {
            string[][] rows =
            {
                new[] { "plain", "a,b", "say \"hi\"", "two\r\nlines", "lf\nonly", "cr\ronly" },
                new[] { "秀樹 Zoë Łukasz", "", null, " padded ", "\"", "," },
                new[] { null, null, "last", "", "x", "\"quoted, with comma\"\r\n" },
            };
            var text = new StringWriter();
            var writer = new CsvWriter(text);
            foreach (string[] row in rows)
            {
                foreach (string field in row)
                    writer.WriteField(field);
                writer.EndRow();
            }

            var reader = new CsvReader(new StringReader(text.ToString()));
            var fields = new List<CsvField>();
            var read = new List<string[]>();
            while (reader.ReadRow(fields))
                read.Add(fields.Select(f => f.Value).ToArray());

            Assert.Equal(rows, read);
            Assert.Contains("\"\"", text.ToString()); // an empty string is quoted; null is not
        }

        [Fact]
        public async Task Csv_text_cells_a_spreadsheet_would_run_are_marked_and_read_back_exactly()
        {
            NewUser Named(string userName, string first, string last, string display, string email, string contact) => new NewUser
            {
                UserName = userName, Password = TestSimulator.Secure("Pw-123456"),
                FirstName = first, LastName = last, DisplayName = display, Email = email, ContactNumber = contact,
            };
            NewUser formulas = Named("formula.cells", "=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-x@x.example", "\t+1 555 0100");
            NewUser quotes = Named("quote.cells", "'Neill", "''", "\r=1+1", null, "-");
            await _session.Users.AddAsync(formulas, None);
            await _session.Users.AddAsync(quotes, None);
            Export(FileIn("cells.csv"), include: new[] { Ws1InventoryCollection.Users });

            Dictionary<string, Dictionary<string, string>> cells = UserCells(FileIn("cells.users.csv"));
            Dictionary<string, string> f1 = cells["formula.cells"], q1 = cells["quote.cells"];
            Assert.Equal(("'" + formulas.FirstName, "'" + formulas.LastName, "'" + formulas.DisplayName, "'" + formulas.Email, "'" + formulas.ContactNumber),
                (f1["FirstName"], f1["LastName"], f1["DisplayName"], f1["Email"], f1["ContactNumber"]));
            Assert.Equal(("''Neill", "'''", "'\r=1+1", "'-"), (q1["FirstName"], q1["LastName"], q1["DisplayName"], q1["ContactNumber"]));
            // Numbers and plain text are written as they are, and no cell a spreadsheet would run is left.
            Assert.All(cells.Values, row => Assert.Matches("^[0-9]+$", row["Id"]));
            Assert.Equal("formula.cells", f1["UserName"]);
            Assert.All(cells.Values.SelectMany(row => row.Values).Where(v => !string.IsNullOrEmpty(v)), v => Assert.DoesNotMatch("^[-=+@\t\r]", v));

            Ws1Inventory read = Read(SnapshotFileSource.Open(FileIn("cells.csv")));
            Ws1User f2 = read.UserList.Single(u => u.UserName == "formula.cells"), q2 = read.UserList.Single(u => u.UserName == "quote.cells");
            Assert.Equal((formulas.FirstName, formulas.LastName, formulas.DisplayName, formulas.Email, formulas.ContactNumber),
                (f2.FirstName, f2.LastName, f2.DisplayName, f2.Email, f2.ContactNumber));
            Assert.Equal((quotes.FirstName, quotes.LastName, quotes.DisplayName, quotes.ContactNumber), (q2.FirstName, q2.LastName, q2.DisplayName, q2.ContactNumber));
            Ws1Inventory live = Read(new LiveInventorySource(_session, new[] { Ws1InventoryCollection.Users }));
            Assert.Equal(live.UserList.Select(u => JsonConvert.SerializeObject(u)), read.UserList.Select(u => JsonConvert.SerializeObject(u)));
        }

        [Fact]
        public async Task A_csv_set_of_format_version_1_is_read_as_it_stands()
        {
            // Version 1 wrote text unmarked, so a leading apostrophe there is part of the value. The metadata is
            // not covered by the files' hashes, so an older set is made by changing its version.
            await _session.Users.AddAsync(new NewUser { UserName = "old.cells", Password = TestSimulator.Secure("Pw-123456"), FirstName = "'Neill" }, None);
            Export(FileIn("old.csv"), include: new[] { Ws1InventoryCollection.Users });
            string metadata = FileIn("old.inventory.json");
            string json = File.ReadAllText(metadata);
            Assert.Contains("\"FormatVersion\": 2", json);
            File.WriteAllText(metadata, json.Replace("\"FormatVersion\": 2", "\"FormatVersion\": 1"));

            Assert.Equal("''Neill", UserCells(FileIn("old.users.csv"))["old.cells"]["FirstName"]);
            Assert.Equal("''Neill", Read(SnapshotFileSource.Open(metadata)).UserList.Single(u => u.UserName == "old.cells").FirstName);
        }

        [Fact]
        public void Json_snapshots_stay_format_version_1()
        {
            Export(FileIn("v.json"), include: new[] { Ws1InventoryCollection.Apps });
            Assert.Contains("\"FormatVersion\": 1,", File.ReadAllText(FileIn("v.json")));
        }

        /// <summary>The raw cells of a users CSV file, by user name and column.</summary>
        private static Dictionary<string, Dictionary<string, string>> UserCells(string path)
        {
            var cells = new Dictionary<string, Dictionary<string, string>>();
            using var text = new StreamReader(path);
            var reader = new CsvReader(text);
            var fields = new List<CsvField>();
            reader.ReadRow(fields);
            string[] header = fields.Select(f => f.Value).ToArray();
            while (reader.ReadRow(fields))
                cells[fields[Array.IndexOf(header, "UserName")].Value] = header.Zip(fields, (h, f) => (h, f.Value)).ToDictionary(x => x.h, x => x.Value);
            return cells;
        }

        [Fact]
        public void An_export_to_a_full_disk_deletes_every_temporary_file()
        {
            // Each case fills the disk at a different file: the JSON snapshot, a CSV file mid-way, the CSV metadata.
            var cases = new (Ws1InventoryFormat Format, string Fills, long Room)[]
            {
                (Ws1InventoryFormat.Json, "full.json.", 4096),
                (Ws1InventoryFormat.Csv, "full.users.csv.", 4096),
                (Ws1InventoryFormat.Csv, "full.inventory.json.", 0),
            };
            foreach ((Ws1InventoryFormat format, string fills, long room) in cases)
            {
                var opened = new List<FullDiskStream>();
                Stream Open(string path)
                {
                    var stream = new FullDiskStream(path, Path.GetFileName(path).StartsWith(fills, StringComparison.Ordinal) ? room : long.MaxValue);
                    opened.Add(stream);
                    return stream;
                }

                string path = FileIn(format == Ws1InventoryFormat.Json ? "full.json" : "full.csv");
                var ex = Assert.Throws<IOException>(() =>
                {
                    using SnapshotWriter writer = SnapshotWriter.Create(SnapshotLayout.ForExport(path, format), Open);
                    foreach (InventoryProgress _ in new LiveInventorySource(_session, null).ReadIntoAsync(writer, None).Sync())
                    {
                    }
                    writer.Commit(false);
                });

                Assert.Equal(FullDiskStream.Message, ex.Message);
                Assert.Contains(opened, s => s.Failed);
                Assert.All(opened, s => Assert.True(s.Closed));
                Assert.Empty(Directory.GetFiles(_dir));
            }
        }

        /// <summary>
        /// A temporary file on a disk with <c>room</c> bytes free: writes are buffered, and the flush that finds the disk
        /// full throws, as does closing the file with the bytes still unwritten (the handle is closed all the same).
        /// </summary>
        private sealed class FullDiskStream : Stream
        {
            public const string Message = "There is not enough space on the disk.";
            private readonly FileStream _file;
            private readonly long _room;
            private long _pending;

            public FullDiskStream(string path, long room)
            {
                _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
                _room = room;
            }

            public bool Failed { get; private set; }
            public bool Closed { get; private set; }

            public override void Write(byte[] buffer, int offset, int count)
            {
                long fits = Math.Max(0, Math.Min(count, _room - _file.Length));
                _file.Write(buffer, offset, (int)fits);
                _pending += count - fits;
            }

            public override void Flush()
            {
                if (_pending > 0)
                {
                    Failed = true;
                    throw new IOException(Message);
                }
                _file.Flush();
            }

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => !Closed;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing && !Closed)
                {
                    Closed = true;
                    _file.Dispose();
                    if (_pending > 0)
                        throw new IOException(Message);
                }
                base.Dispose(disposing);
            }
        }

        [Fact]
        public async Task Json_and_csv_snapshots_read_back_every_record_the_tenant_served()
        {
            await _session.Users.AddAsync(new NewUser
            {
                UserName = "odd.values",
                Password = TestSimulator.Secure("Pw-123456"),
                FirstName = "Zoë, \"Q\"",
                LastName = "multi\r\nline",
                DisplayName = "秀樹 \"x\", y\nz",
                Email = "odd@x.example",
            }, None);
            Ws1Inventory live = Read(new LiveInventorySource(_session, null));
            Export(FileIn("snap.json"));
            Export(FileIn("snap.csv"));

            foreach (string name in new[] { "snap.json", "snap.csv", "snap.users.csv", "snap.inventory.json" })
            {
                Ws1Inventory read = Read(SnapshotFileSource.Open(FileIn(name)));
                Assert.Equal(Records(live), Records(read));
                Assert.Equal((live.AccountName, live.Server, live.ServerVersion), (read.AccountName, read.Server, read.ServerVersion));
                Assert.Equal((live.Users, live.ActiveUsers, live.InactiveUsers, live.Devices, live.Apps), (read.Users, read.ActiveUsers, read.InactiveUsers, read.Devices, read.Apps));
                Assert.Equal(live.DevicesByPlatform, read.DevicesByPlatform);
                Assert.Equal(live.DevicesByEnrollmentStatus, read.DevicesByEnrollmentStatus);
                Assert.Equal(DateTimeKind.Utc, read.CollectedAt.Kind);
                Assert.All(read.DeviceList.Where(d => d.LastSeen.HasValue), d => Assert.Equal(DateTimeKind.Unspecified, d.LastSeen.Value.Kind));
            }
            Assert.Equal(3001, live.Users);
            Assert.Contains(live.UserList, u => u.DisplayName == "秀樹 \"x\", y\nz");
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, File.ReadAllBytes(FileIn("snap.users.csv")).Take(3)); // UTF-8 with BOM, for spreadsheets
        }

        [Fact]
        public void Export_writes_records_to_disk_while_the_tenant_is_still_being_read()
        {
            string target = FileIn("stream.json");
            long writtenMidway = -1;
            using (SnapshotWriter writer = SnapshotWriter.Create(SnapshotLayout.ForExport(target, null)))
            {
                foreach (InventoryProgress step in new LiveInventorySource(_session, new[] { Ws1InventoryCollection.Users }).ReadIntoAsync(writer, None).Sync())
                {
                    // Two thirds through the users, most of them must already be in the temporary file.
                    if (writtenMidway < 0 && step.Users >= 2000)
                        writtenMidway = new FileInfo(Directory.GetFiles(_dir, "stream.json.*.tmp").Single()).Length;
                }
                writer.Commit(false);
            }
            long complete = new FileInfo(target).Length;
            Assert.True(writtenMidway > complete / 3, $"{writtenMidway} of {complete} bytes were on disk two thirds through the users");
            Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        }

        [Fact]
        public async Task A_failed_export_leaves_the_previous_snapshot_untouched_and_no_temporary_file()
        {
            foreach (Ws1InventoryFormat format in new[] { Ws1InventoryFormat.Json, Ws1InventoryFormat.Csv })
            {
                string path = FileIn(format == Ws1InventoryFormat.Json ? "kept.json" : "kept.csv");
                Export(path, format);
                Dictionary<string, byte[]> before = Directory.GetFiles(_dir, "kept*").ToDictionary(f => f, File.ReadAllBytes);

                await _sim.AddFaultAsync(new { Kind = "Error500", Count = 100, Method = "GET", PathContains = "apps/search" });
                Assert.Throws<Ws1ApiException>(() => Export(path, format, overwrite: true));
                await _sim.ControlAsync(System.Net.Http.HttpMethod.Delete, "faults");

                Assert.Equal(before.Keys.OrderBy(k => k), Directory.GetFiles(_dir, "kept*").OrderBy(k => k));
                Assert.All(before, kv => Assert.Equal(kv.Value, File.ReadAllBytes(kv.Key)));
                Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
            }
        }

        [Fact]
        public async Task Stopping_an_export_with_CtrlC_deletes_its_temporary_file_and_keeps_the_previous_snapshot()
        {
            string target = FileIn("stopped.json");
            Export(target, include: new[] { Ws1InventoryCollection.Users });
            byte[] before = File.ReadAllBytes(target);
            using var ps = new ModuleRunspace();
            Assert.Empty(ps.Run(
                "param($Server, $Key) $cred = [pscredential]::new('apiadmin', (ConvertTo-SecureString 'Sim-Admin-Pass-1' -AsPlainText -Force)); " +
                "Connect-Ws1Uem -Server $Server -Credential $cred -ApiKey $Key -RequestsPerMinute 100000 | Out-Null",
                new System.Collections.Hashtable { ["Server"] = _sim.Url, ["Key"] = _sim.TenantCode }).AllErrors);
            // The second page of users stalls: the export is stopped in the middle, with a request on the wire.
            await _sim.ClearJournalAsync();
            await _sim.AddFaultAsync(new { Kind = "Stall", Count = 1, Method = "GET", PathContains = "page=1&" });
            try
            {
                RunningScript running = ps.Begin($"Export-Ws1Inventory -Path '{target}' -Include Users -Force");
                await _sim.WaitForJournalAsync(j => j.Any(e => (string)e["Fault"] == "Stall"), "the stalled page");
                DateTime deadline = DateTime.UtcNow + Waiting.Deadline;
                while (Directory.GetFiles(_dir, "stopped.json.*.tmp").Length == 0 && DateTime.UtcNow < deadline)
                    await Task.Delay(20);
                Assert.NotEmpty(Directory.GetFiles(_dir, "stopped.json.*.tmp"));
                running.Stop();

                Assert.Equal(before, File.ReadAllBytes(target));
                Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
                await _sim.WaitForJournalAsync(j => j.Any(e => (string)e["Fault"] == "Stall" && (int)e["Status"] == 499), "the stalled page ended by its client (499)");
            }
            finally
            {
                await _sim.ControlAsync(System.Net.Http.HttpMethod.Delete, "faults");
            }
        }

        [Fact]
        public void Existing_files_are_kept_unless_overwriting()
        {
            string path = FileIn("once.json");
            Export(path, include: new[] { Ws1InventoryCollection.Apps });
            byte[] first = File.ReadAllBytes(path);
            Assert.Throws<IOException>(() => Export(path, include: new[] { Ws1InventoryCollection.Apps }));
            Assert.Equal(first, File.ReadAllBytes(path));
            Export(path, overwrite: true, include: new[] { Ws1InventoryCollection.Apps });
            Assert.NotEqual(first, File.ReadAllBytes(path));
            Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        }

        [Fact]
        public void A_snapshot_that_is_cut_short_or_disagrees_with_its_counts_is_refused()
        {
            string good = FileIn("good.json");
            Export(good, include: new[] { Ws1InventoryCollection.Users, Ws1InventoryCollection.Devices });
            string text = File.ReadAllText(good);

            void Refused(string name, string content, string expected)
            {
                File.WriteAllText(FileIn(name), content);
                var ex = Assert.Throws<InvalidDataException>(() => Read(SnapshotFileSource.Open(FileIn(name))));
                Assert.Contains(FileIn(name), ex.Message);
                Assert.Contains(expected, ex.Message);
            }

            Refused("half.json", text.Substring(0, text.Length / 2), "incomplete");
            int counts = text.IndexOf("\"Counts\"", StringComparison.Ordinal);
            Refused("nocounts.json", text.Substring(0, counts).TrimEnd().TrimEnd(',') + "\n}\n", "no Counts");
            string firstUser = text.Substring(text.IndexOf("{\"Id\"", StringComparison.Ordinal));
            firstUser = firstUser.Substring(0, firstUser.IndexOf('\n') + 1);
            Refused("dropped.json", text.Replace(firstUser, string.Empty), "do not agree with the counts");
            Refused("other.json", "{\"Format\":\"Something.Else\",\"Users\":[]}", "not an inventory snapshot");
        }

        [Fact]
        public void Comparing_matches_users_by_id_then_name_and_reports_each_change_once()
        {
            Ws1User U(long id, string name, Ws1UserStatus status, string email = null) =>
                new Ws1User { AccountName = "X", Id = id, UserName = name, Status = status, Email = email ?? name + "@x.example" };
            Ws1Device D(long id, string status) => new Ws1Device { AccountName = "X", Id = id, SerialNumber = "S" + id, EnrollmentStatus = status, Platform = "Apple" };
            Ws1App A(long id, string status) => new Ws1App { AccountName = "X", Id = id, BundleId = "b" + id, Status = status };
            Ws1Inventory Inventory(IList<Ws1User> users, IList<Ws1Device> devices, IList<Ws1App> apps)
            {
                var header = new Ws1Inventory { AccountName = "X", Server = "as1.example", CollectedAt = DateTime.UtcNow, Included = new[] { Ws1InventoryCollection.Users, Ws1InventoryCollection.Devices, Ws1InventoryCollection.Apps }, UserList = users, DeviceList = devices, AppList = apps };
                return Read(new InventoryObjectSource(header));
            }

            Ws1Inventory reference = Inventory(
                new[] { U(1, "ann", Ws1UserStatus.Active), U(2, "bob", Ws1UserStatus.Active), U(3, "cy", Ws1UserStatus.Inactive), U(0, "dee", Ws1UserStatus.Active), U(5, "eve", Ws1UserStatus.Active, "EVE@x.example"), U(6, "fay", Ws1UserStatus.Active) },
                new[] { D(1, "Enrolled"), D(2, "Enrolled") },
                new[] { A(1, "Active"), A(2, "Active") });
            Ws1Inventory difference = Inventory(
                new[] { U(1, "ann", Ws1UserStatus.Inactive), U(2, "bob", Ws1UserStatus.Active), U(3, "cy", Ws1UserStatus.Active, "cy2@x.example"), U(44, "DEE", Ws1UserStatus.Active), U(5, "eve", Ws1UserStatus.Active, "eve@x.example"), U(7, "fay", Ws1UserStatus.Active) },
                new[] { D(1, "EnterpriseWipePending"), D(3, "Enrolled") },
                new[] { A(2, "Retired"), A(3, "Active") });

            (List<Ws1InventoryChange> changes, InventoryComparer comparer) = Compare(reference, difference);

            Assert.Equal(new[]
            {
                "User|StatusChanged|ann|Active|Inactive|Lost",
                "User|StatusChanged|cy|Inactive|Active|Gained",
                "User|EmailChanged|cy|cy@x.example|cy2@x.example|",
                "User|Added|fay||Active|Gained",      // same name as user 6, another id: another user
                "User|Removed|fay|Active||Lost",
                "Device|EnrollmentStatusChanged|1/S1|Enrolled|EnterpriseWipePending|",
                "Device|Added|3/S3||Enrolled|",
                "Device|Removed|2/S2|Enrolled||",
                "App|Added|3/b3||Active|",
                "App|Removed|1/b1|Active||",
            }, changes.Select(c => $"{c.Collection}|{c.Change}|{c.Key}|{c.Before}|{c.After}|{c.License}"));
            Assert.Equal(new long[] { 7, 6 }, changes.Where(c => c.Key == "fay").Select(c => c.Id));

            Ws1InventoryComparison summary = comparer.Comparison;
            Assert.Equal((5, 5, 0, 2, 2), (summary.LicensedBefore.Value, summary.LicensedAfter.Value, summary.LicenseChange.Value, summary.LicensesGained, summary.LicensesLost));
            Assert.Equal(changes, summary.Changes);

            Ws1Inventory elsewhere = difference.SummaryCopy();
            elsewhere.Server = "as2.example";
            Assert.Throws<InventoryMismatchException>(() => InventoryComparer.CheckSameAccount(reference, elsewhere));
            elsewhere.Server = "AS1.example";
            elsewhere.AccountName = "x";
            InventoryComparer.CheckSameAccount(reference, elsewhere);

            // A record handed out twice (paging while records change) is one record.
            (List<Ws1InventoryChange> twice, _) = Compare(
                Inventory(new[] { U(1, "ann", Ws1UserStatus.Active) }, new Ws1Device[0], new Ws1App[0]),
                Inventory(new[] { U(1, "ann", Ws1UserStatus.Inactive), U(1, "ann", Ws1UserStatus.Inactive), U(9, "ida", Ws1UserStatus.Active), U(9, "ida", Ws1UserStatus.Active) }, new Ws1Device[0], new Ws1App[0]));
            Assert.Equal(new[] { "ann StatusChanged", "ida Added" }, twice.Select(c => $"{c.Key} {c.Change}"));
        }

        private static (List<Ws1InventoryChange>, InventoryComparer) Compare(Ws1Inventory reference, Ws1Inventory difference)
        {
            var index = new InventoryIndex();
            foreach (InventoryProgress _ in new InventoryObjectSource(reference).ReadIntoAsync(index, None).Sync())
            {
            }
            var comparer = new InventoryComparer(index, keepChanges: true);
            var changes = new List<Ws1InventoryChange>();
            foreach (InventoryProgress _ in new InventoryObjectSource(difference).ReadIntoAsync(comparer, None).Sync())
                changes.AddRange(comparer.TakeChanges());
            changes.AddRange(comparer.TakeChanges());
            return (changes, comparer);
        }

        [Fact]
        public void Export_and_Get_write_progress_and_always_complete_it()
        {
            var state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(new[] { ModuleRunspace.ManifestPath });
            using Runspace runspace = RunspaceFactory.CreateRunspace(state);
            runspace.Open();
            foreach (string command in new[] { "Get-Ws1Inventory | Out-Null", $"Export-Ws1Inventory -Path '{FileIn("progress.json")}'" })
            {
                using PowerShell ps = PowerShell.Create();
                ps.Runspace = runspace;
                ps.AddScript(
                    "param($Server, $Key) " +
                    "$cred = [pscredential]::new('apiadmin', (ConvertTo-SecureString 'Sim-Admin-Pass-1' -AsPlainText -Force)); " +
                    "Connect-Ws1Uem -Server $Server -Credential $cred -ApiKey $Key -AccountName P -RequestsPerMinute 100000 -Force | Out-Null; " + command);
                ps.AddParameter("Server", _sim.Url).AddParameter("Key", _sim.TenantCode);
                ps.Invoke();
                Assert.Empty(ps.Streams.Error);
                List<ProgressRecord> mine = ps.Streams.Progress.Where(p => p.Activity.Contains("inventory of account 'P'", StringComparison.OrdinalIgnoreCase)).ToList();
                Assert.Contains(mine, p => p.RecordType == ProgressRecordType.Processing && p.StatusDescription.Contains("users"));
                Assert.Equal(ProgressRecordType.Completed, mine.Last().RecordType);
                Assert.Single(mine, p => p.RecordType == ProgressRecordType.Completed);
            }
        }
    }
}
