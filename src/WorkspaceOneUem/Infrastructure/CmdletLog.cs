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
        private readonly ConcurrentQueue<(bool warning, string text)> _messages = new ConcurrentQueue<(bool, string)>();

        public void Verbose(string message) => _messages.Enqueue((false, message));

        public void Warning(string message) => _messages.Enqueue((true, message));

        public bool TryTake(out bool warning, out string text)
        {
            bool taken = _messages.TryDequeue(out var item);
            warning = item.warning;
            text = item.text;
            return taken;
        }
    }
}
