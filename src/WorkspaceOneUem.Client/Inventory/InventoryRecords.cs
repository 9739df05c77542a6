using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace WorkspaceOneUem.Client.Inventory
{
    /// <summary>
    /// One field of a snapshot record: its name in the file (JSON property, CSV column), how to read it from the
    /// record and how to set it back from text. Values are strings, numbers or null; never a secret.
    /// </summary>
    internal sealed class RecordColumn<T>
    {
        private readonly Func<T, object?> _get;
        private readonly Action<T, string?>? _set;

        public RecordColumn(string name, Func<T, object?> get, Action<T, string?>? set, bool isText = false)
        {
            Name = name;
            _get = get;
            _set = set;
            IsText = isText;
        }

        public string Name { get; }

        /// <summary>
        /// True for free text from the tenant (names, emails, ...), which may start like a spreadsheet formula; false
        /// for numbers, enum names and dates the module formats itself.
        /// </summary>
        public bool IsText { get; }

        /// <summary>False for a value derived from others (a user's LicenseType): written for readers, ignored when read back.</summary>
        public bool IsStored => _set != null;

        /// <summary>The value as written to JSON: a string, a long, or null.</summary>
        public object? Get(T record) => _get(record);

        /// <summary>The value as written to CSV: invariant text, or null.</summary>
        public string? GetText(T record)
        {
            object? value = _get(record);
            return value is long number ? number.ToString(CultureInfo.InvariantCulture) : (string?)value;
        }

        public void Set(T record, string? text) => _set?.Invoke(record, text);
    }

    /// <summary>The fields of one record type in a snapshot, in file order.</summary>
    internal sealed class RecordSchema<T> where T : new()
    {
        private readonly Dictionary<string, RecordColumn<T>> _byName;

        public RecordSchema(Ws1InventoryCollection collection, params RecordColumn<T>[] columns)
        {
            Collection = collection;
            Columns = columns;
            _byName = columns.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        }

        public Ws1InventoryCollection Collection { get; }

        public IReadOnlyList<RecordColumn<T>> Columns { get; }

        /// <summary>The column of that name, or null for a name this version does not know (ignored, for files from newer versions).</summary>
        public RecordColumn<T>? Find(string? name) => name != null && _byName.TryGetValue(name, out RecordColumn<T>? column) ? column : null;
    }

    /// <summary>The snapshot file format of users, devices and apps: shared by the JSON and CSV layouts.</summary>
    internal static class InventoryRecords
    {
        /// <summary>LastSeen as the server sends it: no zone, so none is written or invented.</summary>
        public const string ZonelessDateFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF";

        public static readonly RecordSchema<Ws1User> Users = new RecordSchema<Ws1User>(Ws1InventoryCollection.Users,
            Long<Ws1User>("Id", u => u.Id, (u, v) => u.Id = v),
            Text<Ws1User>("Uuid", u => u.Uuid, (u, v) => u.Uuid = v),
            Text<Ws1User>("UserName", u => u.UserName, (u, v) => u.UserName = v),
            Text<Ws1User>("Email", u => u.Email, (u, v) => u.Email = v),
            Text<Ws1User>("FirstName", u => u.FirstName, (u, v) => u.FirstName = v),
            Text<Ws1User>("LastName", u => u.LastName, (u, v) => u.LastName = v),
            Text<Ws1User>("DisplayName", u => u.DisplayName, (u, v) => u.DisplayName = v),
            Enum<Ws1User, Ws1UserStatus>("Status", u => u.Status, (u, v) => u.Status = v),
            new RecordColumn<Ws1User>("LicenseType", u => u.LicenseType, null),
            Enum<Ws1User, Ws1SecurityType>("SecurityType", u => u.SecurityType, (u, v) => u.SecurityType = v),
            Long<Ws1User>("OrganizationGroupId", u => u.OrganizationGroupId, (u, v) => u.OrganizationGroupId = v),
            Text<Ws1User>("OrganizationGroupName", u => u.OrganizationGroupName, (u, v) => u.OrganizationGroupName = v),
            Text<Ws1User>("OrganizationGroupUuid", u => u.OrganizationGroupUuid, (u, v) => u.OrganizationGroupUuid = v),
            Text<Ws1User>("Role", u => u.Role, (u, v) => u.Role = v),
            Text<Ws1User>("ContactNumber", u => u.ContactNumber, (u, v) => u.ContactNumber = v),
            Text<Ws1User>("MobileNumber", u => u.MobileNumber, (u, v) => u.MobileNumber = v),
            Long<Ws1User>("EnrolledDeviceCount", u => u.EnrolledDeviceCount, (u, v) => u.EnrolledDeviceCount = checked((int)v)),
            Text<Ws1User>("ExternalId", u => u.ExternalId, (u, v) => u.ExternalId = v),
            Text<Ws1User>("CustomAttribute1", u => u.CustomAttribute1, (u, v) => u.CustomAttribute1 = v),
            Text<Ws1User>("CustomAttribute2", u => u.CustomAttribute2, (u, v) => u.CustomAttribute2 = v),
            Text<Ws1User>("CustomAttribute3", u => u.CustomAttribute3, (u, v) => u.CustomAttribute3 = v),
            Text<Ws1User>("CustomAttribute4", u => u.CustomAttribute4, (u, v) => u.CustomAttribute4 = v),
            Text<Ws1User>("CustomAttribute5", u => u.CustomAttribute5, (u, v) => u.CustomAttribute5 = v));

        public static readonly RecordSchema<Ws1Device> Devices = new RecordSchema<Ws1Device>(Ws1InventoryCollection.Devices,
            Long<Ws1Device>("Id", d => d.Id, (d, v) => d.Id = v),
            Text<Ws1Device>("Uuid", d => d.Uuid, (d, v) => d.Uuid = v),
            Text<Ws1Device>("SerialNumber", d => d.SerialNumber, (d, v) => d.SerialNumber = v),
            Text<Ws1Device>("Udid", d => d.Udid, (d, v) => d.Udid = v),
            Text<Ws1Device>("FriendlyName", d => d.FriendlyName, (d, v) => d.FriendlyName = v),
            Text<Ws1Device>("UserName", d => d.UserName, (d, v) => d.UserName = v),
            Text<Ws1Device>("UserEmail", d => d.UserEmail, (d, v) => d.UserEmail = v),
            Text<Ws1Device>("Platform", d => d.Platform, (d, v) => d.Platform = v),
            Text<Ws1Device>("Model", d => d.Model, (d, v) => d.Model = v),
            Text<Ws1Device>("OperatingSystem", d => d.OperatingSystem, (d, v) => d.OperatingSystem = v),
            Enum<Ws1Device, Ws1DeviceOwnership>("Ownership", d => d.Ownership, (d, v) => d.Ownership = v),
            Text<Ws1Device>("EnrollmentStatus", d => d.EnrollmentStatus, (d, v) => d.EnrollmentStatus = v),
            Text<Ws1Device>("ComplianceStatus", d => d.ComplianceStatus, (d, v) => d.ComplianceStatus = v),
            new RecordColumn<Ws1Device>("LastSeen",
                d => d.LastSeen?.ToString(ZonelessDateFormat, CultureInfo.InvariantCulture),
                (d, v) => d.LastSeen = v == null ? (DateTime?)null : DateTime.ParseExact(v, ZonelessDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None)),
            Long<Ws1Device>("OrganizationGroupId", d => d.OrganizationGroupId, (d, v) => d.OrganizationGroupId = v));

        public static readonly RecordSchema<Ws1App> Apps = new RecordSchema<Ws1App>(Ws1InventoryCollection.Apps,
            Long<Ws1App>("Id", a => a.Id, (a, v) => a.Id = v),
            Text<Ws1App>("Uuid", a => a.Uuid, (a, v) => a.Uuid = v),
            Text<Ws1App>("Name", a => a.Name, (a, v) => a.Name = v),
            Text<Ws1App>("BundleId", a => a.BundleId, (a, v) => a.BundleId = v),
            Text<Ws1App>("Version", a => a.Version, (a, v) => a.Version = v),
            Text<Ws1App>("AppType", a => a.AppType, (a, v) => a.AppType = v),
            Text<Ws1App>("Status", a => a.Status, (a, v) => a.Status = v),
            Text<Ws1App>("Platform", a => a.Platform, (a, v) => a.Platform = v),
            Long<Ws1App>("OrganizationGroupId", a => a.OrganizationGroupId, (a, v) => a.OrganizationGroupId = v),
            Long<Ws1App>("AssignedDeviceCount", a => a.AssignedDeviceCount, (a, v) => a.AssignedDeviceCount = checked((int)v)),
            Long<Ws1App>("InstalledDeviceCount", a => a.InstalledDeviceCount, (a, v) => a.InstalledDeviceCount = checked((int)v)));

        private static RecordColumn<T> Text<T>(string name, Func<T, string?> get, Action<T, string?> set) =>
            new RecordColumn<T>(name, r => get(r), set, isText: true);

        // A missing number reads as 0, as the API's own lenient number fields do.
        private static RecordColumn<T> Long<T>(string name, Func<T, long> get, Action<T, long> set) =>
            new RecordColumn<T>(name, r => get(r), (r, text) =>
            {
                if (!string.IsNullOrEmpty(text))
                    set(r, long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
            });

        private static RecordColumn<T> Enum<T, TEnum>(string name, Func<T, TEnum> get, Action<T, TEnum> set) where TEnum : struct =>
            new RecordColumn<T>(name, r => get(r).ToString(), (r, text) =>
            {
                if (string.IsNullOrEmpty(text))
                    return;
                if (!System.Enum.TryParse(text, true, out TEnum value) || !System.Enum.IsDefined(typeof(TEnum), value))
                    throw new FormatException($"'{text}' is not a {name} (expected one of {string.Join(", ", System.Enum.GetNames(typeof(TEnum)))}).");
                set(r, value);
            });
    }
}
