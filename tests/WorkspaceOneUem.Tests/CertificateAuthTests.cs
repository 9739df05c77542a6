using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Http;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>
    /// Certificate (CMS) authentication: the signature the client makes, the simulator's check of it over raw HTTP, and
    /// Connect-Ws1Uem -Certificate / -CertificatePath in a real runspace, with its refusals before anything is sent.
    /// Every certificate is made here, at run time.
    /// </summary>
    public sealed class CertificateAuthTests : IAsyncLifetime
    {
        private const int Users = 40;
        private const string PfxPassword = "Pfx-Secret-Typed-7";

        private static readonly HttpClient Http = new HttpClient();

        private TestSimulator _sim;
        private ModuleRunspace _ps;
        private X509Certificate2 _admin;

        public async Task InitializeAsync()
        {
            // Pages of 15: listing 40 users takes three signed requests.
            _sim = await TestSimulator.StartAsync(users: Users, seed: 61, configure: o => o.PageCap = 15);
            _admin = TestCertificates.Create("certadmin");
            await _sim.TrustCertificateAsync(_admin);
            _ps = new ModuleRunspace();
        }

        public async Task DisposeAsync()
        {
            _ps.Dispose();
            await _sim.DisposeAsync();
        }

        private static string Id(ErrorRecord error) => error.FullyQualifiedErrorId.Split(',')[0];

        private RunResult ConnectWith(X509Certificate2 certificate, string name, string options = "") =>
            _ps.Run("param($Server, $Cert, $Key, $Name) Connect-Ws1Uem -Server $Server -Certificate $Cert -ApiKey $Key -AccountName $Name -RequestsPerMinute 100000 " + options,
                new Hashtable { ["Server"] = _sim.Url, ["Cert"] = certificate, ["Key"] = _sim.TenantCode, ["Name"] = name });

        private RunResult ConnectWithFile(string path, string password, string name, string server = null) =>
            _ps.Run("param($Server, $Path, $Password, $Key, $Name) " +
                    "$a = @{ Server = $Server; CertificatePath = $Path; ApiKey = $Key; AccountName = $Name; Verbose = $true }; " +
                    "if ($Password) { $a.CertificatePassword = ConvertTo-SecureString $Password -AsPlainText -Force }; Connect-Ws1Uem @a",
                new Hashtable { ["Server"] = server ?? _sim.Url, ["Path"] = path, ["Password"] = password, ["Key"] = _sim.TenantCode, ["Name"] = name });

        private int UserCount(string account) =>
            (int)_ps.Run($"(Get-Ws1User -AccountName '{account}' | Measure-Object).Count").Output.Single().BaseObject;

        /// <summary>A raw call to the simulator with the given Authorization value, as no client of ours would send it.</summary>
        private async Task<(HttpStatusCode Status, JObject Body)> RawCallAsync(string path, string authorization, string tenantCode = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _sim.Url + path);
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            request.Headers.Add("aw-tenant-code", tenantCode ?? _sim.TenantCode);
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;version=1"));
            using HttpResponseMessage response = await Http.SendAsync(request);
            string text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? null : JObject.Parse(text));
        }

        private static string Signed(X509Certificate2 certificate, string path) =>
            CmsUrlSignature.Scheme + " " + CmsUrlSignature.Sign(certificate, path, DateTimeOffset.UtcNow);

        // ---- the signature ---------------------------------------------------------------------------------------

        [Fact]
        public void The_signature_is_detached_SHA256_over_the_path_with_the_end_certificate_and_a_signing_time()
        {
            var at = new DateTimeOffset(2026, 3, 2, 10, 15, 30, TimeSpan.Zero);

            string value = CmsUrlSignature.Sign(_admin, "/API/system/users/search", at);

            var cms = new SignedCms(new ContentInfo(Encoding.UTF8.GetBytes("/API/system/users/search")), detached: true);
            cms.Decode(Convert.FromBase64String(value));
            cms.CheckSignature(verifySignatureOnly: true);
            Assert.True(cms.Detached);
            SignerInfo signer = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
            Assert.Equal("2.16.840.1.101.3.4.2.1", signer.DigestAlgorithm.Value);
            Assert.Equal(_admin.Thumbprint, Assert.Single(cms.Certificates.Cast<X509Certificate2>()).Thumbprint);
            var signingTime = (Pkcs9SigningTime)signer.SignedAttributes.Cast<CryptographicAttributeObject>()
                .Single(a => a.Oid.Value == "1.2.840.113549.1.9.5").Values[0];
            Assert.Equal(at.UtcDateTime, signingTime.SigningTime.ToUniversalTime());
        }

        [Fact]
        public void A_signature_of_one_path_does_not_verify_for_another()
        {
            string value = CmsUrlSignature.Sign(_admin, "/API/system/info", DateTimeOffset.UtcNow);

            var tampered = new SignedCms(new ContentInfo(Encoding.UTF8.GetBytes("/API/system/users/search")), detached: true);
            tampered.Decode(Convert.FromBase64String(value));
            Assert.ThrowsAny<CryptographicException>(() => tampered.CheckSignature(verifySignatureOnly: true));
        }

        // ---- the simulator's check, over raw HTTP ----------------------------------------------------------------

        [Fact]
        public async Task The_simulator_accepts_a_signature_of_the_path_and_refuses_one_of_another_path()
        {
            var ok = await RawCallAsync("/API/system/info", Signed(_admin, "/API/system/info"));
            var otherPath = await RawCallAsync("/API/system/info", Signed(_admin, "/API/system/users/search"));
            var withQuery = await RawCallAsync("/API/system/info?x=1", Signed(_admin, "/API/system/info?x=1"));
            var garbage = await RawCallAsync("/API/system/info", CmsUrlSignature.Scheme + " bm90IGEgc2lnbmF0dXJl");

            Assert.Equal(HttpStatusCode.OK, ok.Status);
            foreach (var refused in new[] { otherPath, withQuery, garbage })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
                Assert.Equal(1005, (int)refused.Body["errorCode"]);
                Assert.Contains("signature is not valid", (string)refused.Body["message"]);
                Assert.NotNull(refused.Body["activityId"]);
            }
        }

        [Fact]
        public async Task The_simulator_refuses_an_unknown_an_expired_certificate_and_a_wrong_tenant_code()
        {
            X509Certificate2 stranger = TestCertificates.Create("certadmin");
            X509Certificate2 expired = TestCertificates.Expired("old-certadmin");
            await _sim.TrustCertificateAsync(expired, userName: "oldcertadmin");

            var unknown = await RawCallAsync("/API/system/info", Signed(stranger, "/API/system/info"));
            var lapsed = await RawCallAsync("/API/system/info", Signed(expired, "/API/system/info"));
            var wrongTenant = await RawCallAsync("/API/system/info", Signed(_admin, "/API/system/info"), tenantCode: "NOT-THIS-TENANT");

            Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
            Assert.Contains("not the API certificate of any admin", (string)unknown.Body["message"]);
            Assert.Equal(HttpStatusCode.Unauthorized, lapsed.Status);
            Assert.Contains("expired or is not yet valid", (string)lapsed.Body["message"]);
            Assert.Equal(HttpStatusCode.Unauthorized, wrongTenant.Status);
            Assert.Contains("tenant code", (string)wrongTenant.Body["message"]);
            Assert.All(new[] { unknown, lapsed, wrongTenant }, r => Assert.Equal(1005, (int)r.Body["errorCode"]));
        }

        // ---- Connect-Ws1Uem --------------------------------------------------------------------------------------

        [Fact]
        public async Task Connect_with_a_certificate_lists_users_page_by_page_and_signs_every_request()
        {
            await _sim.ClearJournalAsync();

            RunResult connected = ConnectWith(_admin, "Cert", "-Verbose");

            Assert.Empty(connected.AllErrors);
            PSObject connection = Assert.Single(connected.Output);
            Assert.Equal(Ws1AuthType.Certificate, connection.Properties["AuthType"].Value);
            Assert.Equal("certadmin", connection.Properties["UserName"].Value);
            Assert.Equal(_admin.Thumbprint, connection.Properties["CertificateThumbprint"].Value);
            Assert.Contains(connected.Verbose, v => v.Contains(_admin.Thumbprint) && v.Contains("Signing every request"));
            Assert.Equal(Users, UserCount("Cert"));
            IReadOnlyList<JObject> journal = await _sim.JournalAsync();
            Assert.True(journal.Count(e => ((string)e["Path"]).EndsWith("users/search")) >= 3, "three pages at least");
            Assert.All(journal, e =>
            {
                Assert.Equal("CMSURL`1 ***", (string)e["Headers"]["Authorization"]);
                Assert.Equal(200, (int)e["Status"]);
            });
            _ps.Run("Disconnect-Ws1Uem -AccountName Cert");
        }

        [Fact]
        public async Task Connect_with_a_pfx_file_and_its_password_works_and_the_password_appears_nowhere()
        {
            string pfx = TestCertificates.WritePfx(_admin, PfxPassword);
            try
            {
                RunResult connected = ConnectWithFile(pfx, PfxPassword, "CertFile");
                RunResult wrong = ConnectWithFile(pfx, "Not-" + PfxPassword, "CertWrong");
                RunResult none = ConnectWithFile(pfx, null, "CertNone");

                Assert.Empty(connected.AllErrors);
                Assert.Equal(Users, UserCount("CertFile"));
                Assert.Equal("Ws1.CertificatePasswordInvalid", Id(wrong.Error));
                Assert.Equal(ErrorCategory.AuthenticationError, wrong.Error.CategoryInfo.Category);
                Assert.Contains("-CertificatePassword", wrong.Error.Exception.Message);
                Assert.Equal("Ws1.CertificatePasswordInvalid", Id(none.Error));
                Assert.Contains("without a password", none.Error.Exception.Message);
                foreach (RunResult r in new[] { connected, wrong, none })
                    Assert.DoesNotContain(PfxPassword, r.AllText());
                Assert.DoesNotContain(PfxPassword, JArray.FromObject(await _sim.JournalAsync()).ToString());
            }
            finally
            {
                File.Delete(pfx);
                _ps.Run("Disconnect-Ws1Uem -All");
            }
        }

        [Fact]
        public async Task A_missing_file_a_public_certificate_and_a_file_that_is_no_certificate_are_refused_before_sending()
        {
            string cer = Path.Combine(Path.GetTempPath(), $"ws1-cert-{Guid.NewGuid():n}.cer");
            string text = Path.Combine(Path.GetTempPath(), $"ws1-cert-{Guid.NewGuid():n}.pfx");
            File.WriteAllBytes(cer, _admin.Export(X509ContentType.Cert));
            File.WriteAllText(text, "not a certificate");
            try
            {
                await _sim.ClearJournalAsync();
                RunResult missing = ConnectWithFile(Path.Combine(Path.GetTempPath(), "no-such-admin.p12"), PfxPassword, "Missing");
                RunResult publicOnly = ConnectWithFile(cer, null, "Public");
                RunResult notCertificate = ConnectWithFile(text, PfxPassword, "Text");

                Assert.Equal("Ws1.CertificateFileNotFound", Id(missing.Error));
                Assert.Equal(ErrorCategory.ObjectNotFound, missing.Error.CategoryInfo.Category);
                Assert.Contains("no-such-admin.p12", missing.Error.Exception.Message);
                Assert.Equal("Ws1.CertificateNoPrivateKey", Id(publicOnly.Error));
                Assert.Contains("private key", publicOnly.Error.Exception.Message);
                Assert.Equal("Ws1.CertificateUnreadable", Id(notCertificate.Error));
                Assert.Contains("PKCS#12", notCertificate.Error.Exception.Message);
                Assert.Empty(await _sim.JournalAsync());
            }
            finally
            {
                File.Delete(cer);
                File.Delete(text);
            }
        }

        [Fact]
        public async Task A_certificate_without_its_key_an_expired_one_and_one_not_valid_yet_are_refused_before_sending()
        {
            X509Certificate2 expired = TestCertificates.Expired("certadmin");
            await _sim.TrustCertificateAsync(expired, userName: "expiredadmin");
            await _sim.ClearJournalAsync();

            RunResult noKey = ConnectWith(TestCertificates.PublicOnly(_admin), "NoKey");
            RunResult lapsed = ConnectWith(expired, "Expired");
            RunResult early = ConnectWith(TestCertificates.NotYetValid("certadmin"), "Early");

            Assert.Equal("Ws1.CertificateNoPrivateKey", Id(noKey.Error));
            Assert.Equal(ErrorCategory.InvalidArgument, noKey.Error.CategoryInfo.Category);
            Assert.Equal("Ws1.CertificateExpired", Id(lapsed.Error));
            Assert.Contains("expired on", lapsed.Error.Exception.Message);
            Assert.Contains(expired.Thumbprint, lapsed.Error.Exception.Message);
            Assert.Equal("Ws1.CertificateNotYetValid", Id(early.Error));
            Assert.Contains("clock", early.Error.Exception.Message);
            Assert.Empty(await _sim.JournalAsync());
            Assert.Empty(_ps.Run("Get-Ws1UemConnection").Output);
        }

        [Fact]
        public void A_certificate_the_tenant_does_not_know_is_refused_by_the_server_with_its_own_error()
        {
            RunResult r = ConnectWith(TestCertificates.Create("someone-else"), "Stranger");

            Assert.Equal("Ws1.CertificateRejected", Id(r.Error));
            Assert.Equal(ErrorCategory.AuthenticationError, r.Error.CategoryInfo.Category);
            Assert.Contains("API tab", r.Error.Exception.Message);
            Assert.Contains("not the API certificate of any admin", r.Error.Exception.Message);
        }

        [Fact]
        public async Task A_gateway_that_rewrites_the_path_makes_the_signature_fail_with_a_clear_error()
        {
            using var proxy = new LoopbackProxy { RewritePath = p => p.Replace("/API/", "/api/", StringComparison.Ordinal) };
            await _sim.ClearJournalAsync();

            RunResult r = ConnectWith(_admin, "Rewritten", $"-Proxy {proxy.Url}");

            Assert.Equal("Ws1.CertificateRejected", Id(r.Error));
            Assert.Contains("signature is not valid", r.Error.Exception.Message);
            Assert.Contains("rewrites the request's path", r.Error.Exception.Message);
            JObject call = Assert.Single(await _sim.JournalAsync());
            Assert.Equal("/api/system/info", (string)call["Path"]);
            Assert.Equal(401, (int)call["Status"]);
        }

        [Fact]
        public void Another_certificate_under_the_same_account_name_is_refused_naming_the_certificate()
        {
            X509Certificate2 second = TestCertificates.Create("certadmin");
            Assert.Empty(ConnectWith(_admin, "Named").AllErrors);

            RunResult same = ConnectWith(_admin, "Named");
            RunResult other = ConnectWith(second, "Named");
            RunResult basic = _ps.TryConnect(_sim.Url, _sim.TenantCode, "Named");

            Assert.Empty(same.AllErrors);
            Assert.Equal("Ws1.AccountNameInUse", Id(other.Error));
            Assert.Contains("the certificate", other.Error.Exception.Message);
            Assert.Contains(second.Thumbprint, other.Error.Exception.Message);
            Assert.Contains(_admin.Thumbprint, other.Error.Exception.Message);
            Assert.Equal("Ws1.AccountNameInUse", Id(basic.Error));
            Assert.Contains("the authentication (Basic instead of Certificate)", basic.Error.Exception.Message);
            Assert.Equal(_admin.Thumbprint, _ps.Run("(Get-Ws1UemConnection -AccountName Named).CertificateThumbprint").Output.Single().BaseObject);
            _ps.Run("Disconnect-Ws1Uem -All");
        }

        [Fact]
        public void The_identity_holds_the_thumbprint_and_tells_two_certificates_apart()
        {
            X509Certificate2 second = TestCertificates.Create("certadmin");
            Ws1AccountIdentity first = Ws1AccountIdentity.Of(_sim.CertificateSettings(_admin));

            Assert.Equal(Ws1AuthType.Certificate, first.AuthType);
            Assert.Equal(_admin.Thumbprint, first.CertificateThumbprint);
            Assert.Empty(first.DifferencesFrom(Ws1AccountIdentity.Of(_sim.CertificateSettings(_admin))));
            string difference = Assert.Single(first.DifferencesFrom(Ws1AccountIdentity.Of(_sim.CertificateSettings(second))));
            Assert.StartsWith("the certificate ('certadmin', thumbprint " + second.Thumbprint, difference);
        }

        // ---- every request signed: retries, pages, device actions, tenants ---------------------------------------

        [Fact]
        public async Task Retries_pages_and_device_actions_each_carry_a_signature_of_their_own_path()
        {
            Assert.Empty(ConnectWith(_admin, "Signed").AllErrors);
            await _sim.ClearJournalAsync();
            await _sim.AddFaultAsync(new { Kind = "Throttle429RetryAfter", Count = 2, Method = "GET", PathContains = "users/search", RetryAfter = "0" });

            RunResult listed = _ps.Run("(Get-Ws1User -AccountName Signed | Measure-Object).Count");
            RunResult synced = _ps.Run("Get-Ws1Device -AccountName Signed | Where-Object EnrollmentStatus -eq Enrolled | Select-Object -First 3 | Sync-Ws1Device -Confirm:$false");

            Assert.Empty(listed.AllErrors);
            Assert.Equal(Users, listed.Output.Single().BaseObject);
            Assert.Empty(synced.AllErrors);
            Assert.Equal(3, synced.Output.Count);
            IReadOnlyList<JObject> journal = await _sim.JournalAsync();
            Assert.Equal(2, journal.Count(e => (int)e["Status"] == 429));
            List<string> commands = journal.Where(e => (string)e["Method"] == "POST").Select(e => (string)e["Path"]).ToList();
            Assert.Equal(3, commands.Distinct().Count());
            Assert.DoesNotContain(journal, e => (int)e["Status"] == 401);
            Assert.All(journal, e => Assert.Equal("CMSURL`1 ***", (string)e["Headers"]["Authorization"]));
            _ps.Run("Disconnect-Ws1Uem -AccountName Signed");
        }

        [Fact]
        public async Task A_certificate_that_expires_while_the_session_is_open_is_refused_before_the_next_call_is_sent()
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            X509Certificate2 shortLived = TestCertificates.Create("certadmin", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
            await _sim.TrustCertificateAsync(shortLived, userName: "shortadmin");
            Ws1ConnectionSettings settings = _sim.CertificateSettings(shortLived);
            settings.TimeProvider = clock;
            using Ws1Session session = await _sim.ConnectAsync("short", settings);
            await _sim.ClearJournalAsync();

            clock.Advance(TimeSpan.FromDays(3));
            var ex = await Assert.ThrowsAsync<Ws1ApiException>(() => session.GetSystemInfoAsync(CancellationToken.None));

            Assert.Equal(Ws1ErrorKind.CertificateExpired, ex.Kind);
            Assert.Empty(await _sim.JournalAsync());
        }

        [Fact]
        public async Task Two_tenants_on_one_host_are_told_apart_by_the_API_key_as_with_Basic()
        {
            await using TestSimulator two = await TestSimulator.StartTwoTenantsAsync(25, 12);
            await two.TrustCertificateAsync(_admin, tenantCode: TestSimulator.SecondTenantCode);

            using Ws1Session second = await two.ConnectAsync("second", two.CertificateSettings(_admin, TestSimulator.SecondTenantCode));
            var refused = await Assert.ThrowsAsync<Ws1ApiException>(() => two.ConnectAsync("first", two.CertificateSettings(_admin)));

            Assert.Equal(12, second.Users.SearchAsync(null, CancellationToken.None).Sync().Count());
            Assert.Equal(Ws1ErrorKind.CertificateRejected, refused.Kind);
        }
    }
}
