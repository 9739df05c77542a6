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
    /// <summary>When the device last checked in after a command; null = the seeded LastSeen.</summary>
    public DateTime? LastSeen;
    public bool Deleted;
    public List<WipeRecord> Wipes = new();
    public List<CommandRecord> Commands = new();
    public List<MessageRecord> Messages = new();
    public List<DeviceEvent> Events = new();
}

internal sealed class WipeRecord
{
    public string Uuid;
    public int DeviceId;
    public string DeviceUuid;
    public string SerialNumber;
    public string DeviceFriendlyName;
    public string UserName;
    public string OrganizationGroupName;
    public string Ownership; // the wipe log's names: CORPORATE_DEDICATED, EMPLOYEE_OWNED, CORPORATE_SHARED, UNKNOWN
    public string WipeType; // DeviceWipe | EnterpriseWipe
    public string Source;   // ADMIN_ACTION | BULK_API_ACTION
    public string Status;   // QUEUED | HELD | APPROVED | ABORTED
    public DateTime RequestedOn;
    public DateTime? ActionedOn; // when it was approved or rejected
    public int LocationGroupId;
    public string RequestedBy;
    public long Sequence;   // arrival order, the tie-breaker of every sort
}

/// <summary>A command (or message) queued for a device; done when the device checks in at <see cref="DueAt"/>.</summary>
internal sealed class CommandRecord
{
    public int DeviceId;
    public string Command;
    public DateTime QueuedAt;
    /// <summary>When the device checks in and carries it out; null = never (check-ins off, or a device that never checks in).</summary>
    public DateTime? DueAt;
    public DateTime? CompletedAt;
    public string RequestedBy;
}

internal sealed class MessageRecord
{
    public string Kind; // push | email | sms
    public string Subject;
    public string Body;
    public string ApplicationName;
    public DateTime SentAt;
    public string SentBy;
}

/// <summary>One entry of a device's event log.</summary>
internal sealed class DeviceEvent
{
    public long Id;
    public DateTime At;
    public string Severity; // Information | Warning
    public string Source;   // Console (queued through the API) | Device (reported at check-in)
    public string Category; // Command | Message | WipeProtection
    public string Event;
    public string Data;
    public string User;
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
