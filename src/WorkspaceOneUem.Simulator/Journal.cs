using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace WorkspaceOneUem.Simulator;

internal sealed class JournalEntry
{
    public long Seq;
    public DateTime Time;
    public required string Method;
    public required string Path;
    public required string Query;
    public int Status;
    public required string CorrelationId;
    public required List<KeyValuePair<string, string>> Headers;
    public string? Body;
    public string? Fault;
    public bool Recorded;
}

/// <summary>
/// Ring buffer of the last requests, for tests to assert on what a client really sent.
/// Secrets (passwords, API keys, tokens, client secrets) are masked before anything is stored.
/// </summary>
internal sealed partial class Journal
{
    public const int Capacity = 200_000;
    private const int MaxBodyChars = 64 * 1024;

    private readonly object _sync = new();
    private readonly JournalEntry[] _ring = new JournalEntry[Capacity];
    private int _start, _count;
    private long _nextSeq = 1;
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    [GeneratedRegex("(\"(?:password|client_secret|clientsecret|unlock_pin|pin)\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\]\\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex JsonSecret();

    [GeneratedRegex("(^|&)((?:password|client_secret|client_id_secret)=)[^&]*", RegexOptions.IgnoreCase)]
    private static partial Regex FormSecret();

    public static JournalEntry Begin(HttpContext ctx, string correlationId, byte[]? body)
    {
        var req = ctx.Request;
        var headers = new List<KeyValuePair<string, string>>(4);
        void Add(string name, string? value) { if (value != null) headers.Add(new(name, value)); }
        Add("Accept", req.Headers.Accept.Count > 0 ? req.Headers.Accept.ToString() : null);
        Add("aw-tenant-code", req.Headers.ContainsKey("aw-tenant-code") ? "***" : null);
        var auth = req.Headers.Authorization.ToString();
        if (auth.Length > 0)
        {
            int space = auth.IndexOf(' ');
            Add("Authorization", space > 0 ? auth[..space] + " ***" : "***");
        }
        Add("Content-Type", req.ContentType);
        return new JournalEntry
        {
            Time = DateTime.UtcNow,
            Method = req.Method,
            Path = req.PathBase + req.Path,
            Query = req.QueryString.HasValue ? req.QueryString.Value : "",
            CorrelationId = correlationId,
            Headers = headers,
            Body = MaskBody(body),
        };
    }

    public static string? MaskBody(byte[]? body)
    {
        if (body == null || body.Length == 0) return null;
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, MaxBodyChars));
        text = JsonSecret().Replace(text, "$1\"***\"");
        text = FormSecret().Replace(text, "$1$2***");
        return text;
    }

    /// <summary>
    /// Records an entry once. The pipeline records it just before the answer goes out, so a client that has its
    /// answer finds the call in the journal; a status set later (a client that went away) still shows.
    /// </summary>
    public void Add(JournalEntry e)
    {
        lock (_sync)
        {
            if (e.Recorded) return;
            e.Recorded = true;
            Interlocked.Increment(ref _total);
            e.Seq = _nextSeq++; // assigned when recorded, in order, so "since" polling never skips an entry
            int idx = (_start + _count) % Capacity;
            _ring[idx] = e;
            if (_count < Capacity) _count++; else _start = (_start + 1) % Capacity;
        }
    }

    public void Clear()
    {
        lock (_sync)
        {
            Array.Clear(_ring);
            _start = _count = 0;
        }
    }

    public List<JournalEntry> Since(long seq, int limit)
    {
        var result = new List<JournalEntry>();
        lock (_sync)
        {
            for (int i = 0; i < _count && result.Count < limit; i++)
            {
                var e = _ring[(_start + i) % Capacity];
                if (e.Seq > seq) result.Add(e);
            }
        }
        return result;
    }

    public static void Write(Utf8JsonWriter w, JournalEntry e)
    {
        w.WriteStartObject();
        w.WriteNumber("Seq", e.Seq);
        w.WriteString("Time", e.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        w.WriteString("Method", e.Method);
        w.WriteString("Path", e.Path);
        w.WriteString("Query", e.Query);
        w.WriteNumber("Status", e.Status);
        w.WriteString("CorrelationId", e.CorrelationId);
        w.WritePropertyName("Headers");
        w.WriteStartObject();
        foreach (var h in e.Headers) w.WriteString(h.Key, h.Value);
        w.WriteEndObject();
        if (e.Body != null) w.WriteString("Body", e.Body); else w.WriteNull("Body");
        if (e.Fault != null) w.WriteString("Fault", e.Fault); else w.WriteNull("Fault");
        w.WriteEndObject();
    }
}
