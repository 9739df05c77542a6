using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;

namespace WorkspaceOneUem.Simulator;

/// <summary>A buffered response: handlers build it first so an "After" fault can still replace it.</summary>
internal sealed class ApiResult : IDisposable
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public int Status;
    public string? ContentType;
    public PooledBufferWriter? Body;
    public string? RetryAfter;

    public static ApiResult Json(int status, Action<Utf8JsonWriter> write, int initialCapacity = 1024) =>
        new() { Status = status, ContentType = JsonContentType, Body = JsonUtil.Write(write, initialCapacity) };

    /// <summary>Status with no body and no Content-Type (e.g. 202 for commands, the empty 401).</summary>
    public static ApiResult Empty(int status) => new() { Status = status };

    /// <summary>The real service answers an empty search with 204, an empty body and text/plain.</summary>
    public static ApiResult NoContent() => new() { Status = 204, ContentType = "text/plain" };

    public static ApiResult Error(int status, int errorCode, string message, string activityId) => Json(status, w =>
    {
        w.WriteStartObject();
        w.WriteNumber("errorCode", errorCode);
        w.WriteString("message", message);
        w.WriteString("activityId", activityId);
        w.WriteEndObject();
    }, 256);

    public static ApiResult Text(int status, string contentType, string text)
    {
        var body = new PooledBufferWriter(Math.Max(16, Encoding.UTF8.GetMaxByteCount(text.Length)));
        body.Advance(Encoding.UTF8.GetBytes(text, body.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));
        return new ApiResult { Status = status, ContentType = contentType, Body = body };
    }

    public void Dispose() { Body?.Dispose(); Body = null; }
}

/// <summary>Error codes used in bodies. The real service's numbering is only partly public: 1005 and 5100 are seen in captures.</summary>
internal static class ErrorCodes
{
    public const int Validation = 1001;
    public const int NotFound = 1002;
    public const int Auth = 1005;
    public const int Forbidden = 1013;
    public const int Throttled = 429;
    public const int ServerError = 500;
    public const int NotEnrolled = 5101;
    public const int UnlockPinRequired = 5102;
    public const int UnsupportedCommand = 5103;
    public const int PlatformRefused = 5100;

    public const string ForbiddenMessage = "User does not have the required permission to perform this action.";
}

/// <summary>Everything a handler needs about the current /api call.</summary>
internal sealed class ApiRequest
{
    public required HttpContext Http;
    public required SimulatorState State;
    public required Principal Principal;
    public required string[] RouteValues;
    public byte[]? Body;
    public required string CorrelationId;

    public TenantData Data => State.Data;
    public SimulatorOptions Options => State.Options;
    public DateTime Now => State.Now;

    /// <summary>Query parameter by name (names are case-insensitive); null when absent or blank.</summary>
    public string? Q(string name)
    {
        var v = Http.Request.Query[name];
        if (v.Count == 0) return null;
        var s = v[0];
        return string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }

