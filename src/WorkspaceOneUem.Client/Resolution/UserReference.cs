namespace WorkspaceOneUem.Client.Resolution
{
    /// <summary>
    /// How a caller names a user: a user read from the server (used as it is), an id, an exact user name, or both
    /// (with an email to agree with), optionally in a named account. <see cref="Target"/> is what the caller gave,
    /// for the caller's messages.
    /// </summary>
    public sealed class UserReference
    {
        public UserReference(object target)
        {
            Target = target;
        }

        /// <summary>A user read from the server: needs no lookup.</summary>
        public Ws1User? User { get; set; }
        public long? Id { get; set; }
        public string? UserName { get; set; }
        public string? Email { get; set; }

        /// <summary>The account the reference belongs to; null for the resolver's default account.</summary>
        public string? AccountName { get; set; }

        public object Target { get; }

        /// <summary>
        /// A user object: used as it is when this client read it from the server (Get-Ws1User), else looked up by its
        /// id or name (blank keys count as none), as a deserialized or hand-made user must be.
        /// </summary>
        public static UserReference ForUser(Ws1User user) => new UserReference(user)
        {
            User = user.ReadFromServer ? user : null,
            Id = user.Id > 0 ? user.Id : (long?)null,
            UserName = Blank(user.UserName),
            Email = Blank(user.Email),
            AccountName = Blank(user.AccountName),
        };

        public static UserReference ForId(long id) => new UserReference(id) { Id = id };

        public static UserReference ForName(string userName) => new UserReference(userName) { UserName = userName };

        /// <summary>How the reference names its user, for messages: "user 'ann' (ann@x.example)", "user id 42".</summary>
        public override string ToString()
        {
            string who = UserName != null ? $"user '{UserName}'" : $"user id {Id}";
            return Email != null ? $"{who} ({Email})" : who;
        }

        private static string? Blank(string? text) => text == null || string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
