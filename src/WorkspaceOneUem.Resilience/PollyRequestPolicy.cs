using System;
using System.Globalization;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Polly;
using Polly.RateLimiting;
using Polly.Retry;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Http;

namespace WorkspaceOneUem.Resilience
{
    /// <summary>
    /// The session's retry and pacing rules, as one Polly pipeline per session. Reads retry on anything
    /// transient; writes only when the answer proves they were not processed (429, or 503 with Retry-After),
    /// because resending a write that may have happened could delete or wipe twice.
    /// </summary>
    internal sealed class PollyRequestPolicy : IRequestPolicy
    {
        private static readonly ResiliencePropertyKey<ApiRequest?> RequestKey = new ResiliencePropertyKey<ApiRequest?>("ws1.request");

        private readonly Ws1ConnectionSettings _settings;
        private readonly ResiliencePipeline _pipeline;
        private readonly SlidingWindowRateLimiter _limiter;

        private PollyRequestPolicy(Ws1ConnectionSettings settings)
        {
            _settings = settings;
            // Pacing keeps the real clock, not settings.TimeProvider: the limiter times its window with Stopwatch, even when replenished by hand.
            _limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, settings.RequestsPerMinute),
                Window = TimeSpan.FromMinutes(1),
                SegmentsPerWindow = 12,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
            var builder = new ResiliencePipelineBuilder { TimeProvider = settings.TimeProvider };
            if (settings.MaxRetryCount > 0)
                builder.AddRetry(RetryOptions(settings));
            builder.AddRateLimiter(new RateLimiterStrategyOptions { RateLimiter = args => AcquireAsync(args.Context) });
            _pipeline = builder.Build();
        }

        /// <summary>A permit for one attempt; says so when the attempt has to queue for the session's pace.</summary>
        private async ValueTask<RateLimitLease> AcquireAsync(ResilienceContext context)
        {
            ValueTask<RateLimitLease> lease = _limiter.AcquireAsync(1, context.CancellationToken);
            if (!lease.IsCompleted)
            {
                ApiRequest? request = context.Properties.GetValue(RequestKey, null);
                Ws1Diagnostics.Verbose($"{request?.Method} {request?.Path} waits for the session's pace of {_settings.RequestsPerMinute} requests a minute (-RequestsPerMinute).");
            }
            return await lease.ConfigureAwait(false);
        }

        public static IRequestPolicy Create(Ws1ConnectionSettings settings) => new PollyRequestPolicy(settings);

        public async Task<T> ExecuteAsync<T>(ApiRequest request, Func<CancellationToken, Task<T>> attempt, CancellationToken ct)
        {
            ResilienceContext context = ResilienceContextPool.Shared.Get(ct);
            context.Properties.Set(RequestKey, request);
            try
            {
                return await _pipeline.ExecuteAsync(
                    async (ctx, state) => await state(ctx.CancellationToken).ConfigureAwait(false),
                    context, attempt).ConfigureAwait(false);
            }
            catch (RateLimiterRejectedException ex)
            {
                throw new Ws1ApiException(Ws1ErrorKind.Throttled,
                    $"'{request.Operation}' was not sent: the session's own limit of {_settings.RequestsPerMinute} requests a minute has too many requests waiting.", inner: ex);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        private static RetryStrategyOptions RetryOptions(Ws1ConnectionSettings settings) => new RetryStrategyOptions
        {
            MaxRetryAttempts = settings.MaxRetryCount,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = settings.RetryBaseDelay,
            MaxDelay = TimeSpan.FromSeconds(30),
            ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome.Exception, args.Context.Properties.GetValue(RequestKey, null))),
            DelayGenerator = args => new ValueTask<TimeSpan?>(ServerDelay(args.Outcome.Exception, settings)),
            // Polly calls this before the wait, so the line shows when the wait starts, with when it ends.
            OnRetry = args =>
            {
                ApiRequest? request = args.Context.Properties.GetValue(RequestKey, null);
                string? reason = args.Outcome.Exception is Ws1ApiException ex ? Reason(ex) : args.Outcome.Exception?.GetType().Name;
                string until = args.RetryDelay >= TimeSpan.FromSeconds(5) ? " (at " + Durations.Clock(settings.TimeProvider.GetLocalNow() + args.RetryDelay) + ")" : string.Empty;
                Ws1Diagnostics.Verbose(string.Format(CultureInfo.InvariantCulture,
                    "Retrying {0} {1} in {2:0.###} s{3} after {4} (retry {5} of {6}).",
                    request?.Method, request?.Path, args.RetryDelay.TotalSeconds, until, reason, args.AttemptNumber + 1, settings.MaxRetryCount));
                if (args.RetryDelay >= TimeSpan.FromSeconds(1))
                    Ws1Diagnostics.Waiting($"{request?.Method} {request?.Path}: retry {args.AttemptNumber + 1} of {settings.MaxRetryCount} after {reason}", args.RetryDelay);
                return default;
            },
        };

        private static bool ShouldRetry(Exception? exception, ApiRequest? request)
        {
            if (!(exception is Ws1ApiException ex) || request == null)
                return false;
            return request.IsWrite ? ex.NotProcessed && ex.Transient : ex.Transient;
        }

        /// <summary>
        /// The server's Retry-After. A longer one than the session's -MaxRetryWait is not retried at all (the transport
        /// says when to try again instead); the cap here only guards that rule.
        /// </summary>
        private static TimeSpan? ServerDelay(Exception? exception, Ws1ConnectionSettings settings)
        {
            if (exception is Ws1ApiException ex && ex.RetryAfter.HasValue)
                return ex.RetryAfter.Value > settings.MaxRetryWait ? settings.MaxRetryWait : ex.RetryAfter.Value;
            return null;
        }

        private static string Reason(Ws1ApiException ex)
        {
            string what = ex.StatusCode.HasValue ? $"status {ex.StatusCode}" : ex.Kind.ToString();
            if (ex.Kind == Ws1ErrorKind.Timeout || ex.Kind == Ws1ErrorKind.ConnectionFailed || ex.Kind == Ws1ErrorKind.HtmlResponse
                || ex.Kind == Ws1ErrorKind.XmlResponse || ex.Kind == Ws1ErrorKind.MalformedResponse || ex.Kind == Ws1ErrorKind.UnexpectedShape
                || ex.Kind == Ws1ErrorKind.EmptyResponse)
                what = ex.Kind.ToString();
            return ex.RetryAfter.HasValue ? $"{what} (Retry-After {ex.RetryAfter.Value.TotalSeconds:0.###} s)" : what;
        }

        public void Dispose() => _limiter.Dispose();
    }
}
