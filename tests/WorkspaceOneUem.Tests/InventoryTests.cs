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
            foreach (InventoryProgress _ in source.ReadInto(builder, None))
            {
            }
            return builder.Result;
        }

        private void Export(string path, Ws1InventoryFormat? format = null, bool overwrite = false, params Ws1InventoryCollection[] include)
        {
            using SnapshotWriter writer = SnapshotWriter.Create(SnapshotLayout.ForExport(path, format));
            foreach (InventoryProgress _ in new LiveInventorySource(_session, include).ReadInto(writer, None))
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
                foreach (InventoryProgress step in new LiveInventorySource(_session, new[] { Ws1InventoryCollection.Users }).ReadInto(writer, None))
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
            await _sim.ControlAsync(System.Net.Http.HttpMethod.Post, "settings", new { LatencyMs = 200 });
            using var ps = new ModuleRunspace();
            Assert.Empty(ps.Run(
                "param($Server, $Key) $cred = [pscredential]::new('apiadmin', (ConvertTo-SecureString 'Sim-Admin-Pass-1' -AsPlainText -Force)); " +
                "Connect-Ws1Uem -Server $Server -Credential $cred -ApiKey $Key -RequestsPerMinute 100000 | Out-Null",
                new System.Collections.Hashtable { ["Server"] = _sim.Url, ["Key"] = _sim.TenantCode }).AllErrors);

            RunningScript running = ps.Begin($"Export-Ws1Inventory -Path '{target}' -Include Users -Force");
            DateTime deadline = DateTime.UtcNow.AddSeconds(20);
            while (Directory.GetFiles(_dir, "stopped.json.*.tmp").Length == 0 && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            Assert.NotEmpty(Directory.GetFiles(_dir, "stopped.json.*.tmp"));
            running.Stop();

            Assert.Equal(before, File.ReadAllBytes(target));
            Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
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
            foreach (InventoryProgress _ in new InventoryObjectSource(reference).ReadInto(index, None))
            {
            }
            var comparer = new InventoryComparer(index, keepChanges: true);
            var changes = new List<Ws1InventoryChange>();
            foreach (InventoryProgress _ in new InventoryObjectSource(difference).ReadInto(comparer, None))
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
