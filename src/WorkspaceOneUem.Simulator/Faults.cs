using Microsoft.AspNetCore.Http;

namespace WorkspaceOneUem.Simulator;

/// <summary>A fault rule as posted to /_sim/faults or given with --fault.</summary>
public sealed class FaultSpec
{
    /// <summary>See <see cref="FaultStore.Kinds"/>.</summary>
    public string? Kind { get; set; }
    /// <summary>Probability 0..1 per matching call. Ignored when <see cref="Count"/> is set.</summary>
    public double? Rate { get; set; }
    /// <summary>Fire on the next N matching calls, then stop.</summary>
    public int? Count { get; set; }
    /// <summary>Only calls with this HTTP method (optional).</summary>
    public string? Method { get; set; }
    /// <summary>Only calls whose path (and query) contains this text, case-insensitive (optional).</summary>
    public string? PathContains { get; set; }
    /// <summary>"Before" (default): the fault replaces the call. "After": the call is processed, then the fault is answered.</summary>
    public string? Phase { get; set; }
    /// <summary>Retry-After value for the *RetryAfter kinds (seconds or an HTTP date); default "1".</summary>
    public string? RetryAfter { get; set; }
    /// <summary>Extra delay for the Latency kind.</summary>
    public int DelayMs { get; set; }

    internal FaultSpec Clone() => (FaultSpec)MemberwiseClone();
}

internal sealed class FaultRule
{
    public int Id;
    public required FaultSpec Spec;
    public int Remaining; // -1 = unlimited (rate based)
    public long Hits;
    public bool After;
}

/// <summary>The active fault rules of one server.</summary>
internal sealed class FaultStore
{
    public static readonly string[] Kinds =
    {
        "Throttle429", "Throttle429RetryAfter", "Error500", "Error502", "Error503", "Error503RetryAfter",
        "Reset", "Stall", "EndlessBody200", "Html200", "MalformedJson", "EmptyBody200", "Latency",
    };

    public static bool IsKnownKind(string kind) => Kinds.Contains(kind, StringComparer.OrdinalIgnoreCase);

    private readonly object _sync = new();
    private readonly List<FaultRule> _rules = new();
    private readonly Random _random;
    private int _nextId = 1;

    public FaultStore(int seed) => _random = new Random(seed);

    /// <summary>Adds a rule; returns its id, or an error message.</summary>
    public int Add(FaultSpec? spec, out string? error)
    {
        error = null;
        if (spec == null || string.IsNullOrWhiteSpace(spec.Kind) || !IsKnownKind(spec.Kind))
        {
            error = "Unknown fault Kind. Known kinds: " + string.Join(", ", Kinds) + ".";
            return 0;
        }
        if (spec.Rate is < 0 or > 1) { error = "Rate must be between 0 and 1."; return 0; }
        if (spec.Count is < 0) { error = "Count must not be negative."; return 0; }
        bool after = string.Equals(spec.Phase, "After", StringComparison.OrdinalIgnoreCase);
        if (!after && spec.Phase != null && !string.Equals(spec.Phase, "Before", StringComparison.OrdinalIgnoreCase)) { error = "Phase must be Before or After."; return 0; }
        spec.Kind = Kinds.First(k => string.Equals(k, spec.Kind, StringComparison.OrdinalIgnoreCase));
        lock (_sync)
        {
            var rule = new FaultRule { Id = _nextId++, Spec = spec, Remaining = spec.Count ?? -1, After = after };
            _rules.Add(rule);
            return rule.Id;
        }
    }

    public void Clear() { lock (_sync) _rules.Clear(); }

    public bool Remove(int id) { lock (_sync) return _rules.RemoveAll(r => r.Id == id) > 0; }

    /// <summary>
    /// Picks the fault for a call. Latency rules add up and never stop the call; the first other rule that
    /// fires wins. Count-based rules are consumed here.
    /// </summary>
    public FaultRule? Match(string method, string pathAndQuery, out int extraDelayMs)
    {
        extraDelayMs = 0;
        FaultRule? chosen = null;
        lock (_sync)
        {
            if (_rules.Count == 0) return null;
            foreach (var r in _rules)
            {
                var s = r.Spec;
                if (r.Remaining == 0) continue;
                if (s.Method != null && !string.Equals(s.Method, method, StringComparison.OrdinalIgnoreCase)) continue;
                if (s.PathContains != null && pathAndQuery.IndexOf(s.PathContains, StringComparison.OrdinalIgnoreCase) < 0) continue;
                bool isLatency = s.Kind == "Latency";
                if (!isLatency && chosen != null) continue;
                if (r.Remaining < 0 && _random.NextDouble() >= (s.Rate ?? 1.0)) continue;
                if (r.Remaining > 0) r.Remaining--;
                r.Hits++;
                if (isLatency) extraDelayMs += Math.Max(0, s.DelayMs);
                else chosen = r;
            }
        }
        return chosen;
    }

