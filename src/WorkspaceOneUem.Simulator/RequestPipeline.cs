using Microsoft.AspNetCore.Http;

namespace WorkspaceOneUem.Simulator;

/// <summary>
/// Order for /api calls: latency, fault (Before), authentication, rate limits, routing, permission check,
/// handler, fault (After), response. /connect/token shares latency, faults and the journal.
/// </summary>
internal static class RequestPipeline
{
    /// <summary>The longest query string (with its '?') a call may have, as on IIS by default; longer is 414.</summary>
    public const int MaxQueryStringLength = 2048;

    public static Task Handle(HttpContext ctx, Tenants tenants)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (IsUnder(path, "/_sim")) return ControlEndpoints.Handle(ctx, tenants.ForControl(ctx));
        if (IsUnder(path, "/api")) return HandleCall(ctx, tenants, isToken: false);
        if (IsUnder(path, "/connect")) return HandleCall(ctx, tenants, isToken: true);
        ctx.Response.StatusCode = 404;
        return Task.CompletedTask;
    }

    private static bool IsUnder(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (path.Length == prefix.Length || path[prefix.Length] == '/');

    private static async Task HandleCall(HttpContext ctx, Tenants tenants, bool isToken)
    {
        var request = ctx.Request;
        var response = ctx.Response;
        string correlationId = Guid.NewGuid().ToString();
        response.Headers["X-Correlation-ID"] = correlationId;
        if (!isToken)
        {
            response.Headers["X-Api-Version"] = RequestedVersion(request);
            response.Headers["api-supported-versions"] = "1, 2";
        }

        JournalEntry? entry = null;
        SimulatorState st = tenants.First;
        try
        {
            byte[]? body = await ReadBody(request).ConfigureAwait(false);
            st = isToken ? tenants.ForTokenRequest(ctx, body) : tenants.ForApiCall(ctx);
            var opts = st.Options;
            Interlocked.Increment(ref st.ApiRequests);
            entry = Journal.Begin(ctx, correlationId, body);
            if (request.QueryString.Value?.Length > MaxQueryStringLength)
            {
                // The server's front end refuses it before authentication or routing, with an HTML page.
                entry.Status = 414;
                st.Journal.Add(entry);
                await Write(ctx, st, ApiResult.Text(414, "text/html", "<html><head><title>414 Request-URI Too Long</title></head><body><h1>Request-URI Too Long</h1></body></html>"), isToken).ConfigureAwait(false);
                return;
            }

            // A Latency fault is a slow server: the call is handled once it has waited. The latency setting is the
            // time a call takes to be answered: a read's answer is built while it runs, as a server works while the
            // request and the answer travel (on the one machine that runs the simulator and the client, building a
            // page of 500 devices, a few ms of CPU, would otherwise add to every page's latency and take those cores
            // from the client). A change waits first, so a call the client gives up on while it waits changes nothing.
            var fault = st.Faults.Match(request.Method, request.Path.Value + request.QueryString.Value, out int extraDelay);
            if (extraDelay > 0) await Task.Delay(extraDelay, ctx.RequestAborted).ConfigureAwait(false);
            int latency = opts.LatencyMs;
            Task? answered = null;
            if (latency > 0 && !isToken && HttpMethods.IsGet(request.Method)) answered = Task.Delay(latency, ctx.RequestAborted);
            else if (latency > 0) await Task.Delay(latency, ctx.RequestAborted).ConfigureAwait(false);

            if (fault != null && !fault.After)
            {
                if (answered != null) await answered.ConfigureAwait(false);
                await ApplyFault(ctx, st, fault, entry, correlationId, isToken).ConfigureAwait(false);
                return;
            }

            var result = isToken ? IssueToken(ctx, st, body, correlationId) : Process(ctx, st, body, correlationId);
            if (answered != null)
            {
                try
                {
                    await answered.ConfigureAwait(false);
                }
                catch
                {
                    result.Dispose();
                    throw;
                }
            }
            if (fault != null)
            {
                // Ambiguous write: the change is made, but the client gets a failure.
                result.Dispose();
                await ApplyFault(ctx, st, fault, entry, correlationId, isToken).ConfigureAwait(false);
                return;
            }
            entry.Status = result.Status;
            st.Journal.Add(entry);
            await Write(ctx, st, result, isToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            if (entry != null && entry.Status == 0) entry.Status = 499; // client went away
        }
        finally
        {
            if (entry != null) st.Journal.Add(entry);
        }
    }

    private static string RequestedVersion(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        int i = accept.IndexOf("version=", StringComparison.OrdinalIgnoreCase);
        if (i >= 0 && i + 8 < accept.Length && accept[i + 8] is >= '1' and <= '4') return accept[i + 8].ToString();
        return "1";
    }

    private static ApiResult IssueToken(HttpContext ctx, SimulatorState st, byte[]? body, string correlationId)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (!path.TrimEnd('/').Equals("/connect/token", StringComparison.OrdinalIgnoreCase))
            return ApiResult.Error(404, ErrorCodes.NotFound, "The requested resource was not found.", correlationId);
        if (!HttpMethods.IsPost(ctx.Request.Method))
            return ApiResult.Error(405, ErrorCodes.Validation, "The requested resource does not support http method '" + ctx.Request.Method + "'.", correlationId);
        return st.Auth.IssueToken(ctx, body);
    }

    private static ApiResult Process(HttpContext ctx, SimulatorState st, byte[]? body, string correlationId)
    {
        var authError = st.Auth.Authenticate(ctx, correlationId, out var principal);
        if (authError != null) return authError;
        // Authenticate sets the principal whenever it returns no error.
        var caller = principal!;

        switch (st.Rate.TryConsume())
        {
            case RateDecision.DailyQuotaExceeded:
                return ApiResult.Error(429, ErrorCodes.Throttled, "The daily API request quota for this organization group has been exceeded.", correlationId);
            case RateDecision.PerMinuteExceeded:
                return ApiResult.Error(429, ErrorCodes.Throttled, "Too many requests. The per-minute API rate limit has been exceeded.", correlationId);
        }

        var route = st.Api.Match(ctx.Request.Method, ctx.Request.Path.Value ?? "", out var values, out bool methodNotAllowed);
        if (route == null)
        {
            return methodNotAllowed
                ? ApiResult.Error(405, ErrorCodes.Validation, "The requested resource does not support http method '" + ctx.Request.Method + "'.", correlationId)
                : ApiResult.Error(404, ErrorCodes.NotFound, "No HTTP resource was found that matches the request URI.", correlationId);
        }
        if (!caller.HasAll(route.Permissions)) return ApiResult.Error(403, ErrorCodes.Forbidden, ErrorCodes.ForbiddenMessage, correlationId);

        var req = new ApiRequest { Http = ctx, State = st, Principal = caller, RouteValues = values, Body = body, CorrelationId = correlationId };
        DeviceLifecycle.SettleIfDue(st); // check-ins the clock has reached happen before the call sees the data
        var rwLock = st.Data.Lock;
        if (route.IsWrite) rwLock.EnterWriteLock(); else rwLock.EnterReadLock();
        try
        {
            return route.Handler(req);
        }
        catch (Exception ex)
        {
            return ApiResult.Error(500, ErrorCodes.ServerError, "An unexpected error occurred: " + ex.GetType().Name + ": " + ex.Message, correlationId);
        }
        finally
        {
            if (route.IsWrite) rwLock.ExitWriteLock(); else rwLock.ExitReadLock();
        }
    }

    private static async Task ApplyFault(HttpContext ctx, SimulatorState st, FaultRule fault, JournalEntry entry, string correlationId, bool isToken)
    {
        entry.Fault = fault.Spec.Kind;
        var result = FaultResponder.Build(fault, correlationId);
        if (result == null)
        {
            entry.Status = fault.Spec.Kind == "Stall" ? 0 : 200;
            st.Journal.Add(entry);
            await FaultResponder.RunConnectionFault(ctx, fault, st.Stopping.Token).ConfigureAwait(false);
            return;
        }
        entry.Status = result.Status;
        st.Journal.Add(entry);
        await Write(ctx, st, result, isToken).ConfigureAwait(false);
    }

    private static async Task Write(HttpContext ctx, SimulatorState st, ApiResult r, bool isToken)
    {
        try
        {
            var response = ctx.Response;
            if (!isToken) st.Rate.WriteHeaders(response);
            else response.Headers.CacheControl = "no-store";
            response.StatusCode = r.Status;
            if (r.ContentType != null) response.ContentType = r.ContentType;
            if (r.RetryAfter != null) response.Headers.RetryAfter = r.RetryAfter;
            if (r.Body != null && r.Body.Length > 0)
            {
                response.ContentLength = r.Body.Length;
                await response.Body.WriteAsync(r.Body.WrittenMemory, ctx.RequestAborted).ConfigureAwait(false);
            }
            else if (r.Status != 204)
            {
                response.ContentLength = 0;
            }
        }
        finally
        {
            r.Dispose();
        }
    }

    private static async Task<byte[]?> ReadBody(HttpRequest request)
    {
        if (request.ContentLength == 0) return null;
        if (request.ContentLength == null && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))) return null;
        using var ms = new MemoryStream();
        await request.Body.CopyToAsync(ms).ConfigureAwait(false);
        return ms.Length == 0 ? null : ms.ToArray();
    }
}
