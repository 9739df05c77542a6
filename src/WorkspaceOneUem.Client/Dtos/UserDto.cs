using Newtonsoft.Json;
using WorkspaceOneUem.Client.Json;

namespace WorkspaceOneUem.Client.Dtos
{
    /// <summary>A v1 user exactly as the wire carries it (read by <see cref="UserDtoConverter"/>); mapped to <see cref="Ws1User"/> for output.</summary>
    [JsonConverter(typeof(UserDtoConverter))]
    internal sealed class UserDto
    {
        public long Id { get; set; }
        public string? Uuid { get; set; }
        public string? UserName { get; set; }
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? DisplayName { get; set; }
        public string? Email { get; set; }
        public bool? Status { get; set; }
        public int? SecurityType { get; set; }
        public string? ContactNumber { get; set; }
        public string? MobileNumber { get; set; }
        public string? Group { get; set; }
        public long LocationGroupId { get; set; }
        public string? OrganizationGroupUuid { get; set; }
        public string? Role { get; set; }
        public long EnrolledDevicesCount { get; set; }
        public string? ExternalId { get; set; }
        public string? CustomAttribute1 { get; set; }
        public string? CustomAttribute2 { get; set; }
        public string? CustomAttribute3 { get; set; }
        public string? CustomAttribute4 { get; set; }
        public string? CustomAttribute5 { get; set; }

        // Once per record of a listing: compiled optimized on first use, as the readers are (see Json.Utf8Pages).
#if NET8_0_OR_GREATER
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
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
