using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>Puts credentials on a request. Header values are built here and nowhere else.</summary>
    internal abstract class Authenticator
    {
        private readonly string? _tenantCode;

        protected Authenticator(Ws1ConnectionSettings settings)
        {
            _tenantCode = Secrets.Reveal(settings.ApiKey);
        }

        public virtual bool CanRefresh => false;

        public async Task ApplyAsync(HttpRequestMessage message, CancellationToken ct)
        {
            message.Headers.Authorization = await GetAuthorizationAsync(message, ct).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(_tenantCode))
                message.Headers.TryAddWithoutValidation("aw-tenant-code", _tenantCode);
        }

        /// <summary>Forget a token the server refused, so the next call fetches a new one.</summary>
        public virtual void Invalidate()
        {
        }

        /// <param name="message">The request as it will be sent: its address is final.</param>
        protected abstract Task<AuthenticationHeaderValue> GetAuthorizationAsync(HttpRequestMessage message, CancellationToken ct);

        public static Authenticator Create(Ws1ConnectionSettings settings, HttpClient http)
        {
            switch (settings.AuthType)
            {
                case Ws1AuthType.OAuth:
                    return new OAuthAuthenticator(settings, http);
                case Ws1AuthType.Certificate:
                    return new CertificateAuthenticator(settings);
                default:
                    return new BasicAuthenticator(settings);
            }
        }
    }

    internal sealed class BasicAuthenticator : Authenticator
    {
        private readonly AuthenticationHeaderValue _header;

        public BasicAuthenticator(Ws1ConnectionSettings settings) : base(settings)
        {
            string pair = settings.UserName + ":" + Secrets.Reveal(settings.Password);
            _header = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }

        protected override Task<AuthenticationHeaderValue> GetAuthorizationAsync(HttpRequestMessage message, CancellationToken ct) => Task.FromResult(_header);
    }

    /// <summary>
    /// Certificate (CMS) authentication: every attempt is signed anew for its own path, so a retry, the next page or
    /// another device's command each carry a signature of what they ask for, with a current signing time.
    /// </summary>
    internal sealed class CertificateAuthenticator : Authenticator
    {
        private readonly X509Certificate2 _certificate;
        private readonly TimeProvider _clock;

        public CertificateAuthenticator(Ws1ConnectionSettings settings) : base(settings)
        {
            _certificate = settings.Certificate ?? throw new ArgumentException("Certificate authentication needs a certificate.", nameof(settings));
            _clock = settings.TimeProvider;
        }

        protected override Task<AuthenticationHeaderValue> GetAuthorizationAsync(HttpRequestMessage message, CancellationToken ct)
        {
            DateTimeOffset now = _clock.GetUtcNow();
            // A session can outlive its certificate: refuse here, before the server does, with what to do.
            AdminCertificates.CheckUsable(_certificate, now);
            Uri address = message.RequestUri ?? throw new ArgumentException("The request has no address.", nameof(message));
            return Task.FromResult(new AuthenticationHeaderValue(CmsUrlSignature.Scheme, CmsUrlSignature.Sign(_certificate, address.AbsolutePath, now)));
        }
    }

    /// <summary>Client-credentials tokens, cached and renewed before they expire (docs/api-behaviour.md §2).</summary>
    internal sealed class OAuthAuthenticator : Authenticator
    {
        private static readonly TimeSpan MaxRenewalMargin = TimeSpan.FromMinutes(5);
        private readonly Ws1ConnectionSettings _settings;
        private readonly HttpClient _http;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private string? _token;
        private DateTimeOffset _renewAt;

        public OAuthAuthenticator(Ws1ConnectionSettings settings, HttpClient http) : base(settings)
        {
            _settings = settings;
            _http = http;
        }

        public override bool CanRefresh => true;

        /// <summary>Connect-Ws1Uem always sets the token URL of an OAuth session (from -TokenUrl or -Region).</summary>
        private Uri TokenUri => _settings.TokenUri ?? throw new InvalidOperationException("The OAuth connection settings have no TokenUri.");

        public override void Invalidate()
        {
            _token = null;
        }

        protected override async Task<AuthenticationHeaderValue> GetAuthorizationAsync(HttpRequestMessage message, CancellationToken ct)
        {
            string? token = _token;
            if (token == null || _settings.TimeProvider.GetUtcNow() >= _renewAt)
            {
                await _gate.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    if (_token == null || _settings.TimeProvider.GetUtcNow() >= _renewAt)
                        await RequestTokenAsync(ct).ConfigureAwait(false);
                    token = _token;
                }
                finally
                {
                    _gate.Release();
                }
            }
            return new AuthenticationHeaderValue("Bearer", token);
        }

        private async Task RequestTokenAsync(CancellationToken ct)
        {
            var form = new FormUrlEncodedContent(new[]
            {
                new KeyValuePair<string?, string?>("grant_type", "client_credentials"),
                new KeyValuePair<string?, string?>("client_id", _settings.ClientId),
                new KeyValuePair<string?, string?>("client_secret", Secrets.Reveal(_settings.ClientSecret)),
            });
            using (var request = new HttpRequestMessage(HttpMethod.Post, TokenUri) { Content = form })
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(_settings.RequestTimeout);
                Ws1Diagnostics.Verbose($"POST {_settings.TokenUri} (OAuth token for client '{_settings.ClientId}')");
                HttpResponseMessage response;
                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new Ws1ApiException(Ws1ErrorKind.Timeout, $"The token service {_settings.TokenUri} did not answer within {_settings.RequestTimeout.TotalSeconds:0.#} s.");
                }
                catch (HttpRequestException ex) when (Proxies.IsTunnelRefusal(ex))
                {
                    throw Proxies.Refused(_settings, $"request an OAuth token for client '{_settings.ClientId}'", TokenUri, ex);
                }
                catch (HttpRequestException ex)
                {
                    throw new Ws1ApiException(Ws1ErrorKind.ConnectionFailed, $"Could not reach the token service {_settings.TokenUri}: {ex.Message}");
                }
                using (response)
                {
                    int status = (int)response.StatusCode;
                    if (status == Proxies.Status)
                        throw Proxies.Refused(_settings, $"request an OAuth token for client '{_settings.ClientId}'", TokenUri);
                    BodyPrefix body;
                    try
                    {
                        // A token answer is a few hundred bytes: read no more than a small body, within the same deadline.
                        using (var stream = new BoundedReadStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), long.MaxValue, timeout.Token))
                            body = await stream.ReadPrefixAsync(Ws1Transport.MaxSmallBodyBytes).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        throw new Ws1ApiException(Ws1ErrorKind.Timeout, $"The token service {_settings.TokenUri} answered {status} and then stopped sending: its answer was not complete within {_settings.RequestTimeout.TotalSeconds:0.#} s.", status);
                    }
                    catch (Exception ex) when (ex is IOException || ex is HttpRequestException)
                    {
                        throw new Ws1ApiException(Ws1ErrorKind.ConnectionFailed, $"The connection to the token service {_settings.TokenUri} was cut while reading its answer ({status}).", status);
                    }
                    if (body.Cut)
                        throw new Ws1ApiException(Ws1ErrorKind.ResponseTooLarge,
                            $"The token service {_settings.TokenUri} answered {status} with more than {Sizes.Describe(Ws1Transport.MaxSmallBodyBytes)}; a token answer is a few hundred bytes. Check -TokenUrl.", status);
                    JObject? json = null;
                    try { json = JObject.Parse(body.Text); } catch (Newtonsoft.Json.JsonException) { }
                    if (status >= 300 && status <= 399)
                        throw new Ws1ApiException(Ws1ErrorKind.Redirected,
                            $"The token service {_settings.TokenUri} answered with a redirect ({status}) to {response.Headers.Location?.ToString() ?? "no address"}. Redirects are not followed, so the client secret is never sent to another address. Check -TokenUrl or -Region.", status);
                    if (!response.IsSuccessStatusCode)
                    {
                        string error = json?.Value<string>("error") ?? "no error code";
                        if (status == 400 || status == 401)
                            throw new Ws1ApiException(Ws1ErrorKind.InvalidCredentials,
                                $"The token service {_settings.TokenUri} refused client '{_settings.ClientId}' ({status}, {error}). Check the OAuth client id and secret, and that the token URL matches the tenant's region.", status);
                        throw new Ws1ApiException(Ws1ErrorKind.ServerError, $"The token service {_settings.TokenUri} answered {status} ({error}).", status) { Transient = true };
                    }
                    string? token = json?.Value<string>("access_token");
                    if (json == null || token == null || token.Length == 0)
                        throw new Ws1ApiException(Ws1ErrorKind.MalformedResponse, $"The token service {_settings.TokenUri} answered {status} without an access_token.", status);
                    int lifetime = json.Value<int?>("expires_in") ?? 3600;
                    TimeSpan margin = TimeSpan.FromSeconds(Math.Min(MaxRenewalMargin.TotalSeconds, lifetime / 10.0));
                    _token = token;
                    _renewAt = _settings.TimeProvider.GetUtcNow().AddSeconds(lifetime) - margin;
                }
            }
        }
    }
}
