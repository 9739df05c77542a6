namespace WorkspaceOneUem
{
    /// <summary>A smart group (a device group defined by criteria), as Get-Ws1SmartGroup emits it.</summary>
    public sealed class Ws1SmartGroup
    {
        public string? AccountName { get; set; }
        public long Id { get; set; }
        public string? Uuid { get; set; }
        public string? Name { get; set; }

        /// <summary>The organization group that manages the smart group; its devices come from that group and the groups below it.</summary>
        public long OrganizationGroupId { get; set; }
        public string? OrganizationGroupName { get; set; }
        public string? OrganizationGroupUuid { get; set; }

        /// <summary>How many devices the group holds, as the server counts them.</summary>
        public long DeviceCount { get; set; }
        public long AssignmentCount { get; set; }
        public long ExclusionCount { get; set; }

        public override string? ToString() => Name;
    }
}
