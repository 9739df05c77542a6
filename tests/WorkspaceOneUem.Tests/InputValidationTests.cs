using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// Wildcard and length checks on what the cmdlets send, over real HTTP: the server-side pre-filter never narrows
    /// more than the pattern, patterns PowerShell rejects and values the API cannot take are Ws1 errors, and the
    /// simulator's journal shows what was (not) sent.
    /// </summary>
    public sealed class InputValidationTests : IAsyncLifetime
    {
        private TestSimulator _sim;
        private ModuleRunspace _ps;

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: 1200, seed: 41);
            _ps = new ModuleRunspace();
            _ps.Connect(_sim, "Sim");
        }

        public async Task DisposeAsync()
        {
            _ps.Dispose();
            await _sim.DisposeAsync();
        }

        private async Task<List<JObject>> SearchesAsync() =>
            (await _sim.JournalAsync()).Where(e => ((string)e["Path"]).EndsWith("/search", StringComparison.OrdinalIgnoreCase)).ToList();

        /// <summary>Runs a script that reads $p (a pattern) or $v (a value).</summary>
        private RunResult Run(string script, string p = null, string v = null) =>
            _ps.Run("param($p, $v) " + script, new Hashtable { ["p"] = p, ["v"] = v });

        private List<long> Ids(string script, string pattern = null)
        {
            RunResult r = Run(script, pattern);
            Assert.Empty(r.AllErrors);
            return r.Output.Select(o => (long)o.Properties["Id"].Value).OrderBy(id => id).ToList();
        }

        [Theory]
        [InlineData("UserName", "[a-z]*", null)]
        [InlineData("UserName", "?ark*", "username=ark")]
        [InlineData("UserName", "m[a-c]rk.w*", "username=rk.w")]
        [InlineData("UserName", "*[0-9]9", "username=9")]
        [InlineData("UserName", "*.WILLIAMS*", "username=.WILLIAMS")]
        [InlineData("Email", "*@sim[c]orp.example", "email=orp.example")]
        [InlineData("Email", "?[!a]*", null)]
        public async Task A_pattern_finds_what_the_client_side_filter_over_every_user_finds(string parameter, string pattern, string sent)
        {
            List<long> everyone = Ids($"Get-Ws1User | Where-Object {parameter} -like $p", pattern);
            Assert.NotEmpty(everyone);
            await _sim.ClearJournalAsync();

            List<long> filtered = Ids($"Get-Ws1User -{parameter} $p", pattern);

            Assert.Equal(everyone, filtered);
            List<JObject> searches = await SearchesAsync();
            Assert.NotEmpty(searches);
            Assert.All(searches, s =>
            {
                string query = (string)s["Query"];
                if (sent == null)
                    Assert.DoesNotContain(parameter.ToLowerInvariant() + "=", query);
                else
                    Assert.Contains(sent, query);
            });
        }

        [Fact]
        public void Bracket_patterns_find_as_many_users_as_the_client_side_filter_over_every_user()
        {
            // The reported case: the pre-filter once sent the text inside [..] and found nobody.
            int everyone = Ids("Get-Ws1User | Where-Object UserName -like '[a-z]*'").Count;
            Assert.True(everyone >= 1199, $"{everyone} users start with a letter");
            Assert.Equal(everyone, Ids("Get-Ws1User -UserName '[a-z]*'").Count);
        }

        [Fact]
        public async Task A_backtick_escaped_bracket_is_a_literal_bracket_on_both_sides()
        {
            Assert.Empty(_ps.Run("New-Ws1User -UserName 'odd[name]' -Password (ConvertTo-SecureString 'Pw-123456' -AsPlainText -Force)").AllErrors);
            await _sim.ClearJournalAsync();

            RunResult r = _ps.Run("Get-Ws1User -UserName 'odd`[name`]'");

            Assert.Empty(r.AllErrors);
            Assert.Equal("odd[name]", (string)Assert.Single(r.Output).Properties["UserName"].Value);
            Assert.Contains("username=odd%5Bname%5D", (string)Assert.Single(await SearchesAsync())["Query"]);
        }

        [Theory]
        [InlineData("Get-Ws1User -UserName $p", "-UserName")]
        [InlineData("Get-Ws1User -Email $p", "-Email")]
        [InlineData("Get-Ws1User -AccountName $p", "-AccountName")]
        [InlineData("Get-Ws1Device -UserName $p", "-UserName")]
        [InlineData("Get-Ws1Device -Platform $p", "-Platform")]
        [InlineData("Get-Ws1Device -EnrollmentStatus $p", "-EnrollmentStatus")]
        [InlineData("Get-Ws1Device -Id 1 -AccountName $p", "-AccountName")]
        [InlineData("Get-Ws1App -Name $p", "-Name")]
        [InlineData("Get-Ws1App -BundleId $p", "-BundleId")]
        [InlineData("Get-Ws1UemConnection -AccountName $p", "-AccountName")]
        [InlineData("Test-Ws1UemConnection -AccountName $p", "-AccountName")]
        [InlineData("Get-Ws1Inventory -AccountName $p", "-AccountName")]
        [InlineData("Disconnect-Ws1Uem -AccountName $p -Confirm:$false", "-AccountName")]
        [InlineData("$p | Get-Ws1User", "UserName")]
        [InlineData("Import-Ws1Inventory -Path $p", "-Path")]
        public async Task A_pattern_PowerShell_rejects_is_a_Ws1_error_naming_the_parameter_and_nothing_is_sent(string script, string parameter)
        {
            foreach (string pattern in new[] { "a[b", "x[]", "[a-" })
            {
                await _sim.ClearJournalAsync();
                RunResult r = Run(script, p: pattern);

                ErrorRecord error = r.Error;
                Assert.NotNull(error);
                Assert.Equal("Ws1.InvalidWildcard", error.FullyQualifiedErrorId.Split(',')[0]);
                Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
                Assert.Equal(pattern, error.TargetObject);
                Assert.StartsWith($"{parameter} '{pattern}' is not a valid wildcard pattern", error.Exception.Message);
                Assert.Contains("backtick", error.Exception.Message);
                Assert.Empty(await _sim.JournalAsync());
            }
            Assert.Single(_ps.Run("Get-Ws1UemConnection").Output); // Disconnect-Ws1Uem disconnected nothing
        }

        [Theory]
        [InlineData("Get-Ws1User -UserName $v", "-UserName")]
        [InlineData("Get-Ws1User -UserName ('*' + $v + '*')", "-UserName")]
        [InlineData("Get-Ws1User -Email $v", "-Email")]
        [InlineData("Get-Ws1User -FirstName $v", "-FirstName")]
        [InlineData("Get-Ws1User -LastName $v", "-LastName")]
        [InlineData("Get-Ws1User -Role $v", "-Role")]
        [InlineData("Get-Ws1Device -UserName $v", "-UserName")]
        [InlineData("Get-Ws1App -Name $v", "-Name")]
        [InlineData("Get-Ws1App -BundleId $v", "-BundleId")]
        [InlineData("$v | Get-Ws1User", "UserName")]
        [InlineData("[pscustomobject]@{ Email = $v + '@x.example' } | Get-Ws1User", "Email")]
        [InlineData("$v | Get-Ws1Device", "UserName")]
        public async Task A_value_longer_than_the_API_takes_is_refused_before_anything_is_sent(string script, string parameter)
        {
            await _sim.ClearJournalAsync();
            RunResult r = Run(script, v: new string('x', 10_000));

            ErrorRecord error = r.Error;
            Assert.NotNull(error);
            Assert.Equal("Ws1.ValueTooLong", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.StartsWith($"{parameter} is ", error.Exception.Message);
            Assert.Contains("at most 255", error.Exception.Message);
            Assert.Empty(await SearchesAsync());
        }

        [Fact]
        public async Task A_value_of_exactly_the_limit_is_sent()
        {
            await _sim.ClearJournalAsync();
            RunResult r = Run("Get-Ws1User -UserName $v", v: new string('x', 255));

            Assert.Empty(r.AllErrors);
            Assert.Empty(r.Output);
            Assert.Contains("username=" + new string('x', 255), (string)Assert.Single(await SearchesAsync())["Query"]);
        }

        [Fact]
        public async Task The_simulator_answers_an_over_long_url_with_414_as_a_server_front_end_does()
        {
            await _sim.ClearJournalAsync();
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{_sim.Url}/API/system/users/search?username={new string('x', 3000)}");
            using HttpResponseMessage response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
            Assert.Equal(414, (int)Assert.Single(await _sim.JournalAsync())["Status"]);

            using var shorter = new HttpRequestMessage(HttpMethod.Get, $"{_sim.Url}/API/system/users/search?username={new string('x', 2000)}");
            using HttpResponseMessage unauthenticated = await http.SendAsync(shorter);
            Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode); // under the limit it reaches the API
        }
    }
}
