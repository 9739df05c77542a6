using System.Collections.Concurrent;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// Collects what the client reports from any thread; the cmdlet writes it out on the pipeline thread,
    /// the only thread PowerShell lets write to its streams.
    /// </summary>
    internal sealed class CmdletLog : IWs1Log
    {
        public enum Kind
        {
            Verbose,
            Warning,
            Progress,
            Waiting,
        }

        public struct Entry
        {
            public Kind Kind;
            public string Text;
            public long Done;
            public long Total;
        }

        private readonly ConcurrentQueue<Entry> _entries = new ConcurrentQueue<Entry>();

        public void Verbose(string message) => _entries.Enqueue(new Entry { Kind = Kind.Verbose, Text = message });

        public void Warning(string message) => _entries.Enqueue(new Entry { Kind = Kind.Warning, Text = message });

        public void Progress(string activity, long done, long total) =>
            _entries.Enqueue(new Entry { Kind = Kind.Progress, Text = activity, Done = done, Total = total });

        public void Waiting(string what, System.TimeSpan wait) =>
            _entries.Enqueue(new Entry { Kind = Kind.Waiting, Text = what, Total = (long)System.Math.Ceiling(wait.TotalSeconds) });

        public bool TryTake(out Entry entry) => _entries.TryDequeue(out entry);
    }
}