    public void WriteList(Utf8JsonWriter w)
    {
        lock (_sync)
        {
            w.WriteStartArray();
            foreach (var r in _rules)
            {
                var s = r.Spec;
                w.WriteStartObject();
                w.WriteNumber("Id", r.Id);
                w.WriteString("Kind", s.Kind);
                if (s.Rate.HasValue) w.WriteNumber("Rate", s.Rate.Value); else w.WriteNull("Rate");
                if (s.Count.HasValue) w.WriteNumber("Count", s.Count.Value); else w.WriteNull("Count");
                w.WriteNumber("Remaining", r.Remaining);
                w.WriteString("Method", s.Method);
                w.WriteString("PathContains", s.PathContains);
                w.WriteString("Phase", r.After ? "After" : "Before");
                w.WriteString("RetryAfter", s.RetryAfter);
                w.WriteNumber("DelayMs", s.DelayMs);
                w.WriteNumber("Hits", r.Hits);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
    }
}

/// <summary>Produces the misbehaviour of a fault rule on the wire.</summary>
internal static class FaultResponder
{
    private const string LoginPage =
        "<!DOCTYPE html>\n<html><head><title>Workspace ONE UEM - Login</title></head>\n<body><form method=\"post\" action=\"/AirWatch/Login\">" +
        "<h1>Workspace ONE UEM</h1><label>Username <input name=\"UserName\"/></label><label>Password <input type=\"password\" name=\"Password\"/></label>" +
        "<button type=\"submit\">Log In</button></form></body></html>\n";

    private static string GatewayPage(int status, string reason) =>
        $"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n</body>\r\n</html>\r\n";

    /// <summary>Builds the fault response, or null for the kinds that misbehave at the connection level (Reset, Stall, EndlessBody200).</summary>
    public static ApiResult? Build(FaultRule rule, string correlationId)
    {
        var s = rule.Spec;
        string retryAfter = string.IsNullOrWhiteSpace(s.RetryAfter) ? "1" : s.RetryAfter;
        switch (s.Kind)
        {
            case "Throttle429":
                return ApiResult.Error(429, ErrorCodes.Throttled, "Too many requests. The API rate limit has been exceeded.", correlationId);
            case "Throttle429RetryAfter":
            {
                var r = ApiResult.Error(429, ErrorCodes.Throttled, "Too many requests. The API rate limit has been exceeded.", correlationId);
                r.RetryAfter = retryAfter;
                return r;
            }
            case "Error500":
                return ApiResult.Error(500, ErrorCodes.ServerError, "An unexpected error occurred. Please contact support and quote the activity id.", correlationId);
            case "Error502":
                return ApiResult.Text(502, "text/html", GatewayPage(502, "Bad Gateway"));
            case "Error503":
                return ApiResult.Text(503, "text/html", GatewayPage(503, "Service Temporarily Unavailable"));
            case "Error503RetryAfter":
            {
                var r = ApiResult.Text(503, "text/html", GatewayPage(503, "Service Temporarily Unavailable"));
                r.RetryAfter = retryAfter;
                return r;
            }
            case "Html200":
                return ApiResult.Text(200, "text/html; charset=utf-8", LoginPage);
            case "MalformedJson":
                return ApiResult.Text(200, ApiResult.JsonContentType, "{\"Users\":[{\"Id\":{\"Value\":1},\"Uuid\":\"5a1d3c2e-\",\"UserName\":\"trunc");
            case "EmptyBody200":
                return new ApiResult { Status = 200, ContentType = ApiResult.JsonContentType };
            default:
                return null;
        }
    }

    /// <summary>Connection-level faults: a reset mid-body, a body that never ends, or a stall until the client gives up.</summary>
    public static async Task RunConnectionFault(HttpContext ctx, FaultRule rule, CancellationToken serverStopping)
    {
        if (rule.Spec.Kind == "EndlessBody200")
        {
            // A records list that never closes, as a broken gateway or a hostile server could send: only the client's limit ends it.
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = ApiResult.JsonContentType;
            var record = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(
                "{\"Id\":{\"Value\":1},\"Uuid\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"UserName\":\"endless\",\"Email\":\"endless@simcorp.example\",\"Status\":true},", 64)));
            using var endless = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, serverStopping);
            try
            {
                await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("{\"Users\":["), endless.Token);
                while (true)
                    await ctx.Response.Body.WriteAsync(record, endless.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is IOException)
            {
            }
            ctx.Abort();
            return;
        }
        if (rule.Spec.Kind == "Reset")
        {
            var partial = Encoding.UTF8.GetBytes("{\"Users\":[{\"Id\":{\"Value\":1},\"Uuid\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"UserName\":\"");
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = ApiResult.JsonContentType;
            ctx.Response.ContentLength = 4096; // promise more than we send, so the client sees a truncated body
            await ctx.Response.Body.WriteAsync(partial);
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(20);
            ctx.Abort();
            return;
        }
        // Stall: say nothing for 120 s or until the client (or the server) gives up.
        // A client that went away is let through to the pipeline, which journals the call as 499.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, serverStopping);
        try { await Task.Delay(TimeSpan.FromSeconds(120), linked.Token); } catch (OperationCanceledException) when (!ctx.RequestAborted.IsCancellationRequested) { }
        ctx.Abort();
    }
}
