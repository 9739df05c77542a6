using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using WorkspaceOneUem.Client.Http;
using WorkspaceOneUem.Client.Json;

namespace WorkspaceOneUem.Client.Dtos
{
    /// <summary>
    /// A v1 device exactly as the wire carries it; mapped to <see cref="Ws1Device"/> for output. Read by a property
    /// table (<see cref="DeviceDtoConverter"/>): a tenant's device listing reads it a hundred thousand times and more.
    /// </summary>
    [JsonConverter(typeof(DeviceDtoConverter))]
    internal sealed class DeviceDto
    {
        public long Id { get; set; }
        public string? Uuid { get; set; }
        public string? Udid { get; set; }
        public string? SerialNumber { get; set; }
        public string? DeviceFriendlyName { get; set; }
        public EntityReference? LocationGroup { get; set; }
        public EntityReference? User { get; set; }
        public string? UserName { get; set; }
        public string? UserEmailAddress { get; set; }
        public string? Ownership { get; set; }
        public string? Platform { get; set; }
        public string? Model { get; set; }
        public string? OperatingSystem { get; set; }
        public DateTime? LastSeen { get; set; }
        public string? EnrollmentStatus { get; set; }
        public string? ComplianceStatus { get; set; }

        /// <summary>The user name of the owner: the device's UserName, else the name of its UserId reference.</summary>
        public string? OwnerName => UserName ?? User?.Name;

        // Once per record of a listing: compiled optimized on first use, as the readers are (see Json.Utf8Pages).
#if NET8_0_OR_GREATER
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
        public Ws1Device ToDevice(string accountName) => new Ws1Device
        {
            AccountName = accountName,
            Id = Id,
            Uuid = Uuid,
            SerialNumber = SerialNumber,
            Udid = Udid,
            FriendlyName = DeviceFriendlyName,
            UserName = OwnerName,
            UserEmail = UserEmailAddress,
            Platform = Platform,
            Model = Model,
            OperatingSystem = OperatingSystem,
            Ownership = OwnershipOf(Ownership),
            EnrollmentStatus = EnrollmentStatus,
            ComplianceStatus = ComplianceStatus,
            LastSeen = LastSeen,
            OrganizationGroupId = LocationGroup?.Id ?? 0,
            OrganizationGroupUuid = LocationGroup?.Uuid,
            UserId = User?.Id ?? 0,
            ReadFromServer = true,
        };

        private static Ws1DeviceOwnership OwnershipOf(string? code)
        {
            switch ((code ?? string.Empty).Trim().ToUpperInvariant())
            {
                case "C": return Ws1DeviceOwnership.CorporateDedicated;
                case "S": return Ws1DeviceOwnership.CorporateShared;
                case "E": return Ws1DeviceOwnership.EmployeeOwned;
                default: return Ws1DeviceOwnership.Undefined;
            }
        }
    }

    /// <summary>The wire names of a device and how each is read (ids as {"Value": n}, references, zoneless dates).</summary>
    internal sealed class DeviceDtoConverter : JsonConverter<DeviceDto>
    {
        /// <summary>The fields read, named as the wire names them (matched ignoring case); <see cref="Utf8Pages"/> reads the same.</summary>
        internal enum Field
        {
            Id, Uuid, Udid, SerialNumber, DeviceFriendlyName, LocationGroupId, UserId, UserName, UserEmailAddress,
            Ownership, Platform, Model, OperatingSystem, LastSeen, EnrollmentStatus, ComplianceStatus,
        }

        private static readonly PropertyTable<DeviceDto> Properties = new PropertyTable<DeviceDto>("device record")
            .Value(nameof(Field.Id), ValueIdConverter.ReadId, (d, v) => d.Id = v)
            .Text(nameof(Field.Uuid), (d, v) => d.Uuid = v)
            .Text(nameof(Field.Udid), (d, v) => d.Udid = v)
            .Text(nameof(Field.SerialNumber), (d, v) => d.SerialNumber = v)
            .Text(nameof(Field.DeviceFriendlyName), (d, v) => d.DeviceFriendlyName = v)
            .Value(nameof(Field.LocationGroupId), EntityReferenceConverter.Read, (d, v) => d.LocationGroup = v)
            .Value(nameof(Field.UserId), EntityReferenceConverter.Read, (d, v) => d.User = v)
            .Text(nameof(Field.UserName), (d, v) => d.UserName = v)
            .Text(nameof(Field.UserEmailAddress), (d, v) => d.UserEmailAddress = v)
            .Text(nameof(Field.Ownership), (d, v) => d.Ownership = v)
            .Text(nameof(Field.Platform), (d, v) => d.Platform = v)
            .Text(nameof(Field.Model), (d, v) => d.Model = v)
            .Text(nameof(Field.OperatingSystem), (d, v) => d.OperatingSystem = v)
            .Value(nameof(Field.LastSeen), ZonelessDateConverter.ReadDate, (d, v) => d.LastSeen = v)
            .Text(nameof(Field.EnrollmentStatus), (d, v) => d.EnrollmentStatus = v)
            .Text(nameof(Field.ComplianceStatus), (d, v) => d.ComplianceStatus = v);

        public override DeviceDto? ReadJson(JsonReader reader, Type objectType, DeviceDto? existingValue, bool hasExistingValue, JsonSerializer serializer) =>
            Properties.Read(reader);

