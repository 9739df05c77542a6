using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using WorkspaceOneUem.Client.Json;

namespace WorkspaceOneUem.Client.Http
{
    /// <summary>
    /// Sends API calls for one session: one HttpClient, one resilience pipeline (retry + pacing), auth,
    /// and the translation of every bad response into a <see cref="Ws1ApiException"/> a person can act on.
    /// </summary>
    internal sealed class Ws1Transport : IDisposable
    {
        private const int MaxErrorBodyChars = 64 * 1024;

        private readonly Ws1ConnectionSettings _settings;
        private readonly HttpClient _http;
        private readonly Authenticator _auth;
        private readonly IRequestPolicy _policy;
        private int _quotaWarned;

        static Ws1Transport()
        {
#if NETSTANDARD2_0
            // Windows PowerShell 5.1 on .NET Framework may not offer TLS 1.2 by default; UEM SaaS requires it.
            if (System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
                ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
#endif
        }

        public Ws1Transport(Ws1ConnectionSettings settings)
        {
            _settings = settings;
            _http = new HttpClient(CreateHandler(settings), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
            _auth = Authenticator.Create(settings, _http);
            _policy = RequestPolicies.Factory(settings);
        }

        public Ws1RateLimitStatus RateLimit { get; private set; }

        public Uri BaseUri => _settings.ApiBaseUri;

        private static HttpMessageHandler CreateHandler(Ws1ConnectionSettings settings)
        {
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                MaxConnectionsPerServer = Math.Max(16, settings.PageConcurrency * 2),
            };
            if (settings.SkipCertificateCheck)
                handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) => true;
            return handler;
        }

        /// <summary>Sends a call and parses a successful body with <paramref name="parse"/>; 204 gives default(T).</summary>
        public async Task<T> SendAsync<T>(ApiRequest request, Func<JsonReader, T> parse, CancellationToken ct)
        {
            try
            {
                return await _policy.ExecuteAsync(request, attemptToken => AttemptAsync(request, parse, attemptToken), ct).ConfigureAwait(false);
            }
            catch (Ws1ApiException ex) when (request.IsWrite && IsAmbiguous(ex))
            {
                throw new Ws1ApiException(Ws1ErrorKind.OutcomeUnknown,
                    $"The outcome of '{request.Operation}' is unknown: {ex.Message} The request was not sent again, because it may have been carried out. Check the result before trying again.",
                    ex.StatusCode, ex.ErrorCode, ex.CorrelationId, ex);
            }
        }

        /// <summary>A write that failed like this may still have happened on the server.</summary>
        private static bool IsAmbiguous(Ws1ApiException ex)
        {
            if (ex.NotProcessed)
                return false;
            switch (ex.Kind)
            {
                case Ws1ErrorKind.ServerError:
                case Ws1ErrorKind.Timeout:
                case Ws1ErrorKind.ConnectionFailed:
                case Ws1ErrorKind.HtmlResponse:
                case Ws1ErrorKind.MalformedResponse:
                case Ws1ErrorKind.EmptyResponse:
                    return true;
                default:
                    return false;
            }
        }

        private async Task<T> AttemptAsync<T>(ApiRequest request, Func<JsonReader, T> parse, CancellationToken ct)
        {
            bool refreshed = false;
            while (true)
            {
                try
                {
                    return await SendOnceAsync(request, parse, ct).ConfigureAwait(false);
                }
                catch (Ws1ApiException ex) when (ex.Kind == Ws1ErrorKind.TokenRejected && _auth.CanRefresh && !refreshed)
                {
                    // A 401 proves the call was not processed: renew the token once and send again.
                    Ws1Diagnostics.Verbose($"{request.Method} {request.Path}: the access token was refused; requesting a new token and sending again.");
                    _auth.Invalidate();
                    refreshed = true;
                }
            }
        }

