using System;
using System.Collections.Generic;
using System.Linq;

namespace WorkspaceOneUem
{
    /// <summary>The collections an inventory can hold (Get-Ws1Inventory -Include).</summary>
    public enum Ws1InventoryCollection
    {
        Users,
        Devices,
        Apps,
    }

    /// <summary>How Export-Ws1Inventory writes a snapshot: one JSON file, or one CSV file per collection.</summary>
    public enum Ws1InventoryFormat
    {
        Json,
        Csv,
    }

    /// <summary>
    /// What one account held at one time, as Get-Ws1Inventory and Import-Ws1Inventory emit it: counts and the
    /// records. The counts and records of a collection that was not collected are null, never zero.
    /// </summary>
    public sealed class Ws1Inventory
    {
        public string? AccountName { get; set; }

        /// <summary>The API server as host[:port].</summary>
        public string? Server { get; set; }

        /// <summary>When collection started, in UTC.</summary>
        public DateTime CollectedAt { get; set; }

        public string? ServerVersion { get; set; }

        public Ws1InventoryCollection[] Included { get; set; } = new Ws1InventoryCollection[0];

        public int? Users { get; set; }

        /// <summary>Active users: each holds a Workspace ONE license.</summary>
        public int? ActiveUsers { get; set; }

        public int? InactiveUsers { get; set; }
        public int? Devices { get; set; }

        /// <summary>Device count per platform (Apple, Android, ...); "Unknown" for devices that report none.</summary>
        public IDictionary<string, int>? DevicesByPlatform { get; set; }

        /// <summary>Device count per enrollment status (Enrolled, EnterpriseWipePending, ...).</summary>
        public IDictionary<string, int>? DevicesByEnrollmentStatus { get; set; }

        public int? Apps { get; set; }

        public IList<Ws1User>? UserList { get; set; }
        public IList<Ws1Device>? DeviceList { get; set; }
        public IList<Ws1App>? AppList { get; set; }

        /// <summary>The snapshot this inventory was read from or exported to; null when read from the tenant and kept in memory.</summary>
        public string? Path { get; set; }

        public bool Includes(Ws1InventoryCollection collection) => Included != null && Included.Contains(collection);

        /// <summary>The header alone: account, server, time, version and what is included; no counts, no records.</summary>
        internal Ws1Inventory HeaderCopy() => new Ws1Inventory
        {
            AccountName = AccountName,
            Server = Server,
            CollectedAt = CollectedAt,
            ServerVersion = ServerVersion,
            Included = Included?.ToArray() ?? new Ws1InventoryCollection[0],
            Path = Path,
        };

        /// <summary>The header and the counts; no records.</summary>
        internal Ws1Inventory SummaryCopy()
        {
            Ws1Inventory copy = HeaderCopy();
            copy.Users = Users;
            copy.ActiveUsers = ActiveUsers;
            copy.InactiveUsers = InactiveUsers;
            copy.Devices = Devices;
            copy.DevicesByPlatform = DevicesByPlatform;
            copy.DevicesByEnrollmentStatus = DevicesByEnrollmentStatus;
            copy.Apps = Apps;
            return copy;
        }

        /// <summary>"'Contoso' on as1234.awmdm.com, collected 2024-05-01 10:00:00Z": how messages name an inventory.</summary>
        internal string Describe() => $"account '{AccountName}' on {Server}, collected {CollectedAt:yyyy-MM-dd HH:mm:ss}Z";

        public override string ToString() => $"{AccountName} {CollectedAt:yyyy-MM-dd HH:mm:ss}Z";
    }
}
