using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// New-, Get-, Remove-, Enable- and Disable-Ws1User in a real runspace against two simulated tenants whose
    /// seeded users have the same ids: acting on the wrong tenant would hit a real user there.
    /// </summary>
    public sealed class UserLifecycleTests : IAsyncLifetime
    {
        private const string Password = "$pw = ConvertTo-SecureString 'Pw-123456' -AsPlainText -Force; ";
        private TestSimulator _a;
        private TestSimulator _b;
        private ModuleRunspace _ps;

        public async Task InitializeAsync()
        {
            _a = await TestSimulator.StartAsync(users: 30, seed: 31);
            _b = await TestSimulator.StartAsync(users: 30, seed: 32);
            _ps = new ModuleRunspace();
            _ps.Connect(_a, "A");
            _ps.Connect(_b, "B");
        }

        public async Task DisposeAsync()
        {
            _ps.Dispose();
            await _a.DisposeAsync();
            await _b.DisposeAsync();
        }

        private RunResult Run(string script)
        {
            RunResult r = _ps.Run(script);
            Assert.Null(r.Terminating);
            return r;
        }

        private static async Task<List<JObject>> WritesAsync(TestSimulator sim) =>
            (await sim.JournalAsync()).Where(e => (string)e["Method"] != "GET").ToList();

        private static string Id(ErrorRecord error) => error.FullyQualifiedErrorId.Split(',')[0];

        private static IEnumerable<string> Names(RunResult r) => r.Output.Select(o => (string)o.Properties["UserName"].Value);

        private bool Exists(string account, long id) => Run($"Get-Ws1User -AccountName {account} -Id {id} -ErrorAction SilentlyContinue").Output.Count == 1;

        private void CreateAnnAndJoann() =>
            Assert.Empty(Run(Password +
                "New-Ws1User ann -Email ann@x.example -Password $pw -AccountName A | Out-Null; " +
                "New-Ws1User joann -Email joann@x.example -Password $pw -AccountName A | Out-Null").AllErrors);

        [Fact]
        public async Task Email_and_user_name_match_exactly_although_the_server_matches_partially()
        {
            CreateAnnAndJoann();
            await _a.ClearJournalAsync();

            Assert.Equal(new[] { "ann" }, Names(Run("Get-Ws1User -AccountName A -Email ann@x.example")));
            var search = (await _a.JournalAsync()).Single(e => ((string)e["Path"]).EndsWith("users/search"));
            Assert.Contains("email=ann%40x.example", (string)search["Query"]); // the server filter is still sent

            Assert.Equal(new[] { "ann" }, Names(Run("Get-Ws1User -AccountName A -UserName ANN")));
            Assert.Equal(new[] { "ann", "joann" }, Names(Run("Get-Ws1User -AccountName A -Email '*ann@x.example' | Sort-Object UserName")));
            Assert.Equal(new[] { "joann" }, Names(Run("Get-Ws1User -AccountName A -UserName 'jo?nn'")));
            RunResult none = Run("Get-Ws1User -AccountName A -UserName an");
            Assert.Empty(none.Output);
            Assert.Empty(none.AllErrors);

            RunResult piped = Run("'ann', [pscustomobject]@{ Email = 'joann@x.example'; AccountName = 'A' } | Get-Ws1User -AccountName A");
            Assert.Equal(new[] { "ann", "joann" }, Names(piped));
            Assert.All(piped.Output, o => Assert.Equal("A", (string)o.Properties["AccountName"].Value));
        }

        [Fact]
        public async Task WhatIf_on_every_change_sends_no_write_even_with_Force()
        {
            CreateAnnAndJoann();
            await _a.ClearJournalAsync();

            RunResult r = Run(Password +
                "New-Ws1User whatif-user -Password $pw -AccountName A -WhatIf; " +
                "Remove-Ws1User -UserName ann -AccountName A -WhatIf -Force; " +
                "Get-Ws1User -AccountName A -UserName joann | Remove-Ws1User -WhatIf; " +
                "Get-Ws1User -AccountName A -UserName ann | Disable-Ws1User -WhatIf -Force; " +
                "Enable-Ws1User -Id 1 -AccountName A -WhatIf; " +
                "function Invoke-Cleanup { $WhatIfPreference = $true; Remove-Ws1User -Id 2 -AccountName A -Force; Disable-Ws1User -Id 2 -AccountName A -Force }; Invoke-Cleanup");

            Assert.Empty(r.AllErrors);
            Assert.Empty(r.Output);
            Assert.Empty(await WritesAsync(_a));
            Assert.NotEmpty(await _a.JournalAsync()); // the users were looked up: reads are allowed
            Assert.Equal(new[] { "ann", "joann" }, Names(Run("Get-Ws1User -AccountName A -UserName ann, joann, whatif-user | Sort-Object UserName")));
            Assert.True(Exists("A", 2));
        }

        [Fact]
        public async Task Objects_piped_from_two_accounts_are_each_removed_from_their_own_account()
        {
            RunResult everywhere = Run("Get-Ws1User -AccountName * -Id 3 | ForEach-Object { \"$($_.AccountName):$($_.Id)\" }");
            Assert.Equal(new[] { "A:3", "B:3" }, everywhere.Output.Select(o => (string)o.BaseObject));
            await _a.ClearJournalAsync();
            await _b.ClearJournalAsync();

            RunResult r = Run("@(Get-Ws1User -AccountName A -Id 3) + @(Get-Ws1User -AccountName B -Id 5) | Remove-Ws1User -Force -PassThru | ForEach-Object { \"$($_.AccountName):$($_.Id)\" }");

            Assert.Empty(r.AllErrors);
            Assert.Equal(new[] { "A:3", "B:5" }, r.Output.Select(o => (string)o.BaseObject));
            Assert.Equal(new[] { "DELETE /API/system/users/3/delete" }, (await WritesAsync(_a)).Select(w => $"{w["Method"]} {w["Path"]}"));
            Assert.Equal(new[] { "DELETE /API/system/users/5/delete" }, (await WritesAsync(_b)).Select(w => $"{w["Method"]} {w["Path"]}"));
            Assert.False(Exists("A", 3));
            Assert.True(Exists("A", 5));
            Assert.False(Exists("B", 5));
            Assert.True(Exists("B", 3));
        }

        [Fact]
        public async Task An_object_of_one_account_is_never_acted_on_in_another()
        {
            await _b.ClearJournalAsync();

            RunResult r = Run("Get-Ws1User -AccountName A -Id 4 | Remove-Ws1User -AccountName B -Force");

            Assert.Equal("Ws1.AccountMismatch", Id(Assert.Single(r.Errors)));
            Assert.Empty(await WritesAsync(_b));
            Assert.True(Exists("A", 4));
            Assert.True(Exists("B", 4));
        }

        [Fact]
        public async Task A_duplicate_user_name_is_ResourceExists_naming_the_existing_user()
        {
            CreateAnnAndJoann();
            long annId = (long)Run("(Get-Ws1User -AccountName A -UserName ann).Id").Output.Single().BaseObject;

            RunResult r = Run(Password + "New-Ws1User -UserName ANN -Email other@x.example -Password $pw -AccountName A");

            ErrorRecord error = Assert.Single(r.Errors);
            Assert.Equal("Ws1.AlreadyExists", Id(error));
            Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
            Assert.Contains("'ann'", error.Exception.Message);
            Assert.Contains($"id {annId}", error.Exception.Message);
            Assert.Equal(annId, (long)PSObject.AsPSObject(error.TargetObject).Properties["Id"].Value);
            Assert.Empty(r.Output);
        }

        [Fact]
        public async Task Input_the_server_would_refuse_is_refused_before_any_request()
        {
            await _a.ClearJournalAsync();

            RunResult noPassword = Run("New-Ws1User -UserName bob -Email bob@x.example -AccountName A");
            RunResult badEmail = Run(Password + "New-Ws1User -UserName bob -Email 'bob@x' -Password $pw -AccountName A");
            RunResult csv = Run(Password + "'UserName,Email,SecurityType,AccountName', 'carol,carol@x.example,Directory,A', 'dave,not-an-email,Directory,A' | ConvertFrom-Csv | New-Ws1User");

            Assert.Equal(("Ws1.InvalidPassword", ErrorCategory.InvalidArgument), (Id(noPassword.Errors.Single()), noPassword.Errors.Single().CategoryInfo.Category));
            Assert.Equal(("Ws1.InvalidEmail", ErrorCategory.InvalidArgument), (Id(badEmail.Errors.Single()), badEmail.Errors.Single().CategoryInfo.Category));
            Assert.Equal("Ws1.InvalidEmail", Id(csv.Errors.Single())); // dave is refused, carol is still created
            Assert.Equal(new[] { "carol" }, Names(csv));
            Assert.Equal(new[] { "/API/system/users/adduser" }, (await WritesAsync(_a)).Select(w => (string)w["Path"]));
        }

        [Fact]
        public async Task A_user_not_found_is_a_non_terminating_error_and_the_rest_goes_on()
        {
            RunResult byId = Run("Remove-Ws1User -Id 99999, 7 -AccountName A -Force -PassThru");
            ErrorRecord missing = Assert.Single(byId.Errors);
            Assert.Equal(("Ws1.UserNotFound", ErrorCategory.ObjectNotFound), (Id(missing), missing.CategoryInfo.Category));
            Assert.Equal(7L, (long)Assert.Single(byId.Output).Properties["Id"].Value);
            Assert.False(Exists("A", 7));

            RunResult get = Run("Get-Ws1User -AccountName A -Id 99999, 8");
            Assert.Equal("Ws1.UserNotFound", Id(Assert.Single(get.Errors)));
            Assert.Single(get.Output);

            // Removed between the read and the removal: the bulk answer names it, the others are removed.
            await _a.ClearJournalAsync();
            RunResult stale = Run("$users = Get-Ws1User -AccountName A -Id 9, 10, 11; Remove-Ws1User -Id 10 -AccountName A -Force; $users | Remove-Ws1User -Force -PassThru");
            Assert.Equal(("Ws1.UserNotFound", ErrorCategory.ObjectNotFound), (Id(stale.Errors.Single()), stale.Errors.Single().CategoryInfo.Category));
            Assert.Equal(new long[] { 9, 11 }, stale.Output.Select(o => (long)o.Properties["Id"].Value));
            Assert.Contains(await WritesAsync(_a), w => (string)w["Path"] == "/API/system/users/delete");

            Assert.Equal("Ws1.UserNotFound", Id(Assert.Single(Run("Remove-Ws1User -UserName nobody-at-all -AccountName A -Force").Errors)));
        }

        [Theory]
        [InlineData("Disable-Ws1User -UserName $names -AccountName A -Confirm")]
        [InlineData("$names | ForEach-Object { [pscustomobject]@{ UserName = $_; AccountName = 'A' } } | Disable-Ws1User -Confirm")]
        public async Task Names_are_looked_up_PageConcurrency_at_a_time_and_asked_about_in_the_order_given(string script)
        {
            const int delayMs = 300;
            List<string> names = Names(Run("Get-Ws1User -AccountName A | Select-Object -First 8")).Reverse().ToList();
            List<string> given = names.Take(3).Append("nobody-at-all").Concat(names.Skip(3)).ToList();
            var asked = new List<string>();
            using var ps = new ModuleRunspace(new PromptingHost((message, choices) =>
            {
                asked.Add(message);
                return choices.Select(c => c.Label).ToList().IndexOf("&No");
            }));
            ps.Connect(_a, "A");
            await _a.AddFaultAsync(new { Kind = "Latency", DelayMs = delayMs, Method = "GET", PathContains = "users/search" });
            RunResult r;
            try
            {
                await _a.ClearJournalAsync();
                r = ps.Run("param($names) " + script, new Hashtable { ["names"] = given.ToArray() });
            }
            finally
            {
                await _a.ControlAsync(HttpMethod.Delete, "faults");
            }

            Assert.Null(r.Terminating);
            Assert.Equal("Ws1.UserNotFound", Id(Assert.Single(r.Errors)));
            Assert.Equal(names.Count, asked.Count);
            for (int i = 0; i < names.Count; i++)
                Assert.Contains($"'{names[i]}'", asked[i]);
            Assert.Empty(await WritesAsync(_a));
            List<DateTime> searches = (await _a.JournalAsync()).Where(e => ((string)e["Path"]).EndsWith("users/search", StringComparison.OrdinalIgnoreCase))
                .Select(e => (DateTime)e["Time"]).ToList();
            Assert.Equal(given.Count, searches.Count);
            Assert.Equal(Ws1ConnectionSettings.DefaultPageConcurrency, Arrivals.MostAtOnce(searches, delayMs));
        }

        [Fact]
        public async Task An_object_whose_id_and_user_name_disagree_is_left_alone()
        {
            await _a.ClearJournalAsync();

            RunResult r = Run("[pscustomobject]@{ Id = 12; UserName = 'someone-else'; AccountName = 'A' } | Remove-Ws1User -Force");

            Assert.Equal(("Ws1.UserMismatch", ErrorCategory.InvalidData), (Id(r.Errors.Single()), r.Errors.Single().CategoryInfo.Category));
            string email = (string)Run("(Get-Ws1User -AccountName A -Id 12).Email").Output.Single().BaseObject;
            RunResult emailOnly = Run($"[pscustomobject]@{{ Email = '{email}'; AccountName = 'A' }} | Remove-Ws1User -Force");
            Assert.Equal(("Ws1.InvalidUserInput", ErrorCategory.InvalidArgument), (Id(emailOnly.Errors.Single()), emailOnly.Errors.Single().CategoryInfo.Category));
            Assert.Empty(await WritesAsync(_a));
            Assert.True(Exists("A", 12));
        }

        [Fact]
        public async Task Disable_and_Enable_change_the_status_and_name_the_user_in_the_confirmation()
        {
            PSObject user = Run("Get-Ws1User -AccountName A -Id 13").Output.Single();
            string userName = (string)user.Properties["UserName"].Value;
            string email = (string)user.Properties["Email"].Value;

            RunResult disabled = Run("Disable-Ws1User -Id 13 -AccountName A -Confirm:$false -PassThru -Verbose");
            Assert.Equal("Inactive", Assert.Single(disabled.Output).Properties["Status"].Value.ToString());
            Assert.Contains(disabled.Verbose, v => v.Contains("\"Disable\"") && v.Contains($"'{userName}'") && v.Contains(email) && v.Contains("account 'A'"));
            Assert.Equal("Inactive", Run("(Get-Ws1User -AccountName A -Id 13).Status").Output.Single().ToString());

            RunResult enabled = Run("Get-Ws1User -AccountName A -Id 13 | Enable-Ws1User -PassThru");
            Assert.Equal("Active", Assert.Single(enabled.Output).Properties["Status"].Value.ToString());
            Assert.Equal("Active", Run("(Get-Ws1User -AccountName A -Id 13).Status").Output.Single().ToString());
            Assert.Empty(disabled.AllErrors.Concat(enabled.AllErrors));
            await Task.CompletedTask;
        }

        [Fact]
        public async Task Remove_asks_first_and_does_nothing_when_it_cannot_ask()
        {
            await _a.ClearJournalAsync();

            RunResult r = _ps.Run("Remove-Ws1User -Id 14 -AccountName A");

            Assert.NotEmpty(r.AllErrors); // a hosted runspace has no one to ask
            Assert.Empty(await WritesAsync(_a));
            Assert.True(Exists("A", 14));
        }

        [Fact]
        public async Task Removing_1000_users_piped_from_a_paging_search_leaves_none_and_deletes_each_once()
        {
            // A page cap of 100 makes Get-Ws1User page ten times: deleting while it still pages would shift
            // its later pages and skip users.
            await using TestSimulator sim = await TestSimulator.StartAsync(users: 1000, seed: 34, configure: o => o.PageCap = 100);
            _ps.Connect(sim, "Bulk");
            await sim.ClearJournalAsync();

            RunResult r = Run("Get-Ws1User -AccountName Bulk | Remove-Ws1User -Force -PassThru | Measure-Object | ForEach-Object Count");

            Assert.Empty(r.AllErrors);
            Assert.Equal(1000, (int)r.Output.Single().BaseObject);
            List<JObject> writes = await WritesAsync(sim);
            Assert.All(writes, w => Assert.Equal("/API/system/users/delete", (string)w["Path"]));
            List<long> deleted = writes.SelectMany(w => JObject.Parse((string)w["Body"])["BulkValues"]["Value"].Select(v => long.Parse((string)v))).ToList();
            Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), deleted.OrderBy(i => i));
            Assert.Equal(0, (int)Run("(Get-Ws1User -AccountName Bulk | Measure-Object).Count").Output.Single().BaseObject);
        }
    }
}
