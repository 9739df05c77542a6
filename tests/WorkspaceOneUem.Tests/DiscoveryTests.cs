using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>Tab completion, progress and verbose request lines, as a console user meets them.</summary>
    public sealed class DiscoveryTests : IAsyncLifetime
    {
        private TestSimulator _sim;
        private ModuleRunspace _ps;

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: 1200, seed: 41);
            _ps = new ModuleRunspace();
            foreach (string name in new[] { "Contoso", "Fabrikam West", "Sim" })
                _ps.Connect(_sim, name);
        }

        public async Task DisposeAsync()
        {
            _ps.Dispose();
            await _sim.DisposeAsync();
        }

        private (string completion, string listItem)[] Complete(string input)
        {
            RunResult r = _ps.Run("param($i) (TabExpansion2 -inputScript $i -cursorColumn $i.Length).CompletionMatches", new Hashtable { ["i"] = input });
            Assert.Null(r.Error);
            return r.Output.Select(o => ((string)o.Properties["CompletionText"].Value, (string)o.Properties["ListItemText"].Value)).ToArray();
        }

        [Theory]
        [InlineData("Get-Ws1User -AccountName ")]
        [InlineData("Get-Ws1Device -AccountName ")]
        [InlineData("Remove-Ws1User -AccountName ")]
        [InlineData("Lock-Ws1UserDevice -AccountName ")]
        [InlineData("Disconnect-Ws1Uem -AccountName ")]
        public void AccountName_completes_from_connected_accounts_and_quotes_when_needed(string input)
        {
            var matches = Complete(input);
            Assert.Equal(new[] { "Contoso", "'Fabrikam West'", "Sim" }, matches.Select(m => m.completion));
            Assert.Equal(new[] { "Fabrikam West" }, Complete(input + "fab").Select(m => m.listItem));
        }

        [Fact]
        public async Task OrganizationGroupId_completes_ids_with_names_from_the_server_and_caches_them()
        {
            await _sim.ClearJournalAsync();
            var matches = Complete("Get-Ws1User -AccountName Sim -OrganizationGroupId 57");
            Assert.Contains(matches, m => m.completion == "570" && m.listItem.Contains("Simulated Corp"));
            Assert.Contains(matches, m => m.completion == "572" && m.listItem.Contains("Engineering"));
            Assert.DoesNotContain(matches, m => m.completion == "7");
            Assert.Contains(Complete("New-Ws1User -AccountName Sim -OrganizationGroupId Sal"), m => m.completion == "571");
            var searches = (await _sim.JournalAsync()).Count(e => ((string)e["Path"]).Contains("groups/search"));
            Assert.Equal(1, searches);
        }

        [Fact]
        public void Listing_progress_counts_up_and_is_always_completed()
        {
            using PowerShell ps = _ps.Create("Get-Ws1User -AccountName Sim | Measure-Object");
            ps.Invoke();
            var records = ps.Streams.Progress.ToList();
            Assert.Contains(records, r => r.StatusDescription == "1,000 of 1,200" && r.Activity.StartsWith("Search users on Sim"));
            Assert.Equal(ProgressRecordType.Completed, records.Last().RecordType);

            using PowerShell first = _ps.Create("Get-Ws1User -AccountName Sim | Select-Object -First 600");
            Assert.Equal(600, first.Invoke().Count);
            Assert.Equal(ProgressRecordType.Completed, first.Streams.Progress.Last().RecordType);
        }

        [Fact]
        public void Verbose_names_method_path_status_time_and_correlation_id()
        {
            RunResult r = _ps.Run("Get-Ws1User -AccountName Sim -Id 3 -Verbose");
            Assert.Contains(r.Verbose, v => Regex.IsMatch(v, @"^GET system/users/3 -> 200, \d+ bytes in \d+(\.\d)? ms \(correlation id [0-9a-f-]{36}\)$"));
        }
    }
}
