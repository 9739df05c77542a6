using System.Security;
using System.Text.RegularExpressions;

namespace WorkspaceOneUem.Client
{
    /// <summary>What New-Ws1User sends to create a user.</summary>
    public sealed class NewUser
    {
        // One @, no spaces, a dot in the domain: what the server accepts, without the full RFC 5322 grammar.
        internal static readonly Regex EmailShape = new Regex(@"^[^@\s]+@[^@\s]+\.[^@\s.]+$", RegexOptions.CultureInvariant);

        public string? UserName { get; set; }
        public SecureString? Password { get; set; }
        public string? Email { get; set; }
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? DisplayName { get; set; }
        public Ws1SecurityType SecurityType { get; set; } = Ws1SecurityType.Basic;
        public long? OrganizationGroupId { get; set; }
        public string? Role { get; set; }
        public string? ContactNumber { get; set; }

        /// <summary>
        /// Why the server would refuse this user, or null: checked before any request. <paramref name="property"/>
        /// names the property at fault (UserName, Password, Email).
        /// </summary>
        public string? FindProblem(out string? property)
        {
            property = nameof(UserName);
            if (string.IsNullOrWhiteSpace(UserName))
                return "The user name is empty.";
            property = nameof(Password);
            if (SecurityType == Ws1SecurityType.Basic && (Password == null || Password.Length == 0))
                return $"A Basic user needs a password: give -Password for '{UserName}', or use -SecurityType Directory for a user who signs in with directory credentials.";
            property = nameof(Email);
            if (Email is { Length: > 0 } && !EmailShape.IsMatch(Email.Trim()))
                return $"'{Email}' is not an email address (expected name@domain.tld).";
            property = null;
            return null;
        }
    }
}
