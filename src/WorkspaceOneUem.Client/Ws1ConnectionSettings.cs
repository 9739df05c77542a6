using System;
using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace WorkspaceOneUem.Client
{
    /// <summary>Everything needed to open a session. Secrets stay SecureString until a header is built.</summary>
    public sealed class Ws1ConnectionSettings
    {
        public const int DefaultMaxRetryCount = 4;
        public const int DefaultRequestsPerMinute = 1000;
        public const int DefaultPageConcurrency = 4;
        public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(100);

        /// <summary>
        /// Far above the largest real answer (a 500-record page is under 2 MB), and low enough that pages that never end,
        /// parsed -PageConcurrency at once (records take about three times their JSON in memory), stay within a few hundred MB.
        /// </summary>
        public const long DefaultMaxResponseSize = 16L * 1024 * 1024;
        public static readonly TimeSpan DefaultMaxRetryWait = TimeSpan.FromSeconds(60);

        public Uri? ApiBaseUri { get; set; }
        public Ws1AuthType AuthType { get; set; }
        public string? UserName { get; set; }
        public SecureString? Password { get; set; }
        public SecureString? ApiKey { get; set; }
        public string? ClientId { get; set; }
        public SecureString? ClientSecret { get; set; }
        public Uri? TokenUri { get; set; }

        /// <summary>The admin's certificate, with its private key, that signs every request (certificate authentication).</summary>
        public X509Certificate2? Certificate { get; set; }

        /// <summary>True when the session loaded the certificate itself (-CertificatePath), so it disposes it with the session.</summary>
        public bool OwnsCertificate { get; set; }
        public int MaxRetryCount { get; set; } = DefaultMaxRetryCount;
        public TimeSpan RequestTimeout { get; set; } = DefaultRequestTimeout;
        public int RequestsPerMinute { get; set; } = DefaultRequestsPerMinute;
        public int PageConcurrency { get; set; } = DefaultPageConcurrency;
        public bool SkipCertificateCheck { get; set; }

        /// <summary>The proxy every call goes through, the token request included; null uses the system proxy.</summary>
        public Uri? Proxy { get; set; }

        /// <summary>The proxy account (DOMAIN\user or user); null when the proxy gets no explicit credentials.</summary>
        public string? ProxyUserName { get; set; }

        public SecureString? ProxyPassword { get; set; }

        /// <summary>Answer the proxy's challenge as the signed-in account (Negotiate/NTLM), as Invoke-RestMethod does.</summary>
        public bool ProxyUseDefaultCredentials { get; set; }

        /// <summary>The most bytes one answer may have; a larger one is an error, not memory spent.</summary>
        public long MaxResponseSize { get; set; } = DefaultMaxResponseSize;

        /// <summary>The longest Retry-After the session waits out; a longer one ends the call at once with an error saying when to retry.</summary>
        public TimeSpan MaxRetryWait { get; set; } = DefaultMaxRetryWait;

        /// <summary>Smallest retry delay; tests shorten it so a fault matrix runs in seconds.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>
        /// The clock behind retry waits, Retry-After dates and token expiry (pacing keeps the real clock). Tests swap in a
        /// fake one so they move time on instead of waiting for it.
        /// </summary>
        internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        /// <summary>Who the session acts as: the admin user name, the OAuth client id, or the name the certificate is issued to.</summary>
        public string? Principal =>
            AuthType == Ws1AuthType.OAuth ? ClientId
            : AuthType == Ws1AuthType.Certificate ? (Certificate == null ? null : AdminCertificates.NameOf(Certificate))
            : UserName;
    }
}
