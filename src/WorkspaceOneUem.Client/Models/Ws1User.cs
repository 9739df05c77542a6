namespace WorkspaceOneUem
{
    public enum Ws1UserStatus
    {
        Active,
        Inactive,
    }

    public enum Ws1SecurityType
    {
        Directory = 1,
        Basic = 2,
    }

    /// <summary>An enrollment user of a UEM tenant, as Get-Ws1User emits it.</summary>
    public sealed class Ws1User
    {
        /// <summary>The license an active enrollment user holds.</summary>
        public const string WorkspaceOneLicense = "Workspace One";

        public string? AccountName { get; set; }
        public long Id { get; set; }
        public string? Uuid { get; set; }
        public string? UserName { get; set; }
        public string? Email { get; set; }
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? DisplayName { get; set; }
        public Ws1UserStatus Status { get; set; }

        /// <summary>"Workspace One" for active users; inactive users hold no license.</summary>
        public string LicenseType => Status == Ws1UserStatus.Active ? WorkspaceOneLicense : "None";

        public long OrganizationGroupId { get; set; }
        public string? OrganizationGroupName { get; set; }
        public string? OrganizationGroupUuid { get; set; }
        public Ws1SecurityType SecurityType { get; set; }
        public string? Role { get; set; }
        public string? ContactNumber { get; set; }
        public string? MobileNumber { get; set; }
        public int EnrolledDeviceCount { get; set; }
        public string? ExternalId { get; set; }
        public string? CustomAttribute1 { get; set; }
        public string? CustomAttribute2 { get; set; }
        public string? CustomAttribute3 { get; set; }
        public string? CustomAttribute4 { get; set; }
        public string? CustomAttribute5 { get; set; }

        /// <summary>True for a user this client read from the server; a piped object built by hand is looked up again.</summary>
        internal bool ReadFromServer { get; set; }

        internal Ws1User WithStatus(Ws1UserStatus status)
        {
            var copy = (Ws1User)MemberwiseClone();
            copy.Status = status;
            return copy;
        }

        public override string? ToString() => UserName;
    }
}
