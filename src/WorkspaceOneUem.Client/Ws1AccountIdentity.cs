using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using WorkspaceOneUem.Client.Http;

namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// What decides which tenant's data a connection reaches: the server (scheme, host and port), the kind of
    /// authentication, the admin, OAuth client or admin certificate, and the tenant itself (the REST API key, and for
    /// OAuth the token service). One SaaS API host serves many customers and every organization group can have its own key, so
    /// host and admin name alone do not tell two tenants apart. An account name stays bound to one identity.
    /// The proxy is not part of it: it changes the road to the tenant, not which tenant answers.
    /// </summary>
    public sealed class Ws1AccountIdentity
    {
        // Per process, so a fingerprint cannot be compared with one from another process or guessed offline.
        private static readonly byte[] FingerprintKey = NewFingerprintKey();

        private Ws1AccountIdentity(string server, Ws1AuthType authType, string principal, string? tokenService, string? certificateThumbprint, string? keyFingerprint)
        {
            Server = server;
            AuthType = authType;
            Principal = principal;
            TokenService = tokenService;
            CertificateThumbprint = certificateThumbprint;
            KeyFingerprint = keyFingerprint;
        }

        /// <summary>Scheme, host and port, e.g. https://as1234.awmdm.com:443.</summary>
        public string Server { get; }

        public Ws1AuthType AuthType { get; }

        /// <summary>The admin user name (Basic), the OAuth client id, or the name the admin certificate is issued to.</summary>
        public string Principal { get; }

        /// <summary>The OAuth token URL; null for Basic and Certificate.</summary>
        public string? TokenService { get; }

        /// <summary>The admin certificate's thumbprint (it names the certificate; it is not a secret); null unless Certificate.</summary>
        public string? CertificateThumbprint { get; }

        /// <summary>A keyed one-way hash of the API key, valid in this process only; null when no key was given.</summary>
        internal string? KeyFingerprint { get; }

        public static Ws1AccountIdentity Of(Ws1ConnectionSettings settings)
        {
            if (settings == null)
                throw new ArgumentNullException(nameof(settings));
            Uri api = settings.ApiBaseUri ?? throw new ArgumentException("The settings have no ApiBaseUri.", nameof(settings));
            string server = $"{api.Scheme}://{api.Host}:{api.Port}".ToLowerInvariant();
            string? tokenService = settings.AuthType == Ws1AuthType.OAuth && settings.TokenUri != null
                ? settings.TokenUri.GetLeftPart(UriPartial.Path).TrimEnd('/').ToLowerInvariant()
                : null;
            string? thumbprint = settings.AuthType == Ws1AuthType.Certificate ? settings.Certificate?.Thumbprint?.ToUpperInvariant() : null;
            string? key = Secrets.Reveal(settings.ApiKey);
            return new Ws1AccountIdentity(server, settings.AuthType, settings.Principal ?? string.Empty, tokenService, thumbprint,
                string.IsNullOrEmpty(key) ? null : Fingerprint(key!));
        }

        /// <summary>
        /// The parts in which <paramref name="other"/> differs, in words ("the server", "the API key", ...);
        /// empty when both reach the same tenant as the same principal.
        /// </summary>
        public IReadOnlyList<string> DifferencesFrom(Ws1AccountIdentity other)
        {
            var parts = new List<string>();
            if (!string.Equals(Server, other.Server, StringComparison.Ordinal))
                parts.Add($"the server ({other.Server} instead of {Server})");
            if (AuthType != other.AuthType)
                parts.Add($"the authentication ({other.AuthType} instead of {AuthType})");
            else if (AuthType == Ws1AuthType.Certificate)
            {
                // The thumbprint names the certificate; its name alone could be shared by an old and a new one.
                if (!string.Equals(CertificateThumbprint, other.CertificateThumbprint, StringComparison.OrdinalIgnoreCase))
                    parts.Add($"the certificate ('{other.Principal}', thumbprint {other.CertificateThumbprint} instead of '{Principal}', thumbprint {CertificateThumbprint})");
            }
            else if (!string.Equals(Principal, other.Principal, StringComparison.OrdinalIgnoreCase))
                parts.Add(AuthType == Ws1AuthType.OAuth
                    ? $"the OAuth client ('{other.Principal}' instead of '{Principal}')"
                    : $"the admin ('{other.Principal}' instead of '{Principal}')");
            if (AuthType == other.AuthType && !string.Equals(TokenService, other.TokenService, StringComparison.Ordinal))
                parts.Add($"the OAuth token service ({other.TokenService} instead of {TokenService})");
            if (!string.Equals(KeyFingerprint, other.KeyFingerprint, StringComparison.Ordinal))
                parts.Add(KeyFingerprint == null ? "the API key (one is given now, none before)"
                    : other.KeyFingerprint == null ? "the API key (none is given now)"
                    : "the API key (another tenant or organization group)");
            return parts;
        }

        internal static string Fingerprint(string key)
        {
            using (var hmac = new HMACSHA256(FingerprintKey))
            {
                byte[] hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(key));
                var text = new StringBuilder(32);
                for (int i = 0; i < 16; i++)
                    text.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                return text.ToString();
            }
        }

        private static byte[] NewFingerprintKey()
        {
            var bytes = new byte[32];
            using (var random = RandomNumberGenerator.Create())
                random.GetBytes(bytes);
            return bytes;
        }

        public override string ToString() => $"{Principal} at {Server}";
    }
}
