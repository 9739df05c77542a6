using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using WorkspaceOneUem.Client.Json;

namespace WorkspaceOneUem.Client.Dtos
{
    /// <summary>
    /// A v1 user group as the wire carries it. The notes leave the search's shape open; this is the simulator's
    /// choice (docs/api-behaviour.md, "User groups and smart groups"): v1 conventions, counts and group ids as strings.
    /// </summary>
    internal sealed class UserGroupDto
    {
        [JsonProperty("Id"), JsonConverter(typeof(ValueIdConverter))] public long Id { get; set; }
        [JsonProperty("Uuid")] public string? Uuid { get; set; }
        [JsonProperty("UserGroupName")] public string? Name { get; set; }
        [JsonProperty("Description")] public string? Description { get; set; }
        [JsonProperty("UserGroupType")] public string? Type { get; set; }
        [JsonProperty("LocationGroupId"), JsonConverter(typeof(LenientNumberConverter))] public long LocationGroupId { get; set; }
        [JsonProperty("LocationGroup")] public string? LocationGroup { get; set; }
        [JsonProperty("OrganizationGroupUuid")] public string? OrganizationGroupUuid { get; set; }
        [JsonProperty("UserCount"), JsonConverter(typeof(LenientNumberConverter))] public long UserCount { get; set; } = -1; // -1: not sent
        [JsonProperty("DistinguishedName")] public string? DistinguishedName { get; set; }
        [JsonProperty("LastSyncOn"), JsonConverter(typeof(ZonelessDateConverter))] public DateTime? LastSyncOn { get; set; }

        public Ws1UserGroup ToGroup(string accountName) => new Ws1UserGroup
        {
            AccountName = accountName,
            Id = Id,
            Uuid = Uuid,
            Name = Name,
            Description = Description,
            Type = TypeOf(Type),
            OrganizationGroupId = LocationGroupId,
            OrganizationGroupName = LocationGroup,
            OrganizationGroupUuid = OrganizationGroupUuid,
            MemberCount = Math.Max(0, UserCount),
            MemberCountKnown = UserCount >= 0,
            DistinguishedName = DistinguishedName,
            LastSyncOn = LastSyncOn,
        };

        /// <summary>
        /// Only a group the server calls Custom is one the API may change: any other or missing type is taken as
        /// synced from the directory, so an unknown kind of group is refused before a change rather than sent.
        /// </summary>
        internal static Ws1UserGroupType TypeOf(string? wire) =>
            wire != null && wire.Trim().StartsWith("Custom", StringComparison.OrdinalIgnoreCase) ? Ws1UserGroupType.Custom : Ws1UserGroupType.Directory;
    }

    internal sealed class UserGroupSearchPage : ISearchPage<UserGroupDto>
    {
        [JsonProperty("UserGroup")] public List<UserGroupDto>? Items { get; set; }
        [JsonProperty("Page")] public int Page { get; set; }
        [JsonProperty("PageSize")] public int PageSize { get; set; }
        [JsonProperty("Total")] public int Total { get; set; }
    }

    /// <summary>
    /// A v1 smart group as the search answers it. The ids of the group and of its managing organization group come as
    /// plain numbers or as {"Value": n}; both are read.
    /// </summary>
    internal sealed class SmartGroupDto
    {
        [JsonProperty("SmartGroupID"), JsonConverter(typeof(ValueIdConverter))] public long Id { get; set; }
        [JsonProperty("SmartGroupUuid")] public string? Uuid { get; set; }
        [JsonProperty("Name")] public string? Name { get; set; }
        [JsonProperty("ManagedByOrganizationGroupID"), JsonConverter(typeof(ValueIdConverter))] public long OrganizationGroupId { get; set; }
        [JsonProperty("ManagedByOrganizationGroupUuid")] public string? OrganizationGroupUuid { get; set; }
        [JsonProperty("ManagedByOrganizationGroupName")] public string? OrganizationGroupName { get; set; }
        [JsonProperty("Devices"), JsonConverter(typeof(LenientNumberConverter))] public long Devices { get; set; }
        [JsonProperty("Assignments"), JsonConverter(typeof(LenientNumberConverter))] public long Assignments { get; set; }
        [JsonProperty("Exclusions"), JsonConverter(typeof(LenientNumberConverter))] public long Exclusions { get; set; }

        public Ws1SmartGroup ToGroup(string accountName) => new Ws1SmartGroup
        {
            AccountName = accountName,
            Id = Id,
            Uuid = Uuid,
            Name = Name,
            OrganizationGroupId = OrganizationGroupId,
            OrganizationGroupUuid = OrganizationGroupUuid,
            OrganizationGroupName = OrganizationGroupName,
            DeviceCount = Devices,
            AssignmentCount = Assignments,
            ExclusionCount = Exclusions,
        };
    }

    internal sealed class SmartGroupSearchPage : ISearchPage<SmartGroupDto>
    {
        [JsonProperty("SmartGroups")] public List<SmartGroupDto>? Items { get; set; }
        [JsonProperty("Page")] public int Page { get; set; }
        [JsonProperty("PageSize")] public int PageSize { get; set; }
        [JsonProperty("Total")] public int Total { get; set; }
    }

    /// <summary>The members of a smart group: ids only, {"Devices":[{"Id":{"Value":n}}]}.</summary>
    internal sealed class SmartGroupDeviceList
    {
        [JsonProperty("Devices")] public List<SmartGroupDeviceId>? Devices { get; set; }
    }

    internal sealed class SmartGroupDeviceId
    {
        [JsonProperty("Id"), JsonConverter(typeof(ValueIdConverter))] public long Id { get; set; }
    }
}