    public int? QInt(string name)
    {
        var s = Q(name);
        return s != null && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    public long RouteLong(int index) =>
        long.TryParse(RouteValues[index], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1;

    public ApiResult Error(int status, int code, string message) => ApiResult.Error(status, code, message, CorrelationId);
    public ApiResult Forbidden() => Error(403, ErrorCodes.Forbidden, ErrorCodes.ForbiddenMessage);
    public ApiResult NotFound(string what) => Error(404, ErrorCodes.NotFound, what);
    public ApiResult BadRequest(string message) => Error(400, ErrorCodes.Validation, message);

    public bool Has(string[] permissions) => Principal != null && Principal.HasAll(permissions);

    /// <summary>Parses the JSON body; returns false with a 400 result when it is missing or malformed.</summary>
    public bool TryParseBody([NotNullWhen(true)] out JsonDocument? doc, [NotNullWhen(false)] out ApiResult? error)
    {
        doc = null;
        error = null;
        if (Body == null || Body.Length == 0) { error = BadRequest("The request body is required."); return false; }
        try
        {
            doc = JsonDocument.Parse(Body, JsonUtil.ReadOptions);
            return true;
        }
        catch (JsonException)
        {
            error = BadRequest("The request body is not valid JSON.");
            return false;
        }
    }

    /// <summary>Page and page size as the v1 searches do: 0-based page, pagesize defaulting to and capped at PageCap.</summary>
    public (int Page, int PageSize) Paging() => Paging("pagesize", Options.PageCap, Options.PageCap);

    /// <summary>
    /// Page and page size for an operation whose size parameter is <paramref name="sizeName"/>: a missing or
    /// non-positive size is <paramref name="defaultSize"/>, a larger one is cut to <paramref name="cap"/> (and to
    /// PageCap). Other spellings are unknown parameters, ignored as the real service ignores them.
    /// </summary>
    public (int Page, int PageSize) Paging(string sizeName, int defaultSize, int cap)
    {
        cap = Math.Max(1, Math.Min(cap, Options.PageCap));
        int size = QInt(sizeName) ?? defaultSize;
        if (size <= 0) size = defaultSize;
        if (size > cap) size = cap;
        int page = Math.Max(0, QInt("page") ?? 0);
        return (page, size);
    }
}

internal delegate ApiResult Handler(ApiRequest request);

internal sealed class Route
{
    public required string Method;
    public required string[] Segments; // literal (lower case), "{id}" = digits, "{*}" = any
    public bool IsWrite;
    public required string[] Permissions;
    public required Handler Handler;
}

/// <summary>Minimal case-insensitive router: lets us answer unknown paths with the service's 404 body and wrong methods with 405.</summary>
internal sealed class Router
{
    private readonly List<Route> _routes = new();

    public void Get(string pattern, string[] permissions, Handler handler) => Add("GET", pattern, false, permissions, handler);
    public void Post(string pattern, string[] permissions, Handler handler, bool isWrite = true) => Add("POST", pattern, isWrite, permissions, handler);
    public void Delete(string pattern, string[] permissions, Handler handler) => Add("DELETE", pattern, true, permissions, handler);
    public void Put(string pattern, string[] permissions, Handler handler) => Add("PUT", pattern, true, permissions, handler);

    private void Add(string method, string pattern, bool isWrite, string[] permissions, Handler handler) =>
        _routes.Add(new Route
        {
            Method = method,
            Segments = pattern.Trim('/').Split('/').Select(s => s.StartsWith('{') ? s : s.ToLowerInvariant()).ToArray(),
            IsWrite = isWrite,
            Permissions = permissions,
            Handler = handler,
        });

    /// <summary>Returns the matching route; methodNotAllowed is set when the path exists for another method.</summary>
    public Route? Match(string method, string path, out string[] values, out bool methodNotAllowed)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        methodNotAllowed = false;
        values = Array.Empty<string>();
        foreach (var r in _routes)
        {
            if (r.Segments.Length != parts.Length) continue;
            List<string>? captured = null;
            bool ok = true;
            for (int i = 0; i < parts.Length && ok; i++)
            {
                var seg = r.Segments[i];
                if (seg == "{id}")
                {
                    ok = parts[i].Length <= 18 && parts[i].All(char.IsAsciiDigit);
                    (captured ??= new List<string>()).Add(parts[i]);
                }
                else if (seg == "{*}")
                {
                    (captured ??= new List<string>()).Add(Uri.UnescapeDataString(parts[i]));
                }
                else
                {
                    ok = string.Equals(seg, parts[i], StringComparison.OrdinalIgnoreCase);
                }
            }
            if (!ok) continue;
            if (!string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)) { methodNotAllowed = true; continue; }
            values = captured?.ToArray() ?? Array.Empty<string>();
            return r;
        }
        return null;
    }
}
