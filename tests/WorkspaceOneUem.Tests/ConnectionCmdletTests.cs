using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    public sealed class ConnectionCmdletTests : IAsyncLifetime
    {
        private TestSimulator _simA;
        private TestSimulator _simB;
        private ModuleRunspace _ps;

        public async Task InitializeAsync()
        {
            _simA = await TestSimulator.StartAsync(users: 600, seed: 11);
            _simB = await TestSimulator.StartAsync(users: 40, seed: 12);
            _ps = new ModuleRunspace();
        }

        public async Task DisposeAsync()
        {
            _ps.Dispose();
            await _simA.DisposeAsync();
            await _simB.DisposeAsync();
        }

        private Hashtable Params(TestSimulator sim, string password = TestSimulator.AdminPassword, string user = TestSimulator.AdminUser) => new Hashtable
        {
            ["Server"] = sim.Url,
            ["User"] = user,
            ["Password"] = password,
            ["Key"] = sim.TenantCode,
        };

        private const string ConnectScript =
            "param($Server, $User, $Password, $Key, $Name, [switch]$Force) " +
            "$cred = [pscredential]::new($User, (ConvertTo-SecureString $Password -AsPlainText -Force)); " +
            "Connect-Ws1Uem -Server $Server -Credential $cred -ApiKey $Key -AccountName $Name -Force:$Force -Verbose";

        private RunResult Connect(TestSimulator sim, string name, bool force = false, string user = TestSimulator.AdminUser, string password = TestSimulator.AdminPassword)
        {
            Hashtable p = Params(sim, password, user);
            p["Name"] = name;
            p["Force"] = force;
            return _ps.Run(ConnectScript, p);
        }

        [Fact]
        public void Two_accounts_side_by_side_each_reads_its_own_tenant()
        {
            Assert.Null(Connect(_simA, "A").Error);
            Assert.Null(Connect(_simB, "B").Error);

            var connections = _ps.Run("Get-Ws1UemConnection").Output;
            Assert.Equal(new[] { "A", "B" }, connections.Select(c => (string)c.Properties["AccountName"].Value));
            Assert.True((bool)connections.Single(c => (string)c.Properties["AccountName"].Value == "B").Properties["IsDefault"].Value);

            Assert.Equal(40, (int)_ps.Run("(Get-Ws1User | Measure-Object).Count").Output.Single().BaseObject);
            Assert.Equal(600, (int)_ps.Run("(Get-Ws1User -AccountName A | Measure-Object).Count").Output.Single().BaseObject);
            var accounts = _ps.Run("Get-Ws1User -AccountName A | Select-Object -First 3 | ForEach-Object AccountName").Output.Select(o => (string)o.BaseObject);
            Assert.All(accounts, a => Assert.Equal("A", a));

            Assert.Empty(_ps.Run("Disconnect-Ws1Uem -AccountName B").AllErrors);
            var left = _ps.Run("Get-Ws1UemConnection").Output.Single();
            Assert.Equal("A", (string)left.Properties["AccountName"].Value);
            Assert.True((bool)left.Properties["IsDefault"].Value);
            Assert.Empty(_ps.Run("Disconnect-Ws1Uem -All").AllErrors);
            RunResult none = _ps.Run("Get-Ws1User");
            Assert.Equal("Ws1.NotConnected", none.Error?.FullyQualifiedErrorId.Split(',')[0]);
        }

        [Fact]
        public void Reusing_a_name_for_another_tenant_is_refused_unless_Force()
        {
            Assert.Null(Connect(_simA, "Guarded").Error);
            RunResult refused = Connect(_simB, "Guarded");
            Assert.NotNull(refused.Error);
            Assert.StartsWith("Ws1.AccountNameInUse", refused.Error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceExists, refused.Error.CategoryInfo.Category);
            Assert.Equal(600, (int)_ps.Run("(Get-Ws1User -AccountName Guarded | Measure-Object).Count").Output.Single().BaseObject);

            // Same tenant and user: a refresh, no -Force needed.
            Assert.Null(Connect(_simA, "Guarded").Error);
            // A different user on the same server is another identity.
            Assert.NotNull(Connect(_simA, "Guarded", user: TestSimulator.ReadOnlyUser, password: TestSimulator.ReadOnlyPassword).Error);

            Assert.Null(Connect(_simB, "Guarded", force: true).Error);
            Assert.Equal(40, (int)_ps.Run("(Get-Ws1User -AccountName Guarded | Measure-Object).Count").Output.Single().BaseObject);
            _ps.Run("Disconnect-Ws1Uem -All");
        }

        [Fact]
        public async Task Disconnecting_an_account_while_its_listing_pipes_ends_it_with_a_Ws1_error()
        {
            // Pages of 10, so the listing still has pages to fetch when the account is closed under it.
            await using TestSimulator small = await TestSimulator.StartAsync(users: 300, seed: 13, configure: o => o.PageCap = 10);
            Assert.Null(Connect(small, "Closing").Error);
            RunResult r = _ps.Run("$n = 0; Get-Ws1User -AccountName Closing | ForEach-Object { $n++; if ($n -eq 5) { Disconnect-Ws1Uem -AccountName Closing } }; $n");
            Assert.NotNull(r.Error);
            Assert.Equal("Ws1.ConnectionClosed", r.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.ConnectionError, r.Error.CategoryInfo.Category);
            Assert.Contains("was closed", r.Error.Exception.Message);
            Assert.All(r.AllErrors, e => Assert.StartsWith("Ws1.", e.FullyQualifiedErrorId));
            Assert.Empty(_ps.Run("Get-Ws1UemConnection -AccountName Closing").Output);
        }

        [Fact]
        public async Task A_slept_retry_wait_shows_in_progress_while_it_runs()
        {
            Assert.Null(Connect(_simA, "Waits").Error);
            await _simA.AddFaultAsync(new { Kind = "Throttle429RetryAfter", Count = 1, Method = "GET", PathContains = "users/search", RetryAfter = "1" });
            RunResult r = _ps.Run("Get-Ws1User -AccountName Waits | Select-Object -First 1");
            Assert.Empty(r.AllErrors);
            Assert.Single(r.Output);
            ProgressRecord wait = Assert.Single(r.Progress, p => p.Activity == "Waiting to retry" && p.RecordType == ProgressRecordType.Processing);
            Assert.Equal(1, wait.SecondsRemaining);
            Assert.Contains("users/search", wait.StatusDescription);
            Assert.Contains(r.Progress, p => p.Activity == "Waiting to retry" && p.RecordType == ProgressRecordType.Completed);
            _ps.Run("Disconnect-Ws1Uem -AccountName Waits");
        }

        [Fact]
        public void A_failed_connect_stores_no_session_and_says_why()
        {
            RunResult bad = Connect(_simA, "Broken", password: "not-the-password");
            Assert.NotNull(bad.Error);
            Assert.Equal(ErrorCategory.AuthenticationError, bad.Error.CategoryInfo.Category);
            Assert.StartsWith("Ws1.InvalidCredentials", bad.Error.FullyQualifiedErrorId);
            Assert.Empty(_ps.Run("Get-Ws1UemConnection -AccountName Broken").Output);
        }

        [Fact]
        public void Secrets_never_appear_in_output_verbose_or_errors()
        {
            const string password = TestSimulator.AdminPassword;
            var texts = new System.Collections.Generic.List<string>();
            texts.Add(Connect(_simA, "S").AllText());
            texts.Add(_ps.Run("Get-Ws1UemConnection -AccountName S | ConvertTo-Json -Depth 4").AllText());
            texts.Add(_ps.Run("Get-Ws1UemConnection -AccountName S | Format-List * | Out-String").AllText());
            texts.Add(_ps.Run("Get-Ws1User -AccountName S -Verbose | Select-Object -First 600 | Out-Null").AllText());
            texts.Add(Connect(_simA, "S2", password: "Wrong-" + password).AllText());
            texts.Add(_ps.Run("Get-Ws1User -AccountName S -Id 999999 -Verbose").AllText());
            string all = string.Join("\n", texts);
            Assert.Contains("users/search", all); // verbose did report the requests
            Assert.DoesNotContain(password, all);
            Assert.DoesNotContain(_simA.TenantCode, all);
            string basic = System.Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{TestSimulator.AdminUser}:{password}"));
            Assert.DoesNotContain(basic, all);
            _ps.Run("Disconnect-Ws1Uem -All");
        }
    }
}
