namespace WorkspaceOneUem.Simulator;

/// <summary>Organization group (v1 calls them location groups).</summary>
internal sealed class OrgGroup
{
    public int Id;
    public required string Name;
    public required string GroupId;
    public required string Type;
    public required string Uuid;
    public int ParentId; // 0 for the root
    public DateTime CreatedOn;
}

/// <summary>An enrollment user. Seeded users are generated on demand; changed or added ones live in the overlay.</summary>
internal sealed class UserRecord
{
    public int Id;
    public required string Uuid;
    public required string UserName;
    public required string FirstName;
    public required string LastName;
    public required string DisplayName;
    public required string Email;
    public required string EmailUserName;
    public bool Status;
    public int SecurityType; // 1 Directory, 2 Basic
    public required string ContactNumber;
    public required string MobileNumber;
    public int MessageType;
    public int LocationGroupId;
    public required string Role;
    public required string ExternalId;
    public required string CustomAttribute1, CustomAttribute2, CustomAttribute3, CustomAttribute4, CustomAttribute5;

    public UserRecord Clone() => (UserRecord)MemberwiseClone();
}

/// <summary>Mutable state of a device (commands change it); kept only for devices that were touched.</summary>
internal sealed class DeviceState
{
    /// <summary>Null = the seeded status.</summary>
    public string? EnrollmentStatus;
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
    public required string Uuid;
    public int DeviceId;
    public required string DeviceUuid;
    public required string SerialNumber;
    public required string DeviceFriendlyName;
    public string? UserName;
    public string? OrganizationGroupName;
    public required string Ownership; // the wipe log's names: CORPORATE_DEDICATED, EMPLOYEE_OWNED, CORPORATE_SHARED, UNKNOWN
    public required string WipeType; // DeviceWipe | EnterpriseWipe
    public required string Source;   // ADMIN_ACTION | BULK_API_ACTION
    public required string Status;   // QUEUED | HELD | APPROVED | ABORTED
    public DateTime RequestedOn;
    public DateTime? ActionedOn; // when it was approved or rejected
    public int LocationGroupId;
    public string? RequestedBy;
    public long Sequence;   // arrival order, the tie-breaker of every sort
}

/// <summary>A command (or message) queued for a device; done when the device checks in at <see cref="DueAt"/>.</summary>
internal sealed class CommandRecord
{
    public int DeviceId;
    public required string Command;
    public DateTime QueuedAt;
    /// <summary>When the device checks in and carries it out; null = never (check-ins off, or a device that never checks in).</summary>
    public DateTime? DueAt;
    public DateTime? CompletedAt;
    public string? RequestedBy;
}

internal sealed class MessageRecord
{
    public required string Kind; // push | email | sms
    public string? Subject;
    public required string Body;
    public string? ApplicationName;
    public DateTime SentAt;
    public string? SentBy;
}

/// <summary>One entry of a device's event log.</summary>
internal sealed class DeviceEvent
{
    public long Id;
    public DateTime At;
    public required string Severity; // Information | Warning
    public required string Source;   // Console (queued through the API) | Device (reported at check-in)
    public required string Category; // Command | Message | WipeProtection
    public required string Event;
    public string? Data;
    public string? User;
}

internal sealed class DeviceRecord
{
    public int Id;
    public int UserIndex;
    public required string Uuid;
    public required string Udid;
    public required string SerialNumber;
    public required string MacAddress;
    public required string Imei;
    public required string EasId;
    public required string FriendlyName;
    public int LocationGroupId;
    public required string Ownership;
    public int PlatformId;
    public required string Platform;
    public required string Model;
    public int ModelId;
    public required string OperatingSystem;
    public DateTime LastSeen;
    public DateTime LastEnrolledOn;
    public required string EnrollmentStatus;
    public required string ComplianceStatus;
    public bool CompromisedStatus;
    public bool IsSupervised;
    public bool RequiresUnlockPin;
    public DeviceState? State; // null when untouched
}

internal sealed class AppRecord
{
    public int Id;
    public required string Uuid;
    public required string ApplicationName;
    public required string BundleId;
    public required string AppVersion;
    public required string BuildVersion;
    public required string AppType; // Public | Internal | Purchased
    public required string Status;
    public int Platform;
    public required string PlatformName;
    public int LocationGroupId;
    public int AssignedDeviceCount;
    public int InstalledDeviceCount;
}

/// <summary>
/// A user group. Seeded members are a pure function of (seed, group, user), like every seeded record; only the
/// changes made through the API are kept, in <see cref="Added"/> and <see cref="Removed"/>.
/// </summary>
internal sealed class UserGroupRecord
{
    public int Id;
    public required string Uuid;
    public required string Name;
    public required string Description;
    public bool IsDirectory;
    public int LocationGroupId;
    /// <summary>The directory object a directory group is synced from; empty for a custom group.</summary>
    public required string DistinguishedName;
    public DateTime? LastSyncOn;
    /// <summary>Seeded members: per mille of the users it draws from (see <see cref="DataGenerator.InUserGroup"/>); 0 for a project group.</summary>
    public int PerMille;
    /// <summary>Draws only from users in this organization group and below; 0 for any.</summary>
    public int MembersFromGroup;
    /// <summary>Project groups share one draw: a user is in project <see cref="ProjectIndex"/> or in none. -1 for the others.</summary>
    public int ProjectIndex = -1;
    public readonly HashSet<int> Added = new();
    public readonly HashSet<int> Removed = new();
}

/// <summary>A smart group: devices picked by criteria (all of those given), managed at an organization group.</summary>
internal sealed class SmartGroupRecord
{
    public int Id;
    public required string Uuid;
    public required string Name;
    public int ManagedByGroupId;
    public string? Platform;
    public string? Ownership;
    public string? ComplianceStatus;
    /// <summary>True for a group whose criteria no device meets.</summary>
    public bool Empty;
    public int Assignments;
}
