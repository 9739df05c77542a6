using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using WorkspaceOneUem.Client.Http;
using WorkspaceOneUem.Client.Json;

namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// One connection to one tenant under an account name: its HTTP client, retry and pacing pipeline and
    /// credentials. Holds no PowerShell state; the module keeps a registry of these by account name.
    /// </summary>
    public sealed class Ws1Session : IDisposable
    {
        private readonly Ws1Transport _transport;

        private Ws1Session(string accountName, Ws1ConnectionSettings settings, Ws1RequestPolicy policy)
        {
            AccountName = accountName;
            Settings = settings;
            Identity = Ws1AccountIdentity.Of(settings);
            ApiBaseUri = settings.ApiBaseUri ?? throw new ArgumentException("The settings have no ApiBaseUri.", nameof(settings));
            _transport = new Ws1Transport(settings, policy);
            Users = new UserApi(this, _transport);
            Devices = new DeviceApi(this, _transport);
            Apps = new AppApi(this, _transport);
            Groups = new GroupApi(this, _transport);
            UserGroups = new UserGroupApi(this, _transport);
            SmartGroups = new SmartGroupApi(this, _transport);
            WipeProtection = new WipeProtectionApi(this, _transport);
            Raw = new RawApi(this, _transport);
        }

        public string AccountName { get; }

        internal Ws1ConnectionSettings Settings { get; }

        internal Ws1Transport Transport => _transport;

        public Uri ApiBaseUri { get; }
        /// <summary>Host, and port when it is not the scheme's default (two test servers on one host stay apart).</summary>
        public string Server => ApiBaseUri.Authority;
        public Ws1AuthType AuthType => Settings.AuthType;
        /// <summary>The admin user name, the OAuth client id, or the name the admin certificate is issued to.</summary>
        public string? Principal => Settings.Principal;
        /// <summary>Server, authentication, principal and tenant: what an account name stays bound to.</summary>
        public Ws1AccountIdentity Identity { get; }
        public int MaxRetryCount => Settings.MaxRetryCount;
        public TimeSpan RequestTimeout => Settings.RequestTimeout;
        public int RequestsPerMinute => Settings.RequestsPerMinute;
        public int PageConcurrency => Settings.PageConcurrency;
        public bool SkipCertificateCheck => Settings.SkipCertificateCheck;
        /// <summary>The proxy named at connect time; null when the system proxy is used.</summary>
        public Uri? Proxy => Settings.Proxy;
        public string? ProxyUserName => Settings.ProxyUserName;
        public bool ProxyUseDefaultCredentials => Settings.ProxyUseDefaultCredentials;
        public long MaxResponseSize => Settings.MaxResponseSize;
        public TimeSpan MaxRetryWait => Settings.MaxRetryWait;
        public DateTimeOffset ConnectedAt { get; private set; }
        public Ws1SystemInfo? ServerInfo { get; private set; }
        public Ws1RateLimitStatus? RateLimit => _transport.RateLimit;

        public UserApi Users { get; }
        public DeviceApi Devices { get; }
        public AppApi Apps { get; }
        public GroupApi Groups { get; }

        /// <summary>User groups (custom and directory-synced) and their members.</summary>
        public UserGroupApi UserGroups { get; }

        /// <summary>Smart groups (device groups defined by criteria) and their devices.</summary>
        public SmartGroupApi SmartGroups { get; }
        public WipeProtectionApi WipeProtection { get; }

        /// <summary>Any other API call, through this session (Invoke-Ws1UemRequest).</summary>
        public RawApi Raw { get; }

        /// <summary>
        /// Opens a session and proves it works with a cheap call, so a wrong key or password fails here
        /// rather than leaving a broken session behind. Its calls are retried and paced by <paramref name="policy"/>.
        /// </summary>
        public static async Task<Ws1Session> OpenAsync(string accountName, Ws1ConnectionSettings settings, Ws1RequestPolicy policy, CancellationToken ct)
        {
            if (settings == null)
                throw new ArgumentNullException(nameof(settings));
            if (policy == null)
                throw new ArgumentNullException(nameof(policy));
            Ws1Session session;
            try
            {
                session = new Ws1Session(accountName, settings, policy);
            }
            catch
            {
                // The session was to own the certificate opened for it; there is none to dispose it.
                if (settings.OwnsCertificate)
                    settings.Certificate?.Dispose();
                throw;
            }
            try
            {
                session.ServerInfo = await session.GetSystemInfoAsync(ct).ConfigureAwait(false);
                session.ConnectedAt = DateTimeOffset.Now;
                return session;
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }

        public Task<Ws1SystemInfo?> GetSystemInfoAsync(CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Get, "system/info", Ws1Action.Connect, $"read system info of {Server}");
            return _transport.SendAsync(request, reader => Ws1Json.Serializer.Deserialize<Ws1SystemInfo>(reader), ct);
        }

        /// <summary>Probes reachability, credentials and read permissions with the smallest calls; never changes anything.</summary>
        public Task<Ws1ConnectionTest> TestAsync(CancellationToken ct) => ConnectionTester.RunAsync(this, _transport, ct);

        public void Dispose()
        {
            _transport.Dispose();
            // A certificate the session opened from a file (-CertificatePath) goes with it, and so does its private key;
            // one the caller passed in (-Certificate) is the caller's.
            if (Settings.OwnsCertificate)
                Settings.Certificate?.Dispose();
        }
    }
}
