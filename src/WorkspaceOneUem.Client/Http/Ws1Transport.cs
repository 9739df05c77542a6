using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
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
        /// <summary>The most of an error body or of a command's (empty) answer that is read: enough for any message.</summary>
        internal const int MaxSmallBodyBytes = 64 * 1024;

        private readonly Ws1ConnectionSettings _settings;
        private readonly HttpClient _http;
        private readonly Authenticator _auth;
        private readonly IRequestPolicy _policy;
        private int _quotaWarned;
#if NET8_0_OR_GREATER
        private int _plainPages;
        private int _pagesReadAgain;
#endif
        private volatile bool _disposed;

        // Why the last certificate was refused, recorded by the validation callback for the error the handshake ends in.
        private string? _certificateProblem;

        static Ws1Transport()
        {
#if NETSTANDARD2_0
            // Windows PowerShell 5.1 on .NET Framework may not offer TLS 1.2 by default; UEM SaaS requires it.
            if (System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
                ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
#endif
        }

#if NET8_0_OR_GREATER
        /// <summary>
        /// Pages the fast reader took, and pages it handed back to the serializer's path (see Json.Utf8Pages): the
        /// only way to tell, from outside, which reader read an answer, so the tests can hold the transport to it.
        /// </summary>
        internal (int Plain, int ReadAgain) PageReadings => (Volatile.Read(ref _plainPages), Volatile.Read(ref _pagesReadAgain));

#endif
        public Ws1Transport(Ws1ConnectionSettings settings, Ws1RequestPolicy policy)
        {
            _settings = settings;
            _http = new HttpClient(CreateHandler(settings), disposeHandler: true)
            {
                Timeout = Timeout.InfiniteTimeSpan,
                // Every read here streams under the limit; this guards any read that would buffer.
                MaxResponseContentBufferSize = Math.Min(settings.MaxResponseSize, int.MaxValue),
            };
            _auth = Authenticator.Create(settings, _http);
            // Last: the policy may hold a timer (pacing), which nothing would dispose if a line above threw.
            _policy = policy.CreateFor(settings);
        }

        public Ws1RateLimitStatus? RateLimit { get; private set; }

        /// <summary>The API's base address; every session is opened with one (Connect-Ws1Uem requires -Server).</summary>
        private Uri BaseUri => _settings.ApiBaseUri ?? throw new InvalidOperationException("The connection settings have no ApiBaseUri.");

        private HttpMessageHandler CreateHandler(Ws1ConnectionSettings settings)
        {
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                MaxConnectionsPerServer = Math.Max(16, settings.PageConcurrency * 2),
            };
            // Without -Proxy the handler keeps the system proxy (UseProxy with no Proxy set); the token request
            // goes through this handler too, so it takes the same road as the API calls.
            IWebProxy? proxy = Proxies.For(settings);
            if (proxy != null)
            {
                handler.UseProxy = true;
                handler.Proxy = proxy;
            }
            handler.ServerCertificateCustomValidationCallback = settings.SkipCertificateCheck
                ? (Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool>)((message, cert, chain, errors) => true)
                : ValidateCertificate;
            return handler;
        }

        /// <summary>The platform's own check, which also records why a certificate failed it.</summary>
        private bool ValidateCertificate(HttpRequestMessage message, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (errors == SslPolicyErrors.None)
                return true;
            Volatile.Write(ref _certificateProblem, CertificateProblem.Describe(message.RequestUri?.Host ?? BaseUri.Host, certificate, chain, errors));
            return false;
        }

        /// <summary>Sends a call and parses a successful body with <paramref name="parse"/>; 204 gives default(T).</summary>
        public async Task<T?> SendAsync<T>(ApiRequest request, Func<JsonReader, T>? parse, CancellationToken ct)
        {
            if (_disposed)
                throw Closed(request, sent: false);
            try
            {
                return await _policy.ExecuteAsync(request, attemptToken => AttemptAsync(request, parse, attemptToken), ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (_disposed && !ct.IsCancellationRequested)
            {
                // Disposing the HttpClient cancels what is on the wire and refuses what comes next; say that, not "timeout".
                throw Closed(request, sent: true, inner: ex);
            }
            catch (Ws1ApiException ex) when (request.IsWrite && IsAmbiguous(ex))
            {
                throw new Ws1ApiException(Ws1ErrorKind.OutcomeUnknown,
                    $"The outcome of '{request.Operation}' is unknown: {ex.Message} The request was not sent again, because it may have been carried out. Check the result before trying again.",
                    ex.StatusCode, ex.ErrorCode, ex.CorrelationId, ex);
            }
        }

        /// <summary>The session was closed (Disconnect-Ws1Uem, or a -Force reconnect replaced it) while a call was using it.</summary>
        private Ws1ApiException Closed(ApiRequest request, bool sent, Exception? inner = null)
        {
            string what = $"The connection to {BaseUri.Authority} was closed (Disconnect-Ws1Uem, or Connect-Ws1Uem -Force replaced it) while '{request.Operation}' was using it.";
            if (request.IsWrite && sent)
                return new Ws1ApiException(Ws1ErrorKind.OutcomeUnknown, what + " The request may have reached the server: check the result before sending it again.", inner: inner);
            return new Ws1ApiException(Ws1ErrorKind.ConnectionClosed, what + " Connect again and repeat the command.", inner: inner) { NotProcessed = !sent };
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
                case Ws1ErrorKind.XmlResponse:
                case Ws1ErrorKind.MalformedResponse:
                case Ws1ErrorKind.UnexpectedShape:
                case Ws1ErrorKind.EmptyResponse:
                case Ws1ErrorKind.ResponseTooLarge:
                case Ws1ErrorKind.Redirected:
                    return true;
                default:
                    return false;
            }
        }

        private async Task<T?> AttemptAsync<T>(ApiRequest request, Func<JsonReader, T>? parse, CancellationToken ct)
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

        private async Task<T?> SendOnceAsync<T>(ApiRequest request, Func<JsonReader, T>? parse, CancellationToken ct)
        {
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                // One deadline for the whole attempt: headers, then every byte of the body, error bodies included.
                attempt.CancelAfter(_settings.RequestTimeout);
                var watch = Stopwatch.StartNew();
                string? correlationId = null;
                bool sent = false;
                int status = 0;
                BoundedReadStream? body = null;
                try
                {
                    using (var message = new HttpRequestMessage(request.Method, new Uri(BaseUri, request.Path)))
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
                            status = (int)response.StatusCode;
                            if (status >= 200 && status <= 299)
                                request.AnswerArriving?.Invoke();
                            body = new BoundedReadStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), _settings.MaxResponseSize, attempt.Token);
                            using (body)
                            {
                                try
                                {
                                    if (status < 200 || status > 299)
                                        throw await ErrorFromAsync(request, response, body, correlationId, ct).ConfigureAwait(false);
                                    return await ParseBodyAsync(request, response, body, parse, correlationId).ConfigureAwait(false);
                                }
                                finally
                                {
                                    // Timed once the body is read: the headers of a big page come long before its last byte.
                                    Ws1Diagnostics.Verbose($"{request.Method} {request.Path} -> {status}, {Sizes.Describe(body.BytesRead)} in {Milliseconds(watch.Elapsed)}" +
                                        (correlationId != null ? $" (correlation id {correlationId})" : string.Empty));
                                }
                            }
                        }
                    }
                }
                catch (ResponseTooLargeException ex)
                {
                    // Not transient: the same request would only fetch the same flood again.
                    throw new Ws1ApiException(Ws1ErrorKind.ResponseTooLarge,
                        $"The server's answer to '{request.Operation}' (status {status}) is larger than {Sizes.Describe(ex.Limit)} (-MaxResponseSize), so reading it stopped there. Real answers are far smaller: the server, or a proxy in front of it, sent more than the API would. If this server's answers really are that large, connect again with a larger -MaxResponseSize." + Reference(correlationId),
                        status, correlationId: correlationId, inner: ex);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    string timeout = $"{_settings.RequestTimeout.TotalSeconds:0.#} s (-RequestTimeout)";
                    string what = status == 0
                        ? $"'{request.Operation}' got no answer within {timeout}."
                        : body != null && body.IdleFor > TimeSpan.FromSeconds(1)
                            ? $"The server stopped sending its answer to '{request.Operation}' (status {status}): {Sizes.Describe(body.BytesRead)} of the body arrived, then nothing more, and the answer was not complete within {timeout}."
                            : $"The server's answer to '{request.Operation}' (status {status}) was still arriving after {timeout}: {Sizes.Describe(body?.BytesRead ?? 0)} arrived in that time.";
                    throw new Ws1ApiException(Ws1ErrorKind.Timeout, what + Reference(correlationId), status == 0 ? (int?)null : status, correlationId: correlationId) { Transient = true };
                }
                catch (HttpRequestException ex) when (Proxies.IsTunnelRefusal(ex))
                {
                    throw Proxies.Refused(_settings, request.Operation, BaseUri, ex);
                }
                catch (HttpRequestException ex) when (FindInChain<AuthenticationException>(ex) != null)
                {
                    throw TlsFailure(request, ex);
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
                        $"The connection was cut while reading the answer to '{request.Operation}'." + Reference(correlationId), correlationId: correlationId, inner: ex)
                    { Transient = true };
                }
                catch (Exception ex) when (!(ex is Ws1ApiException) && !(ex is OperationCanceledException) && !(ex is OutOfMemoryException))
                {
                    // A garbled answer can break the HTTP stack itself (a status line it cannot parse throws
                    // ArgumentOutOfRangeException): still a failed call the caller can read, never a raw exception.
                    throw new Ws1ApiException(Ws1ErrorKind.MalformedResponse,
                        $"The server's answer to '{request.Operation}' could not be read as HTTP ({ex.GetType().Name}: {ex.Message})." + Reference(correlationId), correlationId: correlationId, inner: ex)
                    { Transient = true };
                }
            }
        }

        /// <summary>Milliseconds as a person reads them: a fraction below 10 ms, so a fast loopback call does not read "0 ms".</summary>
        private static string Milliseconds(TimeSpan elapsed) =>
            elapsed.TotalMilliseconds.ToString(elapsed.TotalMilliseconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";

        /// <summary>A failed TLS handshake, with the reason the certificate was refused and what to do.</summary>
        private Ws1ApiException TlsFailure(ApiRequest request, HttpRequestException ex)
        {
            string host = BaseUri.Host;
            string? problem = Interlocked.Exchange(ref _certificateProblem, null);
            if (problem != null)
            {
                // The request never left: safe to report as not processed, and retrying cannot change the certificate.
                return new Ws1ApiException(Ws1ErrorKind.CertificateInvalid,
                    $"The TLS certificate of {host} was refused for '{request.Operation}': {problem}. Check that -Server names the tenant's API host and that no proxy intercepts TLS. If the server's certificate comes from a private certificate authority, add that authority to this machine's trusted roots. -SkipCertificateCheck turns the check off; use it only for an on-premises test server.",
                    inner: ex) { NotProcessed = true };
            }
            string reason = FindInChain<AuthenticationException>(ex)?.Message ?? ex.Message;
            string tried = BaseUri.GetLeftPart(UriPartial.Authority);
            if (Ws1ServerAddress.IsLoopback(host))
            {
                // A loopback test server that speaks plain http answers a TLS hello with garbage: no retry can help.
                return new Ws1ApiException(Ws1ErrorKind.ConnectionFailed,
                    $"The TLS handshake with {tried} failed for '{request.Operation}': {reason} A -Server without a scheme means https; if this loopback server speaks plain http, give -Server http://{BaseUri.Authority}.",
                    inner: ex) { NotProcessed = true };
            }
            return new Ws1ApiException(Ws1ErrorKind.ConnectionFailed,
                $"The TLS handshake with {tried} failed for '{request.Operation}': {reason} Check that -Server names the tenant's API host over https, and that this machine allows TLS 1.2 or later.",
                inner: ex) { Transient = true, NotProcessed = true };
        }

        private static TException? FindInChain<TException>(Exception ex) where TException : Exception
        {
            for (Exception? e = ex; e != null; e = e.InnerException)
            {
                if (e is TException found)
                    return found;
            }
            return null;
        }

        private static string Reference(string? correlationId) => correlationId != null ? $" Correlation id: {correlationId}." : string.Empty;

        private static bool IsConnectRefused(HttpRequestException ex) =>
            ex.InnerException is SocketException se && se.SocketErrorCode == SocketError.ConnectionRefused;

        private async Task<T?> ParseBodyAsync<T>(ApiRequest request, HttpResponseMessage response, BoundedReadStream body, Func<JsonReader, T>? parse, string? correlationId)
        {
            int status = (int)response.StatusCode;
            if (status == 204)
                return default(T);
            string mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
            if (mediaType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0)
                throw NotJson(request, status, correlationId, xml: false);
            if (mediaType.IndexOf("xml", StringComparison.OrdinalIgnoreCase) >= 0)
                throw NotJson(request, status, correlationId, xml: true);
            if (parse == null)
            {
                // Commands and status changes answer with an empty body. Anything else (a gateway page, a cut
                // connection) means the API may not have been the one answering.
                await ExpectNoContentAsync(request, status, body, correlationId).ConfigureAwait(false);
                return default(T);
            }

            // Read whole under the size limit and the deadline, then parsed from memory (see BoundedReadStream.ReadAllAsync).
            using (BodyBuffer buffered = await body.ReadAllAsync().ConfigureAwait(false))
            {
#if NET8_0_OR_GREATER
                // Pages of users and devices as the API writes them go to the fast reader; anything it does not take
                // is read from the start by the serializer's path below (see Utf8Pages).
                if (request.ReadPlainPage != null && buffered.Length <= int.MaxValue)
                {
                    try
                    {
                        var page = (T)request.ReadPlainPage(buffered.Whole());
                        Interlocked.Increment(ref _plainPages);
                        return page;
                    }
                    catch (Utf8Pages.NotPlainException)
                    {
                        Interlocked.Increment(ref _pagesReadAgain);
                    }
                }
#endif
                using (var reader = new StreamReader(buffered, Encoding.UTF8, true, 16 * 1024))
                {
                    int first = PeekNonWhitespace(reader);
                    if (first < 0 && request.EmptyBodyAllowed)
                        return default(T);
                    if (first < 0)
                        throw new Ws1ApiException(Ws1ErrorKind.EmptyResponse,
                            $"The server answered '{request.Operation}' with status {status} and an empty body where data was expected." + Reference(correlationId), status, correlationId: correlationId)
                        { Transient = true };
                    if (first == '<')
                    {
                        var start = new char[1024];
                        int n = reader.ReadBlock(start, 0, start.Length);
                        throw NotJson(request, status, correlationId, LooksLikeXml(new string(start, 0, n)));
                    }
                    using (var json = new JsonTextReader(reader) { CloseInput = false, DateParseHandling = DateParseHandling.None, PropertyNameTable = new LearningNameTable() })
                    {
                        try
                        {
                            json.Read();
                            if (json.TokenType == JsonToken.Null)
                                throw new ResponseShapeException("is null where data was expected");
                            T result = parse(json);
                            while (json.Read())
                            {
                                // Consume to the end so a truncated tail is noticed, not silently accepted.
                            }
                            return result;
                        }
                        catch (ResponseShapeException ex)
                        {
                            throw WrongShape(request, status, correlationId, ex.Message, ex);
                        }
                        catch (JsonSerializationException ex) when (json.TokenType != JsonToken.None)
                        {
                            // Valid JSON so far, but a value of the wrong kind (a list where a record belongs, text for a number).
                            throw WrongShape(request, status, correlationId, $"does not have the shape the API uses: {ex.Message}", ex);
                        }
                        catch (JsonException ex)
                        {
                            throw NotValidJson(request, status, correlationId, ex);
                        }
                    }
                }
            }
        }

        private static Ws1ApiException NotValidJson(ApiRequest request, int status, string? correlationId, JsonException ex) =>
            new Ws1ApiException(Ws1ErrorKind.MalformedResponse,
                $"The server's answer to '{request.Operation}' (status {status}) is not valid JSON: {ex.Message}" + Reference(correlationId), status, correlationId: correlationId, inner: ex)
            { Transient = true };

        private static Ws1ApiException WrongShape(ApiRequest request, int status, string? correlationId, string problem, Exception inner) =>
            new Ws1ApiException(Ws1ErrorKind.UnexpectedShape,
                $"The server's answer to '{request.Operation}' (status {status}) {problem}. None of it was used: the server, or a proxy in front of it, answered something other than the API's data, and reading it as 'no records' would be a wrong answer." + Reference(correlationId),
                status, correlationId: correlationId, inner: inner)
            { Transient = true };

        private static async Task ExpectNoContentAsync(ApiRequest request, int status, BoundedReadStream body, string? correlationId)
        {
            BodyPrefix prefix = await body.ReadPrefixAsync(MaxSmallBodyBytes).ConfigureAwait(false);
            if (prefix.Cut)
                throw new Ws1ApiException(Ws1ErrorKind.ResponseTooLarge,
                    $"The server answered '{request.Operation}' (status {status}) with more than {Sizes.Describe(MaxSmallBodyBytes)} where the API sends an empty answer; reading stopped there." + Reference(correlationId),
                    status, correlationId: correlationId);
            string text = prefix.Text.Trim();
            if (text.Length == 0)
                return;
            if (text.StartsWith("<", StringComparison.Ordinal))
                throw NotJson(request, status, correlationId, LooksLikeXml(text));
            try
            {
                JToken.Parse(text);
            }
            catch (JsonException ex)
            {
                throw NotValidJson(request, status, correlationId, ex);
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

        /// <summary>An XML declaration without an HTML page after it; XHTML pages are HTML to a reader.</summary>
        private static bool LooksLikeXml(string start) =>
            start.TrimStart().StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && start.IndexOf("<html", StringComparison.OrdinalIgnoreCase) < 0;

        private static Ws1ApiException NotJson(ApiRequest request, int status, string? correlationId, bool xml) =>
            xml
                ? new Ws1ApiException(Ws1ErrorKind.XmlResponse,
                    $"The server returned an XML document instead of JSON for '{request.Operation}' (status {status}). The API answers XML when a request arrives without its JSON Accept header: check that no proxy rewrites the call, and that -Server names the API host (asNNN)." + Reference(correlationId),
                    status, correlationId: correlationId)
                { Transient = true }
                : new Ws1ApiException(Ws1ErrorKind.HtmlResponse,
                    $"The server returned an HTML page, likely a login or gateway page, instead of JSON for '{request.Operation}' (status {status}). Check that -Server names the API host (asNNN), not the console host (cnNNN), and that no proxy intercepts the call." + Reference(correlationId),
                    status, correlationId: correlationId)
                { Transient = true };

        /// <param name="ct">The caller's token: cancelling it stops the call; the attempt's deadline only cuts the body short.</param>
        private async Task<Ws1ApiException> ErrorFromAsync(ApiRequest request, HttpResponseMessage response, BoundedReadStream stream, string? correlationId, CancellationToken ct)
        {
            int status = (int)response.StatusCode;
            string body = string.Empty;
            try
            {
                // The start is enough for the API's error shape; the rest of a flood is never read.
                body = (await stream.ReadPrefixAsync(MaxSmallBodyBytes).ConfigureAwait(false)).Text;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // The status already says what happened; a body that stalls adds nothing to it.
            }
            catch (Exception ex) when (ex is IOException || ex is HttpRequestException)
            {
                // The status already says what happened; a cut error body adds nothing.
            }

            int? errorCode = null;
            string? serverMessage = null;
            string trimmed = body.TrimStart();
            bool markup = trimmed.StartsWith("<", StringComparison.Ordinal);
            bool xml = markup && LooksLikeXml(trimmed);
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

            string said = serverMessage != null ? $" The server said: {serverMessage}"
                : xml ? " The server returned an XML document, not the API's JSON error."
                : markup ? " The server returned an HTML page, likely a login or gateway page."
                : string.Empty;
            string reference = Reference(correlationId);
            TimeSpan? retryAfter = RetryAfterOf(response, _settings.TimeProvider);
            bool waitTooLong = retryAfter.HasValue && retryAfter.Value > _settings.MaxRetryWait;
            string wait = !retryAfter.HasValue ? string.Empty
                : waitTooLong ? $" It asked to wait {Durations.Describe(retryAfter.Value)} before trying again (Retry-After), longer than this session waits (-MaxRetryWait {Durations.Describe(_settings.MaxRetryWait)}), so the call was not tried again. Try again after {Durations.Clock(_settings.TimeProvider.GetLocalNow() + retryAfter.Value)}, or connect with a larger -MaxRetryWait."
                : $" It asked to wait {Durations.Describe(retryAfter.Value)} before trying again (Retry-After).";
            said += wait;

            if (status >= 300 && status <= 399)
                return Redirect(request, response, status, errorCode, correlationId);
            if (status == Proxies.Status)
                return Proxies.Refused(_settings, request.Operation, BaseUri);

            switch (status)
            {
                case 401:
                    return Unauthorized(request, _settings.AuthType, serverMessage, errorCode, correlationId, said, reference);
                case 403:
                    return new Ws1ApiException(Ws1ErrorKind.PermissionDenied,
                        $"The admin role may not {Ws1Permissions.Describe(request.Action)} ('{request.Operation}', 403). Grant the role these permissions: {string.Join("; ", Ws1Permissions.For(request.Action, request.Method.Method, request.Path))}.{said}{reference}",
                        status, errorCode, correlationId);
                case 404:
                    string tried = new Uri(BaseUri, request.Path).GetLeftPart(UriPartial.Path);
                    string where = request.Action == Ws1Action.Connect
                        ? $" The URL tried was {tried}: check that -Server names the API host (asNNN, not the console host cnNNN) and, if it has a path, that the path ends where the API starts (for example https://host/API)."
                        : $" The URL tried was {tried}.";
                    return new Ws1ApiException(Ws1ErrorKind.NotFound, $"Not found: '{request.Operation}' (404).{where}{said}{reference}", status, errorCode, correlationId);
                case 414:
                    return new Ws1ApiException(Ws1ErrorKind.ValueTooLong,
                        $"The server refused '{request.Operation}' because its URL is too long (414). Give shorter or fewer filter values (names, emails) at once.{reference}",
                        status, errorCode, correlationId) { NotProcessed = true };
                case 429:
                    if (RateLimit != null && RateLimit.Remaining <= 0)
                        return new Ws1ApiException(Ws1ErrorKind.QuotaExhausted,
                            $"The tenant's daily API quota of {RateLimit.Limit} requests is used up; '{request.Operation}' was refused. It resets at {ResetText()}. Wait until then, or ask for a larger quota.{reference}",
                            status, errorCode, correlationId) { NotProcessed = true };
                    return new Ws1ApiException(Ws1ErrorKind.Throttled, $"The server throttled '{request.Operation}' (429).{said}{reference}", status, errorCode, correlationId)
                    { Transient = !waitTooLong, NotProcessed = true, RetryAfter = retryAfter };
                case 408:
                case 500:
                case 502:
                case 504:
                    return new Ws1ApiException(Ws1ErrorKind.ServerError, $"The server failed '{request.Operation}' with status {status}.{said}{reference}", status, errorCode, correlationId)
                    { Transient = !waitTooLong, RetryAfter = retryAfter };
                case 503:
                    return new Ws1ApiException(Ws1ErrorKind.ServerError, $"The server is unavailable for '{request.Operation}' (503).{said}{reference}", status, errorCode, correlationId)
                    { Transient = !waitTooLong, RetryAfter = retryAfter, NotProcessed = retryAfter.HasValue };
                default:
                    bool exists = serverMessage != null && serverMessage.IndexOf("already exist", StringComparison.OrdinalIgnoreCase) >= 0;
                    return new Ws1ApiException(exists ? Ws1ErrorKind.AlreadyExists : status == 400 ? Ws1ErrorKind.BadRequest : Ws1ErrorKind.Unknown,
                        $"The server refused '{request.Operation}' with status {status}" + (errorCode.HasValue ? $" (errorCode {errorCode})" : string.Empty) + $".{said}{reference}",
                        status, errorCode, correlationId);
            }
        }

        /// <summary>
        /// Redirects are never followed (credentials must not go to another address), so say where it pointed: the
        /// Location comes from the server, none of our headers are in it.
        /// </summary>
        private static Ws1ApiException Redirect(ApiRequest request, HttpResponseMessage response, int status, int? errorCode, string? correlationId)
        {
            Uri? location = response.Headers.Location;
            if (location != null && !location.IsAbsoluteUri && response.RequestMessage?.RequestUri != null)
                location = new Uri(response.RequestMessage.RequestUri, location);
            string target = location == null ? "an address it did not give (no Location header)" : Shorten(location.ToString(), 300);
            return new Ws1ApiException(Ws1ErrorKind.Redirected,
                $"The server answered '{request.Operation}' with a redirect ({status}) to {target}. Redirects are not followed, so the credentials are never sent to another address. Check that -Server names the tenant's API host (asNNN), not the console or a login page, and that no proxy redirects API calls; if the API has moved, connect to its new address." + Reference(correlationId),
                status, errorCode, correlationId);
        }

        private static string Shorten(string text, int max) => text.Length <= max ? text : text.Substring(0, max) + "...";

        private static Ws1ApiException Unauthorized(ApiRequest request, Ws1AuthType authType, string? serverMessage, int? errorCode, string? correlationId, string said, string reference)
        {
            string text = serverMessage ?? string.Empty;
            Ws1ErrorKind kind;
            string advice;
            bool keyOrAccess = Contains(text, "tenant code") || Contains(text, "api key") || Contains(text, "api access");
            if (authType == Ws1AuthType.Certificate && !keyOrAccess)
            {
                // There is no user name or password to blame: whatever else the server says is about the signature.
                kind = Ws1ErrorKind.CertificateRejected;
                advice = "The tenant refused the certificate's signature. Check that the certificate is the admin's current one from the API tab in the console (generating a new one there replaces the old), that certificate authentication is enabled for the REST API, and that no proxy rewrites the request's path.";
            }
            else if (Contains(text, "token"))
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

        private static TimeSpan? RetryAfterOf(HttpResponseMessage response, TimeProvider clock)
        {
            RetryConditionHeaderValue? retry = response.Headers.RetryAfter;
            if (retry == null)
                return null;
            if (retry.Delta.HasValue)
                return retry.Delta.Value;
            if (retry.Date.HasValue)
            {
                TimeSpan wait = retry.Date.Value - clock.GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }

        private static string? Header(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

        private void ReadRateLimit(HttpResponseMessage response)
        {
            string? limit = Header(response, "X-RateLimit-Limit");
            string? remaining = Header(response, "X-RateLimit-Remaining");
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
            RateLimit?.ResetsAt is DateTimeOffset reset ? Durations.Clock(reset) : "an unknown time";

        public void Dispose()
        {
            _disposed = true;
            _http.Dispose();
            _policy.Dispose();
        }
    }
}
