using System;
using System.Threading;

namespace WorkspaceOneUem.Client
{
    /// <summary>Where the client reports what it does. Messages never contain secrets.</summary>
    public interface IWs1Log
    {
        void Verbose(string message);
        void Warning(string message);

        /// <summary>How far a long operation has got: <paramref name="done"/> of <paramref name="total"/> items.</summary>
        void Progress(string activity, long done, long total);

        /// <summary>A wait about to be slept (a retry's delay), so it can be shown while it runs, not only after.</summary>
        void Waiting(string what, TimeSpan wait);
    }

    /// <summary>
    /// The log of the current logical call. It flows into the tasks a call starts, so paging and retries
    /// running on pool threads report to the caller that started them (a cmdlet drains it on its own thread).
    /// </summary>
    public static class Ws1Diagnostics
    {
        private static readonly AsyncLocal<IWs1Log?> CurrentLog = new AsyncLocal<IWs1Log?>();

        public static IWs1Log? Current
        {
            get => CurrentLog.Value;
            set => CurrentLog.Value = value;
        }

        internal static void Verbose(string message) => CurrentLog.Value?.Verbose(message);

        internal static void Warning(string message) => CurrentLog.Value?.Warning(message);

        internal static void Progress(string activity, long done, long total) => CurrentLog.Value?.Progress(activity, done, total);

        internal static void Waiting(string what, TimeSpan wait) => CurrentLog.Value?.Waiting(what, wait);

    }
}
