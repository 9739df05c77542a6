using System.Collections.Generic;

namespace WorkspaceOneUem.Client.Resolution
{
    public enum UserOutcomeKind
    {
        /// <summary>The user, and its devices when they were asked for.</summary>
        Found,

        /// <summary>No user with that id, or with exactly that name, in the account.</summary>
        NotFound,

        /// <summary>The reference names an account that has no open session.</summary>
        NotConnected,

        /// <summary>The reference belongs to another account than the one the caller requires; left alone.</summary>
        OtherAccount,

        /// <summary>The id names another user than the name or email given with it; left alone.</summary>
        Mismatch,

        /// <summary>A user name with wildcard characters, where only exact names are taken.</summary>
        NotExact,

        /// <summary>The lookup failed; <see cref="UserOutcome.Error"/> says how.</summary>
        Failed,
    }

    /// <summary>What became of one user reference: one outcome per reference, or one per user a name matched.</summary>
    public sealed class UserOutcome
    {
        internal UserOutcome(UserReference reference, UserOutcomeKind kind, Ws1Session? session, string message)
        {
            Reference = reference;
            Kind = kind;
            Session = session;
            Message = message;
        }

        public UserReference Reference { get; }
        public UserOutcomeKind Kind { get; }

        /// <summary>The session the user was looked up in; null when there was none.</summary>
        public Ws1Session? Session { get; }

        public Ws1User? User { get; internal set; }

        /// <summary>The user's own devices (exact user name), when devices were asked for and found.</summary>
        public IReadOnlyList<Ws1Device>? Devices { get; internal set; }

        /// <summary>Why the user's devices could not be read; the user is then not to be acted on.</summary>
        public Ws1ApiException? DeviceError { get; internal set; }

        /// <summary>Why the lookup failed (<see cref="UserOutcomeKind.Failed"/>, and NotFound read from a 404).</summary>
        public Ws1ApiException? Error { get; internal set; }

        /// <summary>What happened, in a sentence for an error record; empty for <see cref="UserOutcomeKind.Found"/>.</summary>
        public string Message { get; }

        /// <summary>The account name the reference named, for NotConnected and OtherAccount.</summary>
        public string? AccountName => Reference.AccountName;
    }
}
