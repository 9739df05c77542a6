using Newtonsoft.Json;
using WorkspaceOneUem.Client.Json;

namespace WorkspaceOneUem
{
    /// <summary>An organization group (v1 LocationGroup).</summary>
    public sealed class Ws1OrganizationGroup
    {
        [JsonProperty("Id"), JsonConverter(typeof(ValueIdConverter))] public long Id { get; set; }
        [JsonProperty("Name")] public string? Name { get; set; }
        [JsonProperty("GroupId")] public string? GroupId { get; set; }
        [JsonProperty("LocationGroupType")] public string? Type { get; set; }
        [JsonProperty("Uuid")] public string? Uuid { get; set; }

        public override string? ToString() => Name;
    }
}
