using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Resilience;
using WorkspaceOneUem.Simulator;

namespace WorkspaceOneUem.Tests
{
    /// <summary>A simulator on loopback for one test class, plus its control path (faults, journal).</summary>
    public sealed class TestSimulator : IAsyncDisposable
    {
        public const string AdminUser = "apiadmin";
        public const string AdminPassword = "Sim-Admin-Pass-1";
        public const string ReadOnlyUser = "readonly";
        public const string ReadOnlyPassword = "Sim-Read-Pass-1";

        private static readonly HttpClient Control = new HttpClient();

        private readonly SimulatorServer _server;

        private TestSimulator(SimulatorServer server)
        {
            _server = server;
        }

        public string Url => _server.Url;
        public string TenantCode => _server.Options.TenantCode;

        public static async Task<TestSimulator> StartAsync(int users = 200, int seed = 1, Action<SimulatorOptions> configure = null)
        {
            var options = new SimulatorOptions { Port = 0, Users = users, Seed = seed };
            configure?.Invoke(options);
            return new TestSimulator(await SimulatorServer.StartAsync(options));
        }

        public const string SecondTenantCode = "SIMTENANTCODE000002";
        public const string SecondOAuthClient = "sim-oauth-client-2";
        public const string OAuthClient = "sim-oauth-client";
        public const string OAuthSecret = "Sim-OAuth-Secret-1";

        /// <summary>
        /// Two tenants behind one host and port, as one SaaS API host serves many customers: the same admin
        /// accounts, told apart by their API keys (the second is <see cref="SecondTenantCode"/>) and OAuth clients.
        /// </summary>
        public static async Task<TestSimulator> StartTwoTenantsAsync(int firstUsers, int secondUsers)
        {
            var first = new SimulatorOptions { Port = 0, Users = firstUsers, Seed = 21 };
            var second = new SimulatorOptions
            {
                Users = secondUsers,
                Seed = 22,
                TenantCode = SecondTenantCode,
            };
            second.OAuthClients.Clear();
            second.OAuthClients.Add(new OAuthClientAccount { ClientId = SecondOAuthClient, ClientSecret = OAuthSecret, Role = "Full" });
            return new TestSimulator(await SimulatorServer.StartAsync(new[] { first, second }));
        }

        public Ws1ConnectionSettings BasicSettings(string user = AdminUser, string password = AdminPassword, string tenantCode = null) => new Ws1ConnectionSettings
        {
            ApiBaseUri = Ws1ServerAddress.Parse(Url),
            AuthType = Ws1AuthType.Basic,
            UserName = user,
            Password = Secure(password),
            ApiKey = Secure(tenantCode ?? TenantCode),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            RequestsPerMinute = 100000,
        };

        /// <summary>Certificate authentication with <paramref name="certificate"/> (which must carry its private key).</summary>
        public Ws1ConnectionSettings CertificateSettings(X509Certificate2 certificate, string tenantCode = null) => new Ws1ConnectionSettings
        {
            ApiBaseUri = Ws1ServerAddress.Parse(Url),
            AuthType = Ws1AuthType.Certificate,
            Certificate = certificate,
            ApiKey = Secure(tenantCode ?? TenantCode),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            RequestsPerMinute = 100000,
        };

        /// <summary>
        /// Makes <paramref name="certificate"/> (its public part only) the API certificate of an admin of the tenant with
        /// <paramref name="tenantCode"/> (the first by default), through the control path as a Pester test would.
        /// </summary>
        public Task TrustCertificateAsync(X509Certificate2 certificate, string userName = "certadmin", string role = "Full", string tenantCode = null) =>
            ControlAsync(HttpMethod.Post, tenantCode == null ? "admins" : $"admins?tenant={tenantCode}",
                new { UserName = userName, Role = role, Certificate = Convert.ToBase64String(certificate.RawData) });

        public Task<Ws1Session> ConnectAsync(string accountName = "sim", Ws1ConnectionSettings settings = null) =>
            Ws1Session.OpenAsync(accountName, settings ?? BasicSettings(), Ws1Resilience.Policy, CancellationToken.None);

        public static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (char c in text)
                s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }

        public async Task<JToken> ControlAsync(HttpMethod method, string path, object body = null)
        {
            using var request = new HttpRequestMessage(method, $"{Url}/_sim/{path}");
            if (body != null)
                request.Content = new StringContent(JsonConvert.SerializeObject(body), Encoding.UTF8, "application/json");
            using HttpResponseMessage response = await Control.SendAsync(request);
            string text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"Simulator control {method} {path} failed: {(int)response.StatusCode} {text}");
            return string.IsNullOrWhiteSpace(text) ? null : JToken.Parse(text);
        }

        public Task AddFaultAsync(object rule) => ControlAsync(HttpMethod.Post, "faults", rule);

        public Task ClearJournalAsync() => ControlAsync(HttpMethod.Delete, "journal");

        public async Task<IReadOnlyList<JObject>> JournalAsync()
        {
            JToken entries = await ControlAsync(HttpMethod.Get, "journal");
            return entries is JArray array ? array.Cast<JObject>().ToList() : new List<JObject>();
        }

        /// <summary>
        /// Reads the journal until <paramref name="done"/> holds, and returns it; fails the test after a generous deadline.
        /// How a test waits for a call to reach the server, or to end there.
        /// </summary>
        public async Task<IReadOnlyList<JObject>> WaitForJournalAsync(Func<IReadOnlyList<JObject>, bool> done, string what)
        {
            DateTime deadline = DateTime.UtcNow + Waiting.Deadline;
            while (true)
            {
                IReadOnlyList<JObject> journal = await JournalAsync();
                if (done(journal))
                    return journal;
                if (DateTime.UtcNow > deadline)
                    Xunit.Assert.Fail($"The simulator's journal did not show {what} within {Waiting.Deadline.TotalSeconds} s.");
                await Task.Delay(20);
            }
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}
