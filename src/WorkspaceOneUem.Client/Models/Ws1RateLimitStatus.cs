using System;

namespace WorkspaceOneUem
{
    /// <summary>The daily quota as the last response's X-RateLimit-* headers told it.</summary>
    public sealed class Ws1RateLimitStatus
    {
        public long Limit { get; set; }
        public long Remaining { get; set; }
        public DateTimeOffset? ResetsAt { get; set; }

        public override string ToString() => $"{Remaining}/{Limit} left" + (ResetsAt.HasValue ? $", resets {ResetsAt.Value.ToLocalTime():yyyy-MM-dd HH:mm}" : string.Empty);
    }
}