        public override void WriteJson(JsonWriter writer, DeviceDto? value, JsonSerializer serializer) =>
            throw new NotSupportedException("Devices are only read.");
    }

    internal sealed class DeviceSearchPage : ISearchPage<DeviceDto>
    {
        [JsonProperty("Devices")] public List<DeviceDto>? Items { get; set; }
        [JsonProperty("Page")] public int Page { get; set; }
        [JsonProperty("PageSize")] public int PageSize { get; set; }
        [JsonProperty("Total")] public int Total { get; set; }
    }

    /// <summary>
    /// The wipe log answers in snake_case (device_wipes, page, page_size, total). The spelling is not confirmed by
    /// two sources, so the v1 spelling (DeviceWipes, PageSize) is read too.
    /// </summary>
    internal sealed class DeviceWipesPage : ISearchPage<Ws1DeviceWipe>
    {
        [JsonProperty("device_wipes")] public List<Ws1DeviceWipe>? Items { get; set; }
        [JsonProperty("page")] public int Page { get; set; }
        [JsonProperty("page_size")] public int PageSize { get; set; }
        [JsonProperty("total")] public int Total { get; set; }

        [JsonProperty("DeviceWipes")] private List<Ws1DeviceWipe> V1Items { set => Items = Items ?? value; }
        [JsonProperty("PageSize")] private int V1PageSize { set => PageSize = PageSize > 0 ? PageSize : value; }
    }

    internal sealed class AppDto
    {
        [JsonProperty("Id"), JsonConverter(typeof(ValueIdConverter))] public long Id { get; set; }
        [JsonProperty("Uuid")] public string? Uuid { get; set; }
        [JsonProperty("ApplicationName")] public string? ApplicationName { get; set; }
        [JsonProperty("BundleId")] public string? BundleId { get; set; }
        [JsonProperty("AppVersion")] public string? AppVersion { get; set; }
        [JsonProperty("AppType")] public string? AppType { get; set; }
        [JsonProperty("Status")] public string? Status { get; set; }
        [JsonProperty("Platform"), JsonConverter(typeof(LenientNumberConverter))] public long Platform { get; set; }
        [JsonProperty("LocationGroupId"), JsonConverter(typeof(ValueIdConverter))] public long LocationGroupId { get; set; }
        [JsonProperty("AssignedDeviceCount"), JsonConverter(typeof(LenientNumberConverter))] public long AssignedDeviceCount { get; set; }
        [JsonProperty("InstalledDeviceCount"), JsonConverter(typeof(LenientNumberConverter))] public long InstalledDeviceCount { get; set; }

        public Ws1App ToApp(string accountName) => new Ws1App
        {
            AccountName = accountName,
            Id = Id,
            Uuid = Uuid,
            Name = ApplicationName,
            BundleId = BundleId,
            Version = AppVersion,
            AppType = AppType,
            Status = Status,
            Platform = PlatformNames.Of(Platform),
            OrganizationGroupId = LocationGroupId,
            AssignedDeviceCount = (int)AssignedDeviceCount,
            InstalledDeviceCount = (int)InstalledDeviceCount,
        };
    }

    internal sealed class AppSearchPage : ISearchPage<AppDto>
    {
        [JsonProperty("Application")] public List<AppDto>? Items { get; set; }
        [JsonProperty("Page")] public int Page { get; set; }
        [JsonProperty("PageSize")] public int PageSize { get; set; }
        [JsonProperty("Total")] public int Total { get; set; }
    }

    internal sealed class DeviceAppDto
    {
        [JsonProperty("ApplicationName")] public string? ApplicationName { get; set; }
        [JsonProperty("Version")] public string? Version { get; set; }
        [JsonProperty("BuildVersion")] public string? BuildVersion { get; set; }
        [JsonProperty("Status")] public string? Status { get; set; }
        [JsonProperty("ApplicationIdentifier")] public string? ApplicationIdentifier { get; set; }
        [JsonProperty("Type")] public string? Type { get; set; }
        [JsonProperty("IsManaged")] public bool IsManaged { get; set; }

        /// <summary>Device apps carry no id: what identifies one stands in for paging's de-duplication.</summary>
        public long Key => StableHash.Of(ApplicationIdentifier, ApplicationName, Version);

        public Ws1DeviceApp ToDeviceApp(string accountName, long deviceId) => new Ws1DeviceApp
        {
            AccountName = accountName,
            DeviceId = deviceId,
            Name = ApplicationName,
            BundleId = ApplicationIdentifier,
            Version = Version,
            BuildVersion = BuildVersion,
            Status = Status,
            Type = Type,
            IsManaged = IsManaged,
        };
    }

    internal sealed class DeviceAppsPage : ISearchPage<DeviceAppDto>
    {
        [JsonProperty("DeviceApps")] public List<DeviceAppDto>? Items { get; set; }
        [JsonProperty("Page")] public int Page { get; set; }
        [JsonProperty("PageSize")] public int PageSize { get; set; }
        [JsonProperty("Total")] public int Total { get; set; }
    }

    /// <summary>v1 platform numbers (apps send them as numbers; devices send the name).</summary>
    internal static class PlatformNames
    {
        public static string? Of(long id)
        {
            switch (id)
            {
                case 0: return null;
                case 2: return "Apple";
                case 5: return "Android";
                case 10: return "AppleOsX";
                case 12: return "WinRT";
                default: return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
