namespace WorkspaceOneUem
{
    /// <summary>An organization group (v1 LocationGroup), as Get-Ws1OrganizationGroup emits it.</summary>
    public sealed class Ws1OrganizationGroup
    {
        public string? AccountName { get; set; }
        public long Id { get; set; }
        public string? Name { get; set; }

        /// <summary>The group's short code (GroupId on the wire, e.g. "simcorp"), which enrollment asks for.</summary>
        public string? GroupId { get; set; }

        /// <summary>Global, Customer, Partner, Container, ...</summary>
        public string? Type { get; set; }
        public string? Uuid { get; set; }

        /// <summary>The parent group's id; 0 for the top of the tree.</summary>
        public long ParentId { get; set; }
        public string? ParentName { get; set; }
        public long UserCount { get; set; }
        public long DeviceCount { get; set; }
        public long AdminCount { get; set; }

        public override string? ToString() => Name;
    }
}
