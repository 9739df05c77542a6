using System.Security;

namespace WorkspaceOneUem.Client
{
    /// <summary>What New-Ws1User sends to create a user.</summary>
    public sealed class NewUser
    {
        public string UserName { get; set; }
        public SecureString Password { get; set; }
        public string Email { get; set; }
        public string FirstName { get; set; }
        public string LastName { get; set; }
        public string DisplayName { get; set; }
        public Ws1SecurityType SecurityType { get; set; } = Ws1SecurityType.Basic;
        public long? OrganizationGroupId { get; set; }
        public string Role { get; set; }
        public string ContactNumber { get; set; }
    }
}
