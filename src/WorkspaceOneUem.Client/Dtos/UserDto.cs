using Newtonsoft.Json;
using WorkspaceOneUem.Client.Json;

namespace WorkspaceOneUem.Client.Dtos
{
    /// <summary>A v1 user exactly as the wire carries it; mapped to <see cref="Ws1User"/> for output.</summary>
    internal sealed class UserDto
    {
        [JsonProperty("Id"), JsonConverter(typeof(ValueIdConverter))] public long Id { get; set; }
        [JsonProperty("Uuid")] public string? Uuid { get; set; }
        [JsonProperty("UserName")] public string? UserName { get; set; }
        [JsonProperty("FirstName")] public string? FirstName { get; set; }
        [JsonProperty("LastName")] public string? LastName { get; set; }
        [JsonProperty("DisplayName")] public string? DisplayName { get; set; }
        [JsonProperty("Email")] public string? Email { get; set; }
        [JsonProperty("Status")] public bool? Status { get; set; }
        [JsonProperty("SecurityType")] public int? SecurityType { get; set; }
        [JsonProperty("ContactNumber")] public string? ContactNumber { get; set; }
        [JsonProperty("MobileNumber")] public string? MobileNumber { get; set; }
        [JsonProperty("Group")] public string? Group { get; set; }
        [JsonProperty("LocationGroupId"), JsonConverter(typeof(LenientNumberConverter))] public long LocationGroupId { get; set; }
        [JsonProperty("OrganizationGroupUuid")] public string? OrganizationGroupUuid { get; set; }
        [JsonProperty("Role")] public string? Role { get; set; }
        [JsonProperty("EnrolledDevicesCount"), JsonConverter(typeof(LenientNumberConverter))] public long EnrolledDevicesCount { get; set; }
        [JsonProperty("ExternalId")] public string? ExternalId { get; set; }
        [JsonProperty("CustomAttribute1")] public string? CustomAttribute1 { get; set; }
        [JsonProperty("CustomAttribute2")] public string? CustomAttribute2 { get; set; }
        [JsonProperty("CustomAttribute3")] public string? CustomAttribute3 { get; set; }
        [JsonProperty("CustomAttribute4")] public string? CustomAttribute4 { get; set; }
        [JsonProperty("CustomAttribute5")] public string? CustomAttribute5 { get; set; }

        public Ws1User ToUser(string accountName) => new Ws1User
        {
            AccountName = accountName,
            Id = Id,
            Uuid = Uuid,
            UserName = UserName,
            Email = Email,
            FirstName = FirstName,
            LastName = LastName,
            DisplayName = DisplayName,
            Status = Status == true ? Ws1UserStatus.Active : Ws1UserStatus.Inactive,
            SecurityType = SecurityType == 1 ? Ws1SecurityType.Directory : Ws1SecurityType.Basic,
            OrganizationGroupId = LocationGroupId,
            OrganizationGroupName = Group,
            OrganizationGroupUuid = OrganizationGroupUuid,
            Role = Role,
            ContactNumber = ContactNumber,
            MobileNumber = MobileNumber,
            EnrolledDeviceCount = (int)EnrolledDevicesCount,
            ExternalId = ExternalId,
            CustomAttribute1 = CustomAttribute1,
            CustomAttribute2 = CustomAttribute2,
            CustomAttribute3 = CustomAttribute3,
            CustomAttribute4 = CustomAttribute4,
            CustomAttribute5 = CustomAttribute5,
            ReadFromServer = true,
        };
    }

    internal sealed class UserSearchPage : ISearchPage<UserDto>
    {
        [JsonProperty("Users")] public System.Collections.Generic.List<UserDto>? Items { get; set; }
        [JsonProperty("Page")] public int Page { get; set; }
        [JsonProperty("PageSize")] public int PageSize { get; set; }
        [JsonProperty("Total")] public int Total { get; set; }
    }

    internal interface ISearchPage<T>
    {
        System.Collections.Generic.List<T>? Items { get; }
        int PageSize { get; }
        int Total { get; }
    }
}
