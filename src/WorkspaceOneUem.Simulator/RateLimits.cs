using Microsoft.AspNetCore.Http;

namespace WorkspaceOneUem.Simulator;

internal enum RateDecision { Allowed, DailyQuotaExceeded, PerMinuteExceeded }

/// <summary>Daily quota (UTC day) and an optional per-minute throttle, shared by all callers of the tenant.</summary>
internal sealed class RateLimiter
{
    private readonly object _sync = new();
    private readonly SimulatorOptions _options;
    private DateTime _day = DateTime.UtcNow.Date;
    private int _usedToday;
    private DateTime _minuteStart = DateTime.UtcNow;
    private int _minuteCount;
    private long _throttled;

    public RateLimiter(SimulatorOptions options) => _options = options;

    public int UsedToday { get { lock (_sync) return _usedToday; } }
    public long Throttled => Interlocked.Read(ref _throttled);

    public RateDecision TryConsume()
    {
        var now = DateTime.UtcNow;
        lock (_sync)
        {
            RollOver(now);
            if (_usedToday >= _options.DailyQuota) { _throttled++; return RateDecision.DailyQuotaExceeded; }
            int perMinute = _options.PerMinuteLimit;
            if (perMinute > 0)
            {
                if (now - _minuteStart >= TimeSpan.FromMinutes(1)) { _minuteStart = now; _minuteCount = 0; }
                if (_minuteCount >= perMinute) { _throttled++; return RateDecision.PerMinuteExceeded; }
                _minuteCount++;
            }
            _usedToday++;
            return RateDecision.Allowed;
        }
    }

    private void RollOver(DateTime now)
    {
        if (now.Date != _day) { _day = now.Date; _usedToday = 0; }
    }

    public void Reset()
    {
        lock (_sync)
        {
            _usedToday = 0;
            _minuteCount = 0;
            _minuteStart = DateTime.UtcNow;
            _day = DateTime.UtcNow.Date;
        }
    }

    public void WriteHeaders(HttpResponse response)
    {
        int remaining;
        var now = DateTime.UtcNow;
        lock (_sync)
        {
            RollOver(now);
            remaining = Math.Max(0, _options.DailyQuota - _usedToday);
        }
        long reset = new DateTimeOffset(now.Date.AddDays(1), TimeSpan.Zero).ToUnixTimeSeconds();
        var h = response.Headers;
        h["X-RateLimit-Limit"] = _options.DailyQuota.ToString(CultureInfo.InvariantCulture);
        h["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        h["X-RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
    }
}
