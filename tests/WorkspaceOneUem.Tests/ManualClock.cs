using System;

namespace WorkspaceOneUem.Tests
{
    /// <summary>A clock that moves only when told to: the simulator's and a follower's, so tests decide when time passes.</summary>
    internal sealed class ManualClock : TimeProvider
    {
        private readonly object _sync = new object();
        private DateTimeOffset _now;

        public ManualClock(DateTimeOffset start) => _now = start;

        public override DateTimeOffset GetUtcNow()
        {
            lock (_sync)
                return _now;
        }

        public void Advance(TimeSpan by)
        {
            lock (_sync)
                _now += by;
        }
    }
}