        private async Task<T> SendOnceAsync<T>(ApiRequest request, Func<JsonReader, T> parse, CancellationToken ct)
        {
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                attempt.CancelAfter(_settings.RequestTimeout);
                var watch = Stopwatch.StartNew();
                string correlationId = null;
                bool sent = false;
                try
                {
                    using (var message = new HttpRequestMessage(request.Method, new Uri(_settings.ApiBaseUri, request.Path)))
                    {
                        message.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;version=" + request.ApiVersion.ToString(CultureInfo.InvariantCulture)));
                        if (request.JsonBody != null)
                            message.Content = new StringContent(request.JsonBody, Encoding.UTF8, "application/json");
                        else if (request.IsWrite)
                            message.Content = new StringContent(string.Empty, Encoding.UTF8, "application/json");
                        await _auth.ApplyAsync(message, attempt.Token).ConfigureAwait(false);
                        sent = true;
                        using (HttpResponseMessage response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false))
                        {
                            correlationId = Header(response, "X-Correlation-ID");
                            request.CorrelationId = correlationId;
                            ReadRateLimit(response);
                            int status = (int)response.StatusCode;
                            Ws1Diagnostics.Verbose($"{request.Method} {request.Path} -> {status} in {watch.ElapsedMilliseconds} ms" + (correlationId != null ? $" (correlation id {correlationId})" : string.Empty));
                            if (status < 200 || status > 299)
                                throw await ErrorFromAsync(request, response, correlationId).ConfigureAwait(false);
                            return await ParseBodyAsync(request, response, parse, correlationId, attempt.Token).ConfigureAwait(false);
                        }
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new Ws1ApiException(Ws1ErrorKind.Timeout,
                        $"'{request.Operation}' got no complete answer within {_settings.RequestTimeout.TotalSeconds:0.#} s (-RequestTimeout).",
                        correlationId: correlationId) { Transient = true };
                }
                catch (HttpRequestException ex)
                {
                    bool notSent = !sent || IsConnectRefused(ex);
                    throw new Ws1ApiException(Ws1ErrorKind.ConnectionFailed,
                        $"'{request.Operation}' failed on the network: {ex.Message}", correlationId: correlationId, inner: ex)
                    { Transient = true, NotProcessed = notSent };
                }
                catch (IOException ex)
                {
                    throw new Ws1ApiException(Ws1ErrorKind.ConnectionFailed,
                        $"The connection was cut while reading the answer to '{request.Operation}'.", correlationId: correlationId, inner: ex)
                    { Transient = true };
                }
            }
        }

        private static bool IsConnectRefused(HttpRequestException ex) =>
            ex.InnerException is SocketException se && se.SocketErrorCode == SocketError.ConnectionRefused;

