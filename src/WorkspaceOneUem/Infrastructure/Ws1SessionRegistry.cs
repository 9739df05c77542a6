using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// The open sessions of one runspace, by account name (case-insensitive). The newest connection is the
    /// default. Per runspace so that hosted runspaces and parallel jobs never see each other's tenants.
    /// </summary>
    internal sealed class Ws1SessionRegistry
    {
        private static readonly ConditionalWeakTable<Runspace, Ws1SessionRegistry> ByRunspace = new ConditionalWeakTable<Runspace, Ws1SessionRegistry>();
        private static readonly Ws1SessionRegistry NoRunspace = new Ws1SessionRegistry();

        private readonly object _gate = new object();
        private readonly Dictionary<string, Ws1Session> _sessions = new Dictionary<string, Ws1Session>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _order = new List<string>();

        public static Ws1SessionRegistry Current
        {
            get
            {
                Runspace runspace = Runspace.DefaultRunspace;
                return runspace == null ? NoRunspace : ByRunspace.GetValue(runspace, _ => new Ws1SessionRegistry());
            }
        }

        public string? DefaultAccountName
        {
            get { lock (_gate) return _order.Count > 0 ? _order[_order.Count - 1] : null; }
        }

        public Ws1Session? Find(string accountName)
        {
            lock (_gate)
                return _sessions.TryGetValue(accountName, out Ws1Session? session) ? session : null;
        }

        /// <summary>Adds or replaces a session and makes it the default; returns the one it replaced.</summary>
        public Ws1Session? Set(Ws1Session session)
        {
            lock (_gate)
            {
                _sessions.TryGetValue(session.AccountName, out Ws1Session? previous);
                _sessions[session.AccountName] = session;
                _order.RemoveAll(n => string.Equals(n, session.AccountName, StringComparison.OrdinalIgnoreCase));
                _order.Add(session.AccountName);
                return previous;
            }
        }

        public Ws1Session? Remove(string accountName)
        {
            lock (_gate)
            {
                if (!_sessions.TryGetValue(accountName, out Ws1Session? session))
                    return null;
                _sessions.Remove(accountName);
                _order.RemoveAll(n => string.Equals(n, accountName, StringComparison.OrdinalIgnoreCase));
                return session;
            }
        }

        /// <summary>Sessions in connection order, oldest first.</summary>
        public IReadOnlyList<Ws1Session> All()
        {
            lock (_gate)
                return _order.Select(n => _sessions[n]).ToList();
        }
    }
}
