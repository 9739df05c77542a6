using System;

namespace WorkspaceOneUem
{
    /// <summary>Where a user group's members come from.</summary>
    public enum Ws1UserGroupType
    {
        /// <summary>Made in the console; its members are changed through the API (add, remove).</summary>
        Custom,

        /// <summary>Synced from a directory (Active Directory, LDAP): its members are changed in the directory, never through the API.</summary>
        Directory,
    }

    /// <summary>A user group of a UEM tenant, as Get-Ws1UserGroup emits it.</summary>
    public sealed class Ws1UserGroup
    {
        public string? AccountName { get; set; }
        public long Id { get; set; }
        public string? Uuid { get; set; }
        public string? Name { get; set; }
        public string? Description { get; set; }
        public Ws1UserGroupType Type { get; set; }

        /// <summary>The organization group the user group belongs to.</summary>
        public long OrganizationGroupId { get; set; }
        public string? OrganizationGroupName { get; set; }
        public string? OrganizationGroupUuid { get; set; }

        /// <summary>How many users the group holds, as the server counts them.</summary>
        public long MemberCount { get; set; }

        /// <summary>False when the server sent no count: then <see cref="MemberCount"/> 0 does not mean empty.</summary>
        internal bool MemberCountKnown { get; set; }

        /// <summary>The directory object a directory group is synced from; empty for a custom group.</summary>
        public string? DistinguishedName { get; set; }

        /// <summary>When a directory group was last synced; as the server sends it, no time zone. Null for a custom group.</summary>
        public DateTime? LastSyncOn { get; set; }

        /// <summary>"'VPN Users' (id 3001)": how prompts and errors name a group.</summary>
        public string Describe() => $"'{Name}' (id {Id})";

        public override string? ToString() => Name;
    }
}
