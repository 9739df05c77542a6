namespace WorkspaceOneUem.Simulator;

/// <summary>Organization group (v1 calls them location groups).</summary>
internal sealed class OrgGroup
{
    public int Id;
    public string Name;
    public string GroupId;
    public string Type;
    public string Uuid;
    public int ParentId; // 0 for the root
    public DateTime CreatedOn;
}

/// <summary>An enrollment user. Seeded users are generated on demand; changed or added ones live in the overlay.</summary>
internal sealed class UserRecord
{
    public int Id;
    public string Uuid;
    public string UserName;
    public string FirstName;
    public string LastName;
    public string DisplayName;
    public string Email;
    public string EmailUserName;
    public bool Status;
    public int SecurityType; // 1 Directory, 2 Basic
    public string ContactNumber;
    public string MobileNumber;
    public int MessageType;
    public int LocationGroupId;
    public string Role;
    public string ExternalId;
    public string CustomAttribute1, CustomAttribute2, CustomAttribute3, CustomAttribute4, CustomAttribute5;

    public UserRecord Clone() => (UserRecord)MemberwiseClone();
}

/// <summary>Mutable state of a device (commands change it); kept only for devices that were touched.</summary>
internal sealed class DeviceState
{
    public string EnrollmentStatus;
    public int LockCount;
    public DateTime? LastLockedAt;
    public List<WipeRecord> Wipes = new();
}

internal sealed class WipeRecord
{
    public int DeviceId;
    public string DeviceUuid;
    public string SerialNumber;
    public string WipeType; // DeviceWipe | EnterpriseWipe
    public string Status;   // QUEUED | HELD | APPROVED | ABORTED
    public DateTime RequestedOn;
    public int LocationGroupId;
    public string RequestedBy;
}

internal sealed class DeviceRecord
{
    public int Id;
    public int UserIndex;
    public string Uuid;
    public string Udid;
    public string SerialNumber;
    public string MacAddress;
    public string Imei;
    public string EasId;
    public string FriendlyName;
    public int LocationGroupId;
    public string Ownership;
    public int PlatformId;
    public string Platform;
    public string Model;
    public int ModelId;
    public string OperatingSystem;
    public DateTime LastSeen;
    public DateTime LastEnrolledOn;
    public string EnrollmentStatus;
    public string ComplianceStatus;
    public bool CompromisedStatus;
    public bool IsSupervised;
    public bool RequiresUnlockPin;
    public DeviceState State; // null when untouched
}

internal sealed class AppRecord
{
    public int Id;
    public string Uuid;
    public string ApplicationName;
    public string BundleId;
    public string AppVersion;
    public string BuildVersion;
    public string AppType; // Public | Internal | Purchased
    public string Status;
    public int Platform;
    public string PlatformName;
    public int LocationGroupId;
    public int AssignedDeviceCount;
    public int InstalledDeviceCount;
}
