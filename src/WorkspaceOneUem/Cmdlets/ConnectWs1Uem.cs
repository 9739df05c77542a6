using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>Connect-Ws1Uem: opens a session to a tenant under an account name, after proving the credentials work.</summary>
    [Cmdlet(VerbsCommunications.Connect, "Ws1Uem", DefaultParameterSetName = BasicSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpLinks.Base + "Connect-Ws1Uem.md")]
    [OutputType(typeof(Ws1Connection))]
    public sealed class ConnectWs1Uem : Ws1Cmdlet
    {
        private const string BasicSet = "Basic";
        private const string OAuthRegionSet = "OAuthRegion";
        private const string OAuthTokenUrlSet = "OAuthTokenUrl";
        private const string CertificateSet = "Certificate";
        private const string CertificatePathSet = "CertificatePath";

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Server { get; set; } = null!; // Mandatory in every parameter set: bound before ProcessRecord

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = BasicSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        [Parameter(Mandatory = true, Position = 2, ParameterSetName = BasicSet)]
        [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
        [Parameter(Mandatory = true, ParameterSetName = CertificatePathSet)]
        [Parameter(ParameterSetName = OAuthRegionSet)]
        [Parameter(ParameterSetName = OAuthTokenUrlSet)]
        [SecureStringTransformation]
        [ValidateNotNull]
        public SecureString? ApiKey { get; set; }

        /// <summary>The admin's certificate with its private key (a certificate store, Get-PfxCertificate).</summary>
        [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
        [ValidateNotNull]
        public X509Certificate2? Certificate { get; set; }

        /// <summary>The admin's .p12/.pfx file, as the console exports it.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CertificatePathSet)]
        [ValidateNotNullOrEmpty]
        public string? CertificatePath { get; set; }

        [Parameter(ParameterSetName = CertificatePathSet)]
        [SecureStringTransformation]
        [ValidateNotNull]
        public SecureString? CertificatePassword { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = OAuthRegionSet)]
        [Parameter(Mandatory = true, ParameterSetName = OAuthTokenUrlSet)]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = OAuthRegionSet)]
        [Parameter(Mandatory = true, ParameterSetName = OAuthTokenUrlSet)]
        [SecureStringTransformation]
        [ValidateNotNull]
        public SecureString? ClientSecret { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = OAuthRegionSet)]
        [ValidateSet("na", "emea", "apac", "uat", IgnoreCase = true)]
        public string? Region { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = OAuthTokenUrlSet)]
        [ValidateNotNullOrEmpty]
        public string? TokenUrl { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AccountName { get; set; }

        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetryCount { get; set; } = Ws1ConnectionSettings.DefaultMaxRetryCount;

        /// <summary>Seconds one attempt may take before it counts as timed out.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int RequestTimeout { get; set; } = (int)Ws1ConnectionSettings.DefaultRequestTimeout.TotalSeconds;

        [Parameter]
        [ValidateRange(1, 1000000)]
        public int RequestsPerMinute { get; set; } = Ws1ConnectionSettings.DefaultRequestsPerMinute;

        [Parameter]
        [ValidateRange(1, 32)]
        public int PageConcurrency { get; set; } = Ws1ConnectionSettings.DefaultPageConcurrency;

        /// <summary>The most bytes one answer may have (PowerShell reads 64MB as bytes).</summary>
        [Parameter]
        [ValidateRange(1L * 1024 * 1024, (long)int.MaxValue)]
        public long MaxResponseSize { get; set; } = Ws1ConnectionSettings.DefaultMaxResponseSize;

        /// <summary>Seconds: the longest Retry-After the session waits out before retrying.</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int MaxRetryWait { get; set; } = (int)Ws1ConnectionSettings.DefaultMaxRetryWait.TotalSeconds;

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        /// <summary>The proxy to use instead of the system proxy (the names and rules are Invoke-RestMethod's).</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? Proxy { get; set; }

        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential? ProxyCredential { get; set; }

        [Parameter]
        public SwitchParameter ProxyUseDefaultCredentials { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            Ws1ConnectionSettings settings = BuildSettings();
            bool handedOver = false;
            try
            {
                Connect(settings, ref handedOver);
            }
            finally
            {
                // A certificate opened from -CertificatePath goes to the session, which disposes it (also when it fails
                // to open); one that never got that far (-WhatIf, a name in use) is disposed here.
                if (!handedOver && settings.OwnsCertificate)
                    settings.Certificate?.Dispose();
            }
        }

        /// <param name="handedOver">Set once the settings, and so an owned certificate, belong to a session.</param>
        private void Connect(Ws1ConnectionSettings settings, ref bool handedOver)
        {
            Uri api = settings.ApiBaseUri!; // BuildSettings set it, or stopped the command
            // The port belongs to the name when it is not the scheme's default: two servers on one host stay apart.
            string accountName = AccountName ?? (api.IsDefaultPort ? api.Host : api.Authority);
            var identity = Ws1AccountIdentity.Of(settings);

            Ws1Session? existing = Registry.Find(accountName);
            IReadOnlyList<string> differences = existing?.Identity.DifferencesFrom(identity) ?? Array.Empty<string>();
            if (existing != null && differences.Count > 0 && !Force)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException($"The account name '{accountName}' is connected to {existing.Server} as '{existing.Principal}'. This connection differs in {string.Join(", and ", differences)}, so it would reach other data under the same name. Choose another -AccountName, run Disconnect-Ws1Uem -AccountName '{accountName}' first, or add -Force to replace the connection."),
                    "Ws1.AccountNameInUse", ErrorCategory.ResourceExists, accountName));
            }

            string through = settings.Proxy == null ? string.Empty : $" through the proxy {settings.Proxy.Authority}";
            string who = settings.Certificate != null ? $"with the certificate {AdminCertificates.Describe(settings.Certificate)}" : $"as '{settings.Principal}'";
            if (!ShouldProcess($"{api.Authority} {who}{through} (account name '{accountName}')", "Connect"))
                return;
            if (settings.SkipCertificateCheck)
                WriteWarning($"-SkipCertificateCheck: the TLS certificate of {api.Host} is not validated. Use this only for an on-premises test server.");
            if (settings.Certificate != null)
                WriteVerbose($"Signing every request with the certificate {AdminCertificates.Describe(settings.Certificate)}, issued to '{settings.Certificate.Subject}', valid until {settings.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC.");

            Ws1Session session;
            try
            {
                Ws1RequestPolicy policy = DependencyIsolation.RequestPolicy();
                handedOver = true;
                session = Await(ct => Ws1Session.OpenAsync(accountName, settings, policy, ct));
            }
            catch (Ws1ApiException ex)
            {
                ThrowTerminatingError(ErrorFrom(ex, api.Authority));
                return;
            }
            Ws1Session? replaced = Registry.Set(session);
            replaced?.Dispose();
            if (existing != null && differences.Count > 0)
                WriteVerbose($"Replaced the connection of account name '{accountName}' (-Force): it was {existing.Principal} at {existing.Server}; the new one differs in {string.Join(", and ", differences)}.");
            WriteVerbose($"Connected to {session.Server} ({session.ServerInfo?.ProductName} {session.ServerInfo?.ProductVersion}) as '{session.Principal}', account name '{accountName}'{ProxyDescription(settings)}.");
            WriteObject(Ws1Connection.From(session, isDefault: true));
        }

        private Ws1ConnectionSettings BuildSettings()
        {
            var settings = new Ws1ConnectionSettings
            {
                ApiKey = ApiKey,
                MaxRetryCount = MaxRetryCount,
                RequestTimeout = TimeSpan.FromSeconds(RequestTimeout),
                RequestsPerMinute = RequestsPerMinute,
                PageConcurrency = PageConcurrency,
                SkipCertificateCheck = SkipCertificateCheck,
                MaxResponseSize = MaxResponseSize,
                MaxRetryWait = TimeSpan.FromSeconds(MaxRetryWait),
            };
            try
            {
                settings.ApiBaseUri = Ws1ServerAddress.Parse(Server);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "Ws1.InvalidServer", ErrorCategory.InvalidArgument, Server));
            }
            SetProxy(settings);

            if (ParameterSetName == CertificateSet || ParameterSetName == CertificatePathSet)
            {
                settings.AuthType = Ws1AuthType.Certificate;
                RequireApiKey();
                SetCertificate(settings);
                return settings;
            }

            if (ParameterSetName == BasicSet)
            {
                // -Credential and -ApiKey are mandatory in this parameter set.
                settings.AuthType = Ws1AuthType.Basic;
                settings.UserName = Credential!.UserName;
                settings.Password = Credential.Password;
                if (string.IsNullOrEmpty(settings.UserName))
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Credential has no user name. Give the admin's user name and password."),
                        "Ws1.MissingUserName", ErrorCategory.InvalidArgument, null));
                RequireApiKey();
                return settings;
            }

            settings.AuthType = Ws1AuthType.OAuth;
            settings.ClientId = ClientId;
            settings.ClientSecret = ClientSecret;
            string? tokenUrl = ParameterSetName == OAuthRegionSet
                ? $"https://{Region!.ToLowerInvariant()}.uemauth.workspaceone.com/connect/token"
                : TokenUrl;
            if (!Uri.TryCreate(tokenUrl, UriKind.Absolute, out Uri? tokenUri)
                || (tokenUri.Scheme != Uri.UriSchemeHttps && !(tokenUri.Scheme == Uri.UriSchemeHttp && Ws1ServerAddress.IsLoopback(tokenUri.Host))))
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-TokenUrl '{tokenUrl}' must be an absolute https:// URL (http is accepted only for loopback test servers)."),
                    "Ws1.InvalidTokenUrl", ErrorCategory.InvalidArgument, tokenUrl));
            }
            settings.TokenUri = tokenUri;
            return settings;
        }

        /// <summary>-ApiKey is mandatory with Basic and certificate authentication; an empty one would only fail at the server.</summary>
        private void RequireApiKey()
        {
            if (ApiKey == null || ApiKey.Length == 0)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-ApiKey is empty. Give the tenant's REST API key (aw-tenant-code)."),
                    "Ws1.MissingApiKey", ErrorCategory.InvalidArgument, null));
        }

        /// <summary>
        /// The admin certificate from -Certificate, or opened from -CertificatePath, refused before anything is sent when
        /// it cannot sign now (no private key, expired, not valid yet).
        /// </summary>
        private void SetCertificate(Ws1ConnectionSettings settings)
        {
            X509Certificate2 certificate;
            if (ParameterSetName == CertificateSet)
            {
                certificate = Certificate!; // mandatory in this parameter set
            }
            else
            {
                string path = FileSystemPath(CertificatePath!, "Ws1.CertificateFileNotFound",
                    "Give the path of the .p12 or .pfx file; for a certificate in a store, pass it with -Certificate.");
                try
                {
                    certificate = AdminCertificates.Load(path, CertificatePassword);
                }
                catch (Ws1ApiException ex)
                {
                    ThrowTerminatingError(ErrorFrom(ex, path));
                    return;
                }
                settings.OwnsCertificate = true;
            }
            settings.Certificate = certificate;
            try
            {
                AdminCertificates.CheckUsable(certificate, DateTimeOffset.UtcNow);
            }
            catch (Ws1ApiException ex)
            {
                if (settings.OwnsCertificate)
                    certificate.Dispose();
                ThrowTerminatingError(ErrorFrom(ex, certificate.Thumbprint));
            }
        }

        /// <summary>-Proxy and its credentials, with Invoke-RestMethod's rules: one kind of credentials, and only with -Proxy.</summary>
        private void SetProxy(Ws1ConnectionSettings settings)
        {
            if (ProxyUseDefaultCredentials && ProxyCredential != null)
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-ProxyCredential and -ProxyUseDefaultCredentials cannot be used together: give either the proxy account (-ProxyCredential) or the signed-in account (-ProxyUseDefaultCredentials), then retry."),
                    "Ws1.ProxyCredentialConflict", ErrorCategory.InvalidArgument, null));
            if (Proxy == null)
            {
                if (ProxyCredential != null || ProxyUseDefaultCredentials)
                    ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException($"{(ProxyCredential != null ? "-ProxyCredential" : "-ProxyUseDefaultCredentials")} needs -Proxy: give the proxy's address with -Proxy (for example -Proxy http://proxy.contoso.com:8080), then retry. Without -Proxy the system proxy is used, without credentials."),
                        "Ws1.ProxyUriNotSupplied", ErrorCategory.InvalidArgument, null));
                return;
            }
            try
            {
                settings.Proxy = Ws1ProxyAddress.Parse(Proxy);
            }
            catch (ArgumentException ex)
            {
                // Not the given address as the target: it may carry a password.
                ThrowTerminatingError(new ErrorRecord(ex, "Ws1.InvalidProxy", ErrorCategory.InvalidArgument, null));
            }
            if (ProxyCredential != null)
            {
                if (string.IsNullOrEmpty(ProxyCredential.UserName))
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException("-ProxyCredential has no user name. Give the proxy account's user name (DOMAIN\\user for a Windows account) and password."),
                        "Ws1.MissingProxyUserName", ErrorCategory.InvalidArgument, null));
                settings.ProxyUserName = ProxyCredential.UserName;
                settings.ProxyPassword = ProxyCredential.Password;
            }
            settings.ProxyUseDefaultCredentials = ProxyUseDefaultCredentials;
        }

        private static string ProxyDescription(Ws1ConnectionSettings settings) =>
            settings.Proxy == null ? ", through the system proxy if one is set"
            : settings.ProxyUserName != null ? $", through the proxy {settings.Proxy.Authority} as '{settings.ProxyUserName}'"
            : settings.ProxyUseDefaultCredentials ? $", through the proxy {settings.Proxy.Authority} as the signed-in account"
            : $", through the proxy {settings.Proxy.Authority}";
    }
}
