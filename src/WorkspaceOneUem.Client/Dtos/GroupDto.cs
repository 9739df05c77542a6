using System.Collections.Generic;
using Newtonsoft.Json;
using WorkspaceOneUem.Client.Json;

namespace WorkspaceOneUem.Client.Dtos
{
    /// <summary>A v1 LocationGroup as the wire carries it: counts are strings, the parent a reference object.</summary>
    internal sealed class GroupDto
    {
        [JsonProperty("Id"), JsonConverter(typeof(ValueIdConverter))] public long Id { get; set; }
        [JsonProperty("Name")] public string? Name { get; set; }
        [JsonProperty("GroupId")] public string? GroupId { get; set; }
        [JsonProperty("LocationGroupType")] public string? Type { get; set; }
        [JsonProperty("Uuid")] public string? Uuid { get; set; }
        [JsonProperty("ParentLocationGroup")] public GroupReference? Parent { get; set; }
        [JsonProperty("Users"), JsonConverter(typeof(LenientNumberConverter))] public long Users { get; set; }
        [JsonProperty("Devices"), JsonConverter(typeof(LenientNumberConverter))] public long Devices { get; set; }
        [JsonProperty("Admins"), JsonConverter(typeof(LenientNumberConverter))] public long Admins { get; set; }

        public Ws1OrganizationGroup ToGroup(string accountName) => new Ws1OrganizationGroup
        {
            AccountName = accountName,
            Id = Id,
            Name = Name,
            GroupId = GroupId,
            Type = Type,
            Uuid = Uuid,
            ParentId = Parent?.Id ?? 0,
            ParentName = Parent?.Name,
            UserCount = Users,
            DeviceCount = Devices,
            AdminCount = Admins,
        };
    }

    internal sealed class GroupReference
    {
        [JsonProperty("Id"), JsonConverter(typeof(ValueIdConverter))] public long Id { get; set; }
        [JsonProperty("Uuid")] public string? Uuid { get; set; }
        [JsonProperty("Name")] public string? Name { get; set; }
    }

    internal sealed class GroupSearchPage : ISearchPage<GroupDto>
    {
        [JsonProperty("LocationGroups")] public List<GroupDto>? Items { get; set; }
        [JsonProperty("Page")] public int Page { get; set; }
        [JsonProperty("PageSize")] public int PageSize { get; set; }
        [JsonProperty("Total")] public int Total { get; set; }
    }
}
