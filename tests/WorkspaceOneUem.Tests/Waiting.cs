using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using WorkspaceOneUem.Client;
using Xunit;

namespace WorkspaceOneUem.Tests
{
    /// <summary>How long a test waits for something that should happen at once before it fails; generous for a loaded machine.</summary>
    internal static class Waiting
    {
        public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

        /// <summary>Awaits <paramref name="task"/>, failing the test if it has not ended by the deadline.</summary>
        public static async Task Within(Task task, Func<string> what)
        {
            if (await Task.WhenAny(task, Task.Delay(Deadline)) != task)
                Assert.Fail($"{what()} did not happen within {Deadline.TotalSeconds} s.");
            await task;
        }
    }

    /// <summary>
    /// A fake clock that also tells when a one-shot timer is set on it. A retry wait is set a moment after the retry is
    /// logged, so a test waits for the timer itself before moving the clock past it.
    /// </summary>
    internal sealed class TestClock : FakeTimeProvider
    {
        private readonly object _sync = new object();
        private readonly List<TimeSpan> _timers = new List<TimeSpan>();
        private readonly List<(TimeSpan Due, TaskCompletionSource<bool> Set)> _waits = new List<(TimeSpan, TaskCompletionSource<bool>)>();

        public TestClock() : base(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero))
        {
        }

        public override ITimer CreateTimer(TimerCallback callback, object state, TimeSpan dueTime, TimeSpan period)
        {
            ITimer timer = base.CreateTimer(callback, state, dueTime, period);
            if (period == Timeout.InfiniteTimeSpan)
            {
                lock (_sync)
                {
                    _timers.Add(dueTime);
                    foreach (var wait in _waits.Where(w => w.Due == dueTime))
                        wait.Set.TrySetResult(true);
                }
            }
            return timer;
        }

        /// <summary>Waits until a one-shot timer of <paramref name="due"/> has been set.</summary>
        public Task TimerSetAsync(TimeSpan due)
        {
            var set = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_sync)
            {
                if (_timers.Contains(due))
                    set.TrySetResult(true);
                else
                    _waits.Add((due, set));
            }
            return Waiting.Within(set.Task, () => $"A {due.TotalSeconds} s timer on the fake clock");
        }
    }

    /// <summary>What the client logs, kept for assertions, with a way to wait for a line instead of sleeping.</summary>
    internal sealed class SignalLog : IWs1Log
    {
        private readonly object _sync = new object();
        private readonly List<string> _lines = new List<string>();
        private readonly List<(Func<string, bool> Match, int Count, TaskCompletionSource<bool> Seen)> _waits = new List<(Func<string, bool>, int, TaskCompletionSource<bool>)>();

        public IReadOnlyList<string> Lines
        {
            get { lock (_sync) return _lines.ToList(); }
        }

        public void Verbose(string message) => Add(message);

        public void Warning(string message) => Add("WARNING: " + message);

        public void Progress(string activity, long done, long total) { }

        public void Waiting(string what, TimeSpan wait) => Add($"WAITING {wait.TotalSeconds:0.###} s: {what}");

        private void Add(string line)
        {
            lock (_sync)
            {
                _lines.Add(line);
                foreach (var wait in _waits.Where(w => _lines.Count(w.Match) >= w.Count))
                    wait.Seen.TrySetResult(true);
            }
        }

        /// <summary>Waits until <paramref name="count"/> lines match; returns the matching lines.</summary>
        public async Task<List<string>> WaitForAsync(Func<string, bool> match, int count = 1)
        {
            var seen = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_sync)
            {
                if (_lines.Count(match) >= count)
                    seen.TrySetResult(true);
                else
                    _waits.Add((match, count, seen));
            }
            await WorkspaceOneUem.Tests.Waiting.Within(seen.Task, () => $"{count} matching log line(s) (logged: {string.Join(" | ", Lines)})");
            return Lines.Where(match).ToList();
        }
    }
}
