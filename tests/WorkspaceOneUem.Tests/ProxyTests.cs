using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Http;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// Connect-Ws1Uem -Proxy over real HTTP: every call, the OAuth token request included, goes through a recording
    /// proxy on loopback (<see cref="LoopbackProxy"/>), plain requests and CONNECT tunnels alike; a proxy that wants
    /// credentials gives a clear error, answers to -ProxyCredential, and its password is never shown.
    /// </summary>
    public sealed class ProxyTests : IAsyncLifetime
    {
        private const int Users = 120;
        private const string ProxyUser = @"CORP\proxy.user";
        private const string ProxyPassword = "Proxy-Pass-Secret-7";
        private const string WrongProxyPassword = "Wrong-Proxy-Pass-3";

        private TestSimulator _sim;
        private ModuleRunspace _ps;

        public async Task InitializeAsync()
        {
            _sim = await TestSimulator.StartAsync(users: Users, seed: 31);
            _ps = new ModuleRunspace();
        }

        public async Task DisposeAsync()
        {
            _ps.Dispose();
            await _sim.DisposeAsync();
        }

        private string SimAuthority => new Uri(_sim.Url).Authority;

        /// <summary>Connect-Ws1Uem as an admin would type it; the proxy password arrives as a parameter, never in the script text.</summary>
        private RunResult Connect(string name, string proxy, string proxyUser = null, string proxyPassword = null, bool oauth = false,
            string server = null, string options = "") =>
            _ps.Run(
                "param($Server, $Key, $Name, $Proxy, $ProxyUser, $ProxyPassword, [switch]$OAuth) " +
                "$p = @{ Server = $Server; ApiKey = $Key; AccountName = $Name; RequestsPerMinute = 100000; Verbose = $true }; " +
                "if ($Proxy) { $p.Proxy = $Proxy }; " +
                "if ($OAuth) { $p.ClientId = 'sim-oauth-client'; $p.ClientSecret = 'Sim-OAuth-Secret-1'; $p.TokenUrl = \"$Server/connect/token\" } " +
                "else { $p.Credential = [pscredential]::new('apiadmin', (ConvertTo-SecureString 'Sim-Admin-Pass-1' -AsPlainText -Force)) }; " +
                "if ($ProxyUser) { $p.ProxyCredential = [pscredential]::new($ProxyUser, (ConvertTo-SecureString $ProxyPassword -AsPlainText -Force)) }; " +
                "Connect-Ws1Uem @p " + options,
                new Hashtable
                {
                    ["Server"] = server ?? _sim.Url, ["Key"] = _sim.TenantCode, ["Name"] = name, ["Proxy"] = proxy,
                    ["ProxyUser"] = proxyUser, ["ProxyPassword"] = proxyPassword, ["OAuth"] = oauth,
                });

        private int UserCount(string account) =>
            (int)_ps.Run($"(Get-Ws1User -AccountName '{account}' | Measure-Object).Count").Output.Single().BaseObject;

        private PSObject Connection(string account) => Assert.Single(_ps.Run($"Get-Ws1UemConnection -AccountName '{account}'").Output);

        private static string ErrorId(RunResult r) => r.Error?.FullyQualifiedErrorId.Split(',')[0];

        [Fact]
        public async Task Plain_http_calls_go_through_the_named_proxy_and_only_through_it()
        {
            using var proxy = new LoopbackProxy();
            await _sim.ClearJournalAsync();

            RunResult connect = Connect("Proxied", proxy.Url);

            Assert.Empty(connect.AllErrors);
            Assert.Contains(connect.Verbose, v => v.Contains($"through the proxy {new Uri(proxy.Url).Authority}"));
            Assert.Equal(Users, UserCount("Proxied"));
            Assert.Contains(proxy.Admitted, r => r.Method == "GET" && r.Target == $"http://{SimAuthority}/API/system/info");
            Assert.Contains(proxy.Admitted, r => r.Method == "GET" && r.Target.StartsWith($"http://{SimAuthority}/API/system/users/search", StringComparison.Ordinal));
            // Everything the simulator received came through the proxy: loopback is not bypassed.
            IReadOnlyList<string> received = (await _sim.JournalAsync()).Select(e => (string)e["Path"]).ToList();
            Assert.Contains(received, p => p.EndsWith("/system/info", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(received, p => p.EndsWith("/system/users/search", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(received.Count, proxy.Log.Count);
            Assert.All(received, p => Assert.Contains(proxy.Log, r => new Uri(r.Target).AbsolutePath.Equals(p, StringComparison.OrdinalIgnoreCase)));

            PSObject connection = Connection("Proxied");
            Assert.Equal(new Uri(proxy.Url), (Uri)connection.Properties["Proxy"].Value);
            Assert.Null(connection.Properties["ProxyUserName"].Value);
            Assert.False((bool)connection.Properties["ProxyUseDefaultCredentials"].Value);
        }

        [Fact]
        public void Without_Proxy_the_connection_shows_none_and_the_proxy_sees_nothing()
        {
            using var proxy = new LoopbackProxy();

            RunResult connect = Connect("Direct", proxy: null);

            Assert.Empty(connect.AllErrors);
            Assert.Contains(connect.Verbose, v => v.Contains("through the system proxy if one is set"));
            Assert.Null(Connection("Direct").Properties["Proxy"].Value);
            Assert.Empty(proxy.Log);
        }

        [Fact]
        public void The_OAuth_token_request_goes_through_the_proxy_too()
        {
            using var proxy = new LoopbackProxy();

            Assert.Empty(Connect("ProxiedOAuth", proxy.Url, oauth: true).AllErrors);

            Assert.Equal(Users, UserCount("ProxiedOAuth"));
            Assert.Contains(proxy.Admitted, r => r.Method == "POST" && r.Target == $"http://{SimAuthority}/connect/token");
            Assert.Contains(proxy.Admitted, r => r.Target == $"http://{SimAuthority}/API/system/info");
        }

        [Fact]
        public async Task A_proxy_that_wants_credentials_is_named_with_what_to_do()
        {
            using var proxy = new LoopbackProxy(ProxyUser, ProxyPassword);
            await _sim.ClearJournalAsync();

            RunResult refused = Connect("NoProxyCred", proxy.Url);

            Assert.Equal("Ws1.ProxyAuthenticationRequired", ErrorId(refused));
            Assert.Equal(ErrorCategory.AuthenticationError, refused.Error.CategoryInfo.Category);
            var ex = Assert.IsType<Ws1ApiException>(refused.Error.Exception);
            Assert.Equal(Ws1ErrorKind.ProxyAuthenticationRequired, ex.Kind);
            Assert.Equal(407, ex.StatusCode);
            Assert.Contains($"The proxy {proxy.Url} asked for credentials (407 Proxy Authentication Required)", ex.Message);
            Assert.Contains("-ProxyCredential", ex.Message);
            Assert.Contains("-ProxyUseDefaultCredentials", ex.Message);
            // Refused at the proxy, once: not retried, never forwarded.
            ProxiedRequest only = Assert.Single(proxy.Log);
            Assert.False(only.Admitted);
            Assert.Null(only.ProxyAuthorization);
            Assert.Empty(await _sim.JournalAsync());
            Assert.Empty(_ps.Run("Get-Ws1UemConnection -AccountName NoProxyCred -ErrorAction SilentlyContinue").Output);
        }

        [Fact]
        public void ProxyCredential_answers_the_challenge_and_the_connection_shows_only_the_user_name()
        {
            using var proxy = new LoopbackProxy(ProxyUser, ProxyPassword);

            RunResult connect = Connect("WithProxyCred", proxy.Url, ProxyUser, ProxyPassword);

            Assert.Empty(connect.AllErrors);
            Assert.Equal(Users, UserCount("WithProxyCred"));
            // The challenge was answered with exactly these credentials, domain and all, on every forwarded call.
            Assert.NotEmpty(proxy.Admitted);
            Assert.All(proxy.Admitted, r => Assert.Equal(LoopbackProxy.BasicHeader(ProxyUser, ProxyPassword), r.ProxyAuthorization));
            Assert.Contains(proxy.Admitted, r => r.Target.Contains("/API/system/users/search", StringComparison.Ordinal));
            PSObject connection = Connection("WithProxyCred");
            Assert.Equal(ProxyUser, connection.Properties["ProxyUserName"].Value);
            Assert.Contains(connect.Verbose, v => v.Contains($"as '{ProxyUser}'"));
        }

        [Fact]
        public void A_wrong_proxy_password_names_the_account_that_was_refused()
        {
            using var proxy = new LoopbackProxy(ProxyUser, ProxyPassword);

            RunResult refused = Connect("WrongProxyCred", proxy.Url, ProxyUser, WrongProxyPassword);

            Assert.Equal("Ws1.ProxyAuthenticationRequired", ErrorId(refused));
            Assert.Contains($"refused the credentials of '{ProxyUser}' (-ProxyCredential)", refused.Error.Exception.Message);
            Assert.Empty(proxy.Admitted);
            Assert.Contains(proxy.Refused, r => r.ProxyAuthorization == LoopbackProxy.BasicHeader(ProxyUser, WrongProxyPassword));
        }

        [Fact]
        public void A_proxy_that_refuses_the_token_request_is_named_too()
        {
            using var proxy = new LoopbackProxy(ProxyUser, ProxyPassword);

            RunResult refused = Connect("OAuthNoProxyCred", proxy.Url, oauth: true);

            Assert.Equal("Ws1.ProxyAuthenticationRequired", ErrorId(refused));
            Assert.Contains("request an OAuth token for client 'sim-oauth-client'", refused.Error.Exception.Message);
            Assert.Contains("-ProxyCredential", refused.Error.Exception.Message);
            Assert.Equal($"http://{SimAuthority}/connect/token", Assert.Single(proxy.Log).Target);

            Assert.Empty(Connect("OAuthProxyCred", proxy.Url, ProxyUser, ProxyPassword, oauth: true).AllErrors);
            Assert.Contains(proxy.Admitted, r => r.Target.EndsWith("/connect/token", StringComparison.Ordinal));
        }

        [Fact]
        public void Https_goes_through_a_CONNECT_tunnel_and_its_407_is_named_the_same_way()
        {
            using X509Certificate2 certificate = HostileServerTests.SelfSigned("127.0.0.1", expired: false);
            using var server = new HostileServer(_ => null, certificate);
            string authority = new Uri(server.Url).Authority;
            using var open = new LoopbackProxy();
            using var guarded = new LoopbackProxy(ProxyUser, ProxyPassword);

            RunResult tunnelled = Connect("Tunnel", open.Url, server: server.Url, options: "-SkipCertificateCheck -WarningAction SilentlyContinue");
            Assert.Empty(tunnelled.AllErrors);
            Assert.Contains(open.Admitted, r => r.Method == "CONNECT" && r.Target == authority);
            Assert.DoesNotContain(open.Log, r => r.Method != "CONNECT");
            Assert.Contains(server.Requests, r => r == "GET /API/system/info");

            RunResult refused = Connect("TunnelNoCred", guarded.Url, server: server.Url, options: "-SkipCertificateCheck -WarningAction SilentlyContinue");
            Assert.Equal("Ws1.ProxyAuthenticationRequired", ErrorId(refused));
            Assert.Contains($"The proxy {guarded.Url} asked for credentials", refused.Error.Exception.Message);
            Assert.Contains(guarded.Refused, r => r.Method == "CONNECT" && r.Target == authority);

            RunResult admitted = Connect("TunnelCred", guarded.Url, ProxyUser, ProxyPassword, server: server.Url, options: "-SkipCertificateCheck -WarningAction SilentlyContinue");
            Assert.Empty(admitted.AllErrors);
            Assert.Contains(guarded.Admitted, r => r.Method == "CONNECT" && r.ProxyAuthorization == LoopbackProxy.BasicHeader(ProxyUser, ProxyPassword));
        }

        [Fact]
        public void The_proxy_password_never_appears_in_any_stream_object_or_error()
        {
            using var proxy = new LoopbackProxy(ProxyUser, ProxyPassword);
            var secrets = new[]
            {
                ProxyPassword, WrongProxyPassword,
                LoopbackProxy.BasicHeader(ProxyUser, ProxyPassword).Substring("Basic ".Length),
                LoopbackProxy.BasicHeader(ProxyUser, WrongProxyPassword).Substring("Basic ".Length),
            };

            var texts = new List<string>
            {
                Connect("Scan", proxy.Url, ProxyUser, ProxyPassword, options: "-Debug").AllText(),
                Connect("ScanWrong", proxy.Url, ProxyUser, WrongProxyPassword).AllText(),
                Connect("ScanWhatIf", proxy.Url, ProxyUser, ProxyPassword, options: "-WhatIf").AllText(),
                Connect("ScanOAuth", proxy.Url, ProxyUser, WrongProxyPassword, oauth: true).AllText(),
            };
            RunResult everything = _ps.Run(
                "& { Get-Ws1User -AccountName Scan -Verbose | Select-Object -First 3; Test-Ws1UemConnection -AccountName Scan | Format-List * | Out-String; " +
                "Get-Ws1UemConnection | Format-List * | Out-String -Width 400; Get-Ws1UemConnection | ConvertTo-Json -Depth 6; " +
                "$Error | Format-List * -Force | Out-String -Width 400; $Error | ForEach-Object { $_.Exception.ToString() } } *>&1 | Out-String -Width 400");
            texts.Add(everything.AllText());

            Assert.Contains(ProxyUser, texts.Last()); // the scan saw the connection, user name and all
            Assert.Contains("Ws1.ProxyAuthenticationRequired", texts.Last());
            foreach (string secret in secrets)
                Assert.All(texts, text => Assert.DoesNotContain(secret, text));
        }

        [Theory]
        [InlineData("corp-proxy", "is not an absolute URL", "http://corp-proxy")]
        [InlineData("ftp://127.0.0.1:21", "uses the scheme 'ftp'", "http://")]
        [InlineData("http://127.0.0.1:3128/path", "has a path or query", "http://127.0.0.1:3128")]
        [InlineData("http://someone:Inline-Proxy-Secret@127.0.0.1:3128", "-ProxyCredential", "127.0.0.1:3128")]
        public void An_invalid_Proxy_is_refused_before_anything_is_sent(string given, string says, string suggests)
        {
            using var proxy = new LoopbackProxy();
            RunResult r = Connect("BadProxy", given);

            Assert.Equal("Ws1.InvalidProxy", ErrorId(r));
            Assert.Equal(ErrorCategory.InvalidArgument, r.Error.CategoryInfo.Category);
            Assert.Contains(says, r.Error.Exception.Message);
            Assert.Contains(suggests, r.Error.Exception.Message);
            Assert.DoesNotContain("Inline-Proxy-Secret", r.AllText() + r.Error.CategoryInfo);
        }

        [Fact]
        public void Proxy_credentials_follow_Invoke_RestMethod_rules()
        {
            RunResult credentialOnly = Connect("NoProxyUri", null, ProxyUser, ProxyPassword);
            Assert.Equal("Ws1.ProxyUriNotSupplied", ErrorId(credentialOnly));
            Assert.Equal(ErrorCategory.InvalidArgument, credentialOnly.Error.CategoryInfo.Category);
            Assert.Contains("-ProxyCredential needs -Proxy", credentialOnly.Error.Exception.Message);

            RunResult defaultOnly = Connect("NoProxyUri", null, options: "-ProxyUseDefaultCredentials");
            Assert.Equal("Ws1.ProxyUriNotSupplied", ErrorId(defaultOnly));
            Assert.Contains("-ProxyUseDefaultCredentials needs -Proxy", defaultOnly.Error.Exception.Message);

            using var proxy = new LoopbackProxy();
            RunResult both = Connect("BothProxyCreds", proxy.Url, ProxyUser, ProxyPassword, options: "-ProxyUseDefaultCredentials");
            Assert.Equal("Ws1.ProxyCredentialConflict", ErrorId(both));
            Assert.Contains("cannot be used together", both.Error.Exception.Message);
            Assert.Empty(proxy.Log);

            // As with Invoke-RestMethod, an explicit -ProxyUseDefaultCredentials:$false is no conflict.
            Assert.Empty(Connect("FalseSwitch", proxy.Url, ProxyUser, ProxyPassword, options: "-ProxyUseDefaultCredentials:$false").AllErrors);
        }

        [Fact]
        public void A_proxy_does_not_change_which_tenant_an_account_name_reaches()
        {
            using var proxy = new LoopbackProxy();
            Assert.Empty(Connect("SameTenant", proxy: null).AllErrors);

            // Same server, admin and key through a proxy: a refresh of the name, not another tenant, so no -Force.
            RunResult again = Connect("SameTenant", proxy.Url);

            Assert.Empty(again.AllErrors);
            Assert.Equal(new Uri(proxy.Url), (Uri)Connection("SameTenant").Properties["Proxy"].Value);
            Assert.Contains(proxy.Log, r => r.Target.EndsWith("/API/system/info", StringComparison.Ordinal));

            Ws1ConnectionSettings direct = _sim.BasicSettings();
            Ws1ConnectionSettings proxied = _sim.BasicSettings();
            proxied.Proxy = new Uri(proxy.Url);
            proxied.ProxyUserName = ProxyUser;
            proxied.ProxyPassword = TestSimulator.Secure(ProxyPassword);
            Assert.Empty(Ws1AccountIdentity.Of(direct).DifferencesFrom(Ws1AccountIdentity.Of(proxied)));
        }
        [Fact]
        public async Task Without_Proxy_the_system_proxy_is_used_and_its_407_says_how_to_name_it()
        {
            using var proxy = new LoopbackProxy(ProxyUser, ProxyPassword);
            // The system proxy is read once per process, so only a process of its own can be given one.
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = RepositoryRoot(),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command",
                "Import-Module $env:WS1_TEST_MANIFEST; " +
                "try { Connect-Ws1Uem -Server $env:WS1_TEST_SERVER -ApiKey $env:WS1_TEST_KEY -Credential ([pscredential]::new('apiadmin', (ConvertTo-SecureString 'Sim-Admin-Pass-1' -AsPlainText -Force))) -ErrorAction Stop | Out-Null; 'CONNECTED' } " +
                "catch { 'ID=' + $_.FullyQualifiedErrorId; 'MESSAGE=' + $_.Exception.Message }" })
                start.ArgumentList.Add(arg);
            foreach (string name in new[] { "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY" })
                start.Environment.Remove(name);
            start.Environment["HTTP_PROXY"] = proxy.Url;
            start.Environment["WS1_TEST_MANIFEST"] = ModuleRunspace.ManifestPath;
            start.Environment["WS1_TEST_SERVER"] = _sim.Url;
            start.Environment["WS1_TEST_KEY"] = _sim.TenantCode;

            using Process child = Process.Start(start);
            Task<string> error = child.StandardError.ReadToEndAsync();
            string output = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();

            Assert.True(output.Contains("ID=Ws1.ProxyAuthenticationRequired", StringComparison.Ordinal), output + await error);
            Assert.Contains($"The system proxy {proxy.Url} asked for credentials", output);
            Assert.Contains($"-Proxy {proxy.Url} and -ProxyCredential", output);
            Assert.Contains(proxy.Refused, r => r.Target == $"http://{SimAuthority}/API/system/info");
        }

        [Theory]
        [InlineData(HttpRequestError.ProxyTunnelError, "407", true)]
        [InlineData(HttpRequestError.ProxyTunnelError, "403", false)]
        [InlineData(HttpRequestError.ConnectionError, "407", false)]
        public void A_refused_tunnel_is_recognised_by_its_text_where_the_runtime_gives_no_status(HttpRequestError kind, string status, bool refused)
        {
            // .NET 8 (PowerShell 7.4) reports a refused CONNECT like this, without StatusCode; later runtimes set it too.
            var ex = new HttpRequestException(kind, $"The proxy tunnel request to proxy 'http://127.0.0.1:3128/' failed with status code '{status}'.");
            Assert.Equal(refused, Proxies.IsTunnelRefusal(ex));
        }

        private static string RepositoryRoot()
        {
            string dir = AppContext.BaseDirectory;
            while (dir != null && !File.Exists(Path.Combine(dir, "WorkspaceOneUem.sln")))
                dir = Path.GetDirectoryName(dir);
            return dir ?? throw new InvalidOperationException("The tests run outside the repository.");
        }
    }
}
