using System;

namespace WorkspaceOneUem
{
    /// <summary>Who owns a device, as the console shows it (v1 sends C, E or S).</summary>
    public enum Ws1DeviceOwnership
    {
        Undefined,
        CorporateDedicated,
        CorporateShared,
        EmployeeOwned,
    }

    /// <summary>A managed device of a UEM tenant, as Get-Ws1Device emits it.</summary>
    public sealed class Ws1Device
    {
        /// <summary>The enrollment status of a device that is managed and can take commands.</summary>
        public const string Enrolled = "Enrolled";

        /// <summary>The enrollment status of a device wiped or unenrolled.</summary>
        public const string Unenrolled = "Unenrolled";

        public string? AccountName { get; set; }
        public long Id { get; set; }
        public string? Uuid { get; set; }
        public string? SerialNumber { get; set; }
        public string? Udid { get; set; }
        public string? FriendlyName { get; set; }
        public string? UserName { get; set; }
        public string? UserEmail { get; set; }
        public string? Platform { get; set; }
        public string? Model { get; set; }
        public string? OperatingSystem { get; set; }
        public Ws1DeviceOwnership Ownership { get; set; }
        public string? EnrollmentStatus { get; set; }
        public string? ComplianceStatus { get; set; }

        /// <summary>As the server sends it: no time zone (DateTimeKind.Unspecified).</summary>
        public DateTime? LastSeen { get; set; }

        public long OrganizationGroupId { get; set; }

        /// <summary>Wipe protection is read per organization group, by its uuid.</summary>
        internal string? OrganizationGroupUuid { get; set; }

        internal long UserId { get; set; }

        /// <summary>Set on devices this module read from the server: a device action uses them as they are, without reading them again.</summary>
        internal bool ReadFromServer { get; set; }

        /// <summary>macOS: lock and full wipe need an unlock PIN on many devices.</summary>
        internal bool IsMacOS => string.Equals(Platform, "AppleOsX", StringComparison.OrdinalIgnoreCase);

        /// <summary>"'name' (id 12, serial C02X, AppleOsX)": how errors and prompts name a device.</summary>
        public string Describe() =>
            $"'{FriendlyName ?? SerialNumber ?? Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}' (id {Id}, serial {SerialNumber ?? "unknown"}, {Platform ?? "unknown platform"})";

        public override string? ToString() => FriendlyName ?? SerialNumber;
    }
}