        private async Task<T> ParseBodyAsync<T>(ApiRequest request, HttpResponseMessage response, Func<JsonReader, T> parse, string correlationId, CancellationToken ct)
        {
            int status = (int)response.StatusCode;
            if (status == 204)
                return default(T);
            string mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
            if (mediaType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0)
                throw HtmlPage(request, status, correlationId);
            if (parse == null)
            {
                // Commands and status changes answer with an empty body. Anything else (a gateway page, a cut
                // connection) means the API may not have been the one answering.
                await ExpectNoContentAsync(request, response, correlationId).ConfigureAwait(false);
                return default(T);
            }

            using (Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            using (var reader = new StreamReader(stream, Encoding.UTF8, true, 16 * 1024))
            {
                int first = PeekNonWhitespace(reader);
                if (first < 0)
                    throw new Ws1ApiException(Ws1ErrorKind.EmptyResponse,
                        $"The server answered '{request.Operation}' with status {status} and an empty body where data was expected.", status, correlationId: correlationId)
                    { Transient = true };
                if (first == '<')
                    throw HtmlPage(request, status, correlationId);
                using (var json = new JsonTextReader(reader) { CloseInput = false, DateParseHandling = DateParseHandling.None })
                {
                    try
                    {
                        // Cancelling a stalled body read: the token closes the stream under the reader.
                        using (ct.Register(() => stream.Dispose()))
                        {
                            json.Read();
                            T result = parse(json);
                            while (json.Read())
                            {
                                // Consume to the end so a truncated tail is noticed, not silently accepted.
                            }
                            return result;
                        }
                    }
                    catch (JsonException ex)
                    {
                        throw new Ws1ApiException(Ws1ErrorKind.MalformedResponse,
                            $"The server's answer to '{request.Operation}' (status {status}) is not valid JSON: {ex.Message}", status, correlationId: correlationId, inner: ex)
                        { Transient = true };
                    }
                    catch (ObjectDisposedException) when (ct.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(ct);
                    }
                }
            }
        }

        private static async Task ExpectNoContentAsync(ApiRequest request, HttpResponseMessage response, string correlationId)
        {
            int status = (int)response.StatusCode;
            string body = (await response.Content.ReadAsStringAsync().ConfigureAwait(false)).Trim();
            if (body.Length == 0)
                return;
            if (body.StartsWith("<", StringComparison.Ordinal))
                throw HtmlPage(request, status, correlationId);
            try
            {
                JToken.Parse(body);
            }
            catch (JsonException ex)
            {
                throw new Ws1ApiException(Ws1ErrorKind.MalformedResponse,
                    $"The server's answer to '{request.Operation}' (status {status}) is not valid JSON: {ex.Message}", status, correlationId: correlationId, inner: ex)
                { Transient = true };
            }
        }

        private static int PeekNonWhitespace(StreamReader reader)
        {
            while (true)
            {
                int c = reader.Peek();
                if (c < 0 || !char.IsWhiteSpace((char)c))
                    return c;
                reader.Read();
            }
        }

        private static Ws1ApiException HtmlPage(ApiRequest request, int status, string correlationId) =>
            new Ws1ApiException(Ws1ErrorKind.HtmlResponse,
                $"The server returned an HTML page, likely a login or gateway page, instead of JSON for '{request.Operation}' (status {status}). Check that -Server names the API host (asNNN), not the console host (cnNNN), and that no proxy intercepts the call.",
                status, correlationId: correlationId)
            { Transient = true };

        private async Task<Ws1ApiException> ErrorFromAsync(ApiRequest request, HttpResponseMessage response, string correlationId)
        {
            int status = (int)response.StatusCode;
            string body = string.Empty;
            try
            {
                body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException || ex is HttpRequestException)
            {
                // The status already says what happened; a cut error body adds nothing.
            }
            if (body.Length > MaxErrorBodyChars)
                body = body.Substring(0, MaxErrorBodyChars);

            int? errorCode = null;
            string serverMessage = null;
            string trimmed = body.TrimStart();
            bool html = trimmed.StartsWith("<", StringComparison.Ordinal);
            if (trimmed.StartsWith("{", StringComparison.Ordinal))
            {
                try
                {
                    JObject json = JObject.Parse(body);
                    errorCode = json.Value<int?>("errorCode") ?? json.Value<int?>("ErrorCode");
                    serverMessage = json.Value<string>("message") ?? json.Value<string>("Message");
                    correlationId = correlationId ?? json.Value<string>("activityId");
                }
                catch (JsonException)
                {
                    // Not the API's error shape; fall through to a message built from the status.
                }
            }

            string said = serverMessage != null ? $" The server said: {serverMessage}" : html ? " The server returned an HTML page, likely a login or gateway page." : string.Empty;
            string reference = correlationId != null ? $" Correlation id: {correlationId}." : string.Empty;
            TimeSpan? retryAfter = RetryAfterOf(response);

            switch (status)
            {
                case 401:
                    return Unauthorized(request, serverMessage, errorCode, correlationId, said, reference);
                case 403:
                    return new Ws1ApiException(Ws1ErrorKind.PermissionDenied,
                        $"The admin role may not {Ws1Permissions.Describe(request.Action)} ('{request.Operation}', 403). Grant the role these permissions: {string.Join("; ", Ws1Permissions.For(request.Action))}.{said}{reference}",
                        status, errorCode, correlationId);
                case 404:
                    return new Ws1ApiException(Ws1ErrorKind.NotFound, $"Not found: '{request.Operation}' (404).{said}{reference}", status, errorCode, correlationId);
                case 429:
                    if (RateLimit != null && RateLimit.Remaining <= 0)
                        return new Ws1ApiException(Ws1ErrorKind.QuotaExhausted,
                            $"The tenant's daily API quota of {RateLimit.Limit} requests is used up; '{request.Operation}' was refused. It resets at {ResetText()}. Wait until then, or ask for a larger quota.{reference}",
                            status, errorCode, correlationId) { NotProcessed = true };
                    return new Ws1ApiException(Ws1ErrorKind.Throttled, $"The server throttled '{request.Operation}' (429).{said}{reference}", status, errorCode, correlationId)
                    { Transient = true, NotProcessed = true, RetryAfter = retryAfter };
                case 408:
                case 500:
                case 502:
                case 504:
                    return new Ws1ApiException(Ws1ErrorKind.ServerError, $"The server failed '{request.Operation}' with status {status}.{said}{reference}", status, errorCode, correlationId)
                    { Transient = true, RetryAfter = retryAfter };
                case 503:
                    return new Ws1ApiException(Ws1ErrorKind.ServerError, $"The server is unavailable for '{request.Operation}' (503).{said}{reference}", status, errorCode, correlationId)
                    { Transient = true, RetryAfter = retryAfter, NotProcessed = retryAfter.HasValue };
                default:
                    bool exists = serverMessage != null && serverMessage.IndexOf("already exist", StringComparison.OrdinalIgnoreCase) >= 0;
                    return new Ws1ApiException(exists ? Ws1ErrorKind.AlreadyExists : status == 400 ? Ws1ErrorKind.BadRequest : Ws1ErrorKind.Unknown,
                        $"The server refused '{request.Operation}' with status {status}" + (errorCode.HasValue ? $" (errorCode {errorCode})" : string.Empty) + $".{said}{reference}",
                        status, errorCode, correlationId);
            }
        }

        private static Ws1ApiException Unauthorized(ApiRequest request, string serverMessage, int? errorCode, string correlationId, string said, string reference)
        {
            string text = serverMessage ?? string.Empty;
            Ws1ErrorKind kind;
            string advice;
            if (Contains(text, "token"))
            {
                kind = Ws1ErrorKind.TokenRejected;
                advice = "The OAuth access token was refused. Check the client's role and that the token URL belongs to this tenant's region.";
            }
            else if (Contains(text, "tenant code") || Contains(text, "api key"))
            {
                kind = Ws1ErrorKind.InvalidApiKey;
                advice = "The REST API key (aw-tenant-code) is not valid for this tenant. Copy it from Groups & Settings > All Settings > System > Advanced > API > REST API, for the organization group the admin belongs to.";
            }
            else if (Contains(text, "credentials are invalid") || Contains(text, "password"))
            {
                kind = Ws1ErrorKind.InvalidCredentials;
                advice = "The admin user name or password is wrong.";
            }
            else if (Contains(text, "api access"))
            {
                kind = Ws1ErrorKind.NoApiAccess;
                advice = "The admin account may not use the REST API: it must be a Basic (local) admin whose role has API > REST permissions, and API access must be enabled for the organization group.";
            }
            else
            {
                kind = Ws1ErrorKind.Unauthorized;
                advice = errorCode == 1005
                    ? "The server rejected the API key, the user name or password, or the admin's API access (errorCode 1005)."
                    : "The server accepted no credentials for this call.";
            }
            return new Ws1ApiException(kind, $"Authentication failed for '{request.Operation}' (401). {advice}{said}{reference}", 401, errorCode, correlationId);
        }

        private static bool Contains(string text, string part) => text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;

        private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
        {
            RetryConditionHeaderValue retry = response.Headers.RetryAfter;
            if (retry == null)
                return null;
            if (retry.Delta.HasValue)
                return retry.Delta.Value;
            if (retry.Date.HasValue)
            {
                TimeSpan wait = retry.Date.Value - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }

        private static string Header(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

        private void ReadRateLimit(HttpResponseMessage response)
        {
            string limit = Header(response, "X-RateLimit-Limit");
            string remaining = Header(response, "X-RateLimit-Remaining");
            if (limit == null || remaining == null
                || !long.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l)
                || !long.TryParse(remaining, NumberStyles.Integer, CultureInfo.InvariantCulture, out long r))
                return;
            DateTimeOffset? reset = null;
            if (long.TryParse(Header(response, "X-RateLimit-Reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out long epoch))
                reset = DateTimeOffset.FromUnixTimeSeconds(epoch);
            RateLimit = new Ws1RateLimitStatus { Limit = l, Remaining = r, ResetsAt = reset };
            if (l > 0 && r < l * 0.05 && Interlocked.Exchange(ref _quotaWarned, 1) == 0)
                Ws1Diagnostics.Warning($"Only {r} of the tenant's {l} daily API requests are left (under 5%). The quota resets at {ResetText()}.");
        }

        private string ResetText() =>
            RateLimit?.ResetsAt?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) ?? "an unknown time";

        public void Dispose()
        {
            _http.Dispose();
            _policy.Dispose();
        }
    }
}
