using System;
using System.Collections.Generic;
using System.Threading;

namespace WorkspaceOneUem.Client.Resolution
{
    /// <summary>
    /// Which session a reference (to a user or a device) goes to: its own account when it names one, else the
    /// caller's default; refused when the caller requires another account, or when its account is not connected.
    /// Shared by <see cref="UserResolver"/> and <see cref="DeviceResolver"/> so both route alike.
    /// </summary>
    internal readonly struct AccountRoute
    {
        private AccountRoute(Ws1Session? session, bool otherAccount, string? refusal)
        {
            Session = session;
            IsOtherAccount = otherAccount;
            Refusal = refusal;
        }

        /// <summary>The session to look the reference up in; null when refused.</summary>
        public Ws1Session? Session { get; }

        /// <summary>True when refused because the caller requires another account; else refused as not connected.</summary>
        public bool IsOtherAccount { get; }

        /// <summary>Why it is refused, in a sentence; null when it is not.</summary>
        public string? Refusal { get; }

        public static AccountRoute Of(string? accountName, object target, string? requiredAccountName, Func<string, Ws1Session?> findSession, Func<Ws1Session> defaultSession)
        {
            if (accountName == null)
                return new AccountRoute(defaultSession(), false, null);
            if (requiredAccountName != null && !string.Equals(accountName, requiredAccountName, StringComparison.OrdinalIgnoreCase))
                return new AccountRoute(null, true, $"'{target}' belongs to account '{accountName}', not to '{requiredAccountName}'; it was left alone.");
            Ws1Session? own = findSession(accountName);
            return own == null
                ? new AccountRoute(null, false, $"No connection named '{accountName}'.")
                : new AccountRoute(own, false, null);
        }
    }

    /// <summary>At most a session's PageConcurrency lookups at once per account, whichever resolver starts them.</summary>
    internal sealed class SessionGates
    {
        private readonly Dictionary<Ws1Session, SemaphoreSlim> _gates = new Dictionary<Ws1Session, SemaphoreSlim>();

        public SemaphoreSlim Of(Ws1Session session)
        {
            lock (_gates)
            {
                if (!_gates.TryGetValue(session, out SemaphoreSlim? gate))
                    _gates[session] = gate = new SemaphoreSlim(Math.Max(1, session.PageConcurrency));
                return gate;
            }
        }
    }
}
