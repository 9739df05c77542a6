using System;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem
{
    /// <summary>A session as Get-Ws1UemConnection shows it. Carries no secret by construction.</summary>
    public sealed class Ws1Connection
    {
        public string? AccountName { get; set; }
        public string? Server { get; set; }
        public Uri? ApiBaseUri { get; set; }
        public Ws1AuthType AuthType { get; set; }
        /// <summary>The admin user name, the OAuth client id, or the name the admin certificate is issued to.</summary>
        public string? UserName { get; set; }
        /// <summary>The admin certificate's thumbprint (certificate authentication); never its private key.</summary>
        public string? CertificateThumbprint { get; set; }
        /// <summary>What the account name is bound to: server, authentication, admin, client or certificate thumbprint, token service (the API key only as a fingerprint, never shown).</summary>
        public Ws1AccountIdentity? Identity { get; set; }
        public bool IsDefault { get; set; }
        public DateTimeOffset ConnectedAt { get; set; }
        public string? ProductVersion { get; set; }
        public int MaxRetryCount { get; set; }
        public TimeSpan RequestTimeout { get; set; }
        public int RequestsPerMinute { get; set; }
        public int PageConcurrency { get; set; }
        public bool SkipCertificateCheck { get; set; }
        /// <summary>The proxy named with -Proxy; empty when the system proxy is used.</summary>
        public Uri? Proxy { get; set; }
        /// <summary>The proxy account's user name (-ProxyCredential); its password is never kept here.</summary>
        public string? ProxyUserName { get; set; }
        public bool ProxyUseDefaultCredentials { get; set; }
        public long MaxResponseSize { get; set; }
        public TimeSpan MaxRetryWait { get; set; }
        public Ws1RateLimitStatus? RateLimit { get; set; }

        internal static Ws1Connection From(Ws1Session session, bool isDefault) => new Ws1Connection
        {
            AccountName = session.AccountName,
            Server = session.Server,
            ApiBaseUri = session.ApiBaseUri,
            AuthType = session.AuthType,
            UserName = session.Principal,
            CertificateThumbprint = session.Identity.CertificateThumbprint,
            Identity = session.Identity,
            IsDefault = isDefault,
            ConnectedAt = session.ConnectedAt,
            ProductVersion = session.ServerInfo?.ProductVersion,
            MaxRetryCount = session.MaxRetryCount,
            RequestTimeout = session.RequestTimeout,
            RequestsPerMinute = session.RequestsPerMinute,
            PageConcurrency = session.PageConcurrency,
            SkipCertificateCheck = session.SkipCertificateCheck,
            Proxy = session.Proxy,
            ProxyUserName = session.ProxyUserName,
            ProxyUseDefaultCredentials = session.ProxyUseDefaultCredentials,
            MaxResponseSize = session.MaxResponseSize,
            MaxRetryWait = session.MaxRetryWait,
            RateLimit = session.RateLimit,
        };

        public override string? ToString() => AccountName;
    }
}
