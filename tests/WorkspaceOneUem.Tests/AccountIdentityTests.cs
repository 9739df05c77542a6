using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using WorkspaceOneUem.Client;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// An account name stays bound to the identity that decides which data it reaches: server, authentication,
    /// admin or OAuth client, and the tenant's API key. Two tenants share one host here, as on SaaS.
    /// </summary>
    public sealed class AccountIdentityTests : IAsyncLifetime
    {
        private const int FirstTenantUsers = 120;
        private const int SecondTenantUsers = 35;

        private TestSimulator _sim;
        private ModuleRunspace _ps;

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartTwoTenantsAsync(FirstTenantUsers, SecondTenantUsers);
            _ps = new ModuleRunspace();
        }

        public async Task DisposeAsync()
        {
            _ps.Dispose();
            await _sim.DisposeAsync();
        }

        private RunResult ConnectBasic(string name, string key, bool force = false,
            string user = TestSimulator.AdminUser, string password = TestSimulator.AdminPassword) =>
            _ps.Run(
                "param($Server, $User, $Password, $Key, $Name, [switch]$Force) " +
                "$cred = [pscredential]::new($User, (ConvertTo-SecureString $Password -AsPlainText -Force)); " +
                "$a = @{ Server = $Server; Credential = $cred; ApiKey = $Key; Force = $Force; Verbose = $true }; if ($Name) { $a.AccountName = $Name }; " +
                "Connect-Ws1Uem @a",
                new Hashtable { ["Server"] = _sim.Url, ["User"] = user, ["Password"] = password, ["Key"] = key, ["Name"] = name, ["Force"] = force });

        private RunResult ConnectOAuth(string name, string clientId, bool force = false) =>
            _ps.Run(
                "param($Server, $Id, $Secret, $Name, [switch]$Force) " +
                "Connect-Ws1Uem -Server $Server -ClientId $Id -ClientSecret $Secret -TokenUrl \"$Server/connect/token\" -AccountName $Name -Force:$Force -Verbose",
                new Hashtable { ["Server"] = _sim.Url, ["Id"] = clientId, ["Secret"] = TestSimulator.OAuthSecret, ["Name"] = name, ["Force"] = force });

        private int UserCount(string account) =>
            (int)_ps.Run($"(Get-Ws1User -AccountName '{account}' | Measure-Object).Count").Output.Single().BaseObject;

        private static void AssertRefused(RunResult r, string part)
        {
            Assert.NotNull(r.Error);
            Assert.Equal("Ws1.AccountNameInUse", r.Error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.ResourceExists, r.Error.CategoryInfo.Category);
            Assert.Contains(part, r.Error.Exception.Message);
            Assert.Contains("-Force", r.Error.Exception.Message);
        }

        [Fact]
        public void The_two_keys_reach_two_tenants_on_one_host()
        {
            Assert.Null(ConnectBasic("First", _sim.TenantCode).Error);
            Assert.Null(ConnectBasic("Second", TestSimulator.SecondTenantCode).Error);
            Assert.Equal(FirstTenantUsers, UserCount("First"));
            Assert.Equal(SecondTenantUsers, UserCount("Second"));
            _ps.Run("Disconnect-Ws1Uem -All");
        }

        [Fact]
        public void Same_admin_with_another_key_is_refused_and_the_name_keeps_its_tenant()
        {
            Assert.Null(ConnectBasic("Contoso", _sim.TenantCode).Error);
            RunResult refused = ConnectBasic("Contoso", TestSimulator.SecondTenantCode);
            AssertRefused(refused, "the API key");
            Assert.DoesNotContain("the server", refused.Error.Exception.Message);
            Assert.Equal(FirstTenantUsers, UserCount("Contoso"));
            _ps.Run("Disconnect-Ws1Uem -All");
        }

        [Fact]
        public void Another_admin_is_refused()
        {
            Assert.Null(ConnectBasic("Contoso", _sim.TenantCode).Error);
            RunResult refused = ConnectBasic("Contoso", _sim.TenantCode, user: TestSimulator.ReadOnlyUser, password: TestSimulator.ReadOnlyPassword);
            AssertRefused(refused, "the admin ('readonly' instead of 'apiadmin')");
            Assert.DoesNotContain("the API key", refused.Error.Exception.Message);
            _ps.Run("Disconnect-Ws1Uem -All");
        }

        [Fact]
        public void OAuth_with_another_client_is_refused_and_Basic_is_another_identity()
        {
            Assert.Null(ConnectOAuth("Tokens", TestSimulator.OAuthClient).Error);
            AssertRefused(ConnectOAuth("Tokens", TestSimulator.SecondOAuthClient), "the OAuth client");
            AssertRefused(ConnectBasic("Tokens", _sim.TenantCode), "the authentication");
            // The same client reconnects as before.
            Assert.Null(ConnectOAuth("Tokens", TestSimulator.OAuthClient).Error);
            Assert.Equal(FirstTenantUsers, UserCount("Tokens"));
            _ps.Run("Disconnect-Ws1Uem -All");
        }

        [Fact]
        public void The_same_identity_reconnects_without_Force()
        {
            Assert.Null(ConnectBasic("Contoso", _sim.TenantCode).Error);
            RunResult again = ConnectBasic("contoso", _sim.TenantCode);
            Assert.Null(again.Error);
            Assert.DoesNotContain(again.Verbose, v => v.Contains("Replaced"));
            Assert.Single(_ps.Run("Get-Ws1UemConnection").Output);
            _ps.Run("Disconnect-Ws1Uem -All");
        }

        [Fact]
        public void Force_replaces_the_connection_and_says_so_in_verbose()
        {
            Assert.Null(ConnectBasic("Contoso", _sim.TenantCode).Error);
            RunResult replaced = ConnectBasic("Contoso", TestSimulator.SecondTenantCode, force: true);
            Assert.Null(replaced.Error);
            Assert.Contains(replaced.Verbose, v => v.Contains("Replaced the connection of account name 'Contoso'") && v.Contains("the API key"));
            Assert.Equal(SecondTenantUsers, UserCount("Contoso"));
            _ps.Run("Disconnect-Ws1Uem -All");
        }

        [Fact]
        public async Task The_default_name_carries_the_port_so_two_servers_on_one_host_stay_apart()
        {
            await using TestSimulator other = await TestSimulator.StartAsync(users: 10, seed: 5);
            RunResult first = ConnectBasic(null, _sim.TenantCode);
            Assert.Null(first.Error);
            RunResult second = _ps.Run(
                "param($Server, $Key) Connect-Ws1Uem -Server $Server -ApiKey $Key " +
                "-Credential ([pscredential]::new('apiadmin', (ConvertTo-SecureString 'Sim-Admin-Pass-1' -AsPlainText -Force)))",
                new Hashtable { ["Server"] = other.Url, ["Key"] = other.TenantCode });
            Assert.Null(second.Error);
            string[] names = _ps.Run("Get-Ws1UemConnection | ForEach-Object AccountName").Output.Select(o => (string)o.BaseObject).ToArray();
            Assert.Equal(new[] { new Uri(_sim.Url).Authority, new Uri(other.Url).Authority }, names);
            _ps.Run("Disconnect-Ws1Uem -All");
        }

        [Fact]
        public void A_misspelt_account_name_lists_the_open_ones_and_an_unmatched_wildcard_says_so()
        {
            Assert.Null(ConnectBasic("Contoso", _sim.TenantCode).Error);
            Assert.Null(ConnectBasic("Fabrikam", TestSimulator.SecondTenantCode).Error);

            RunResult misspelt = _ps.Run("Get-Ws1User -AccountName Contso");
            Assert.Equal("Ws1.AccountNotConnected", misspelt.Error?.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("'Contoso', 'Fabrikam'", misspelt.Error.Exception.Message);

            RunResult action = _ps.Run("Remove-Ws1User -UserName someone -AccountName Contso -Confirm:$false");
            Assert.Equal("Ws1.AccountNotConnected", action.Error?.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("'Contoso', 'Fabrikam'", action.Error.Exception.Message);

            RunResult read = _ps.Run("Get-Ws1User -AccountName Nothing*");
            Assert.Empty(read.AllErrors);
            Assert.Empty(read.Output);
            Assert.Contains(read.Warnings, w => w.Contains("'Nothing*' matches no open connection") && w.Contains("'Contoso'"));

            RunResult disconnect = _ps.Run("Disconnect-Ws1Uem -AccountName Nothing*");
            Assert.Equal("Ws1.AccountNameNoMatch", disconnect.Error?.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(2, _ps.Run("Get-Ws1UemConnection").Output.Count);
            _ps.Run("Disconnect-Ws1Uem -All");
        }

        [Fact]
        public void The_key_fingerprint_is_one_way_and_tells_keys_apart()
        {
            string key = _sim.TenantCode;
            Ws1AccountIdentity identity = Ws1AccountIdentity.Of(_sim.BasicSettings());
            Assert.NotNull(identity.KeyFingerprint);
            Assert.NotEqual(key, identity.KeyFingerprint);
            Assert.DoesNotContain(key, identity.KeyFingerprint, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(key.Substring(0, 8), identity.KeyFingerprint, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(identity.KeyFingerprint, Ws1AccountIdentity.Of(_sim.BasicSettings()).KeyFingerprint);
            Ws1AccountIdentity other = Ws1AccountIdentity.Of(_sim.BasicSettings(tenantCode: TestSimulator.SecondTenantCode));
            Assert.NotEqual(identity.KeyFingerprint, other.KeyFingerprint);
            Assert.Equal(new[] { "the API key (another tenant or organization group)" }, identity.DifferencesFrom(other));
            Assert.Empty(identity.DifferencesFrom(Ws1AccountIdentity.Of(_sim.BasicSettings())));
            Assert.DoesNotContain(key, identity.ToString());
        }

        [Fact]
        public void Neither_key_appears_in_connection_objects_or_any_stream()
        {
            var texts = new System.Collections.Generic.List<string>
            {
                ConnectBasic("K", _sim.TenantCode).AllText(),
                ConnectBasic("K", TestSimulator.SecondTenantCode).AllText(),
                ConnectBasic("K", TestSimulator.SecondTenantCode, force: true).AllText(),
                _ps.Run("Get-Ws1UemConnection | Format-List * | Out-String").AllText(),
                _ps.Run("Get-Ws1UemConnection | ConvertTo-Json -Depth 5").AllText(),
                _ps.Run("Get-Ws1UemConnection | Select-Object -ExpandProperty Identity | Format-List * | Out-String").AllText(),
                _ps.Run("Get-Ws1User -AccountName K -Verbose -Debug | Select-Object -First 2 | Out-String").AllText(),
            };
            string all = string.Join("\n", texts);
            Assert.Contains("Replaced the connection", all); // the streams were collected
            Assert.DoesNotContain(_sim.TenantCode, all);
            Assert.DoesNotContain(TestSimulator.SecondTenantCode, all);
            _ps.Run("Disconnect-Ws1Uem -All");
        }
    }
}
