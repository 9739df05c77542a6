using System;
using System.Collections.Generic;

namespace WorkspaceOneUem
{
    /// <summary>What kind of record a change is about.</summary>
    public enum Ws1InventoryItemKind
    {
        User,
        Device,
        App,
    }

    public enum Ws1InventoryChangeKind
    {
        Added,
        Removed,

        /// <summary>A user became active or inactive: a license was gained or lost.</summary>
        StatusChanged,

        EmailChanged,
        EnrollmentStatusChanged,
    }

    public enum Ws1LicenseChange
    {
        Gained,
        Lost,
    }

    /// <summary>One difference between two inventories of one account, as Compare-Ws1Inventory emits it.</summary>
    public sealed class Ws1InventoryChange
    {
        public string? AccountName { get; set; }
        public Ws1InventoryItemKind Collection { get; set; }
        public Ws1InventoryChangeKind Change { get; set; }

        /// <summary>User name; "id/serial number" for a device; "id/bundle id" for an app.</summary>
        public string? Key { get; set; }

        public long Id { get; set; }

        /// <summary>Display name of a user, friendly name of a device, name of an app.</summary>
        public string? Name { get; set; }

        /// <summary>
        /// The value before the change: the status (users), enrollment status (devices) or status (apps) of a
        /// removed record, the old value of a changed one; null for an added record.
        /// </summary>
        public string? Before { get; set; }

        /// <summary>The value after the change; null for a removed record.</summary>
        public string? After { get; set; }

        /// <summary>
        /// Users only: Gained when an active user was added or a user became active, Lost when an active user was
        /// removed or a user became inactive; null otherwise.
        /// </summary>
        public Ws1LicenseChange? License { get; set; }

        public override string ToString() => $"{Collection} {Key}: {Change}";
    }

    /// <summary>Compare-Ws1Inventory -Summary: the license count before and after, and how many of each change.</summary>
    public sealed class Ws1InventoryComparison
    {
        public string? AccountName { get; set; }
        public string? Server { get; set; }
        public DateTime ReferenceCollectedAt { get; set; }

        /// <summary>When the difference was collected (for a live account: when this comparison read it).</summary>
        public DateTime DifferenceCollectedAt { get; set; }

        /// <summary>The collections in both inventories: only these were compared.</summary>
        public Ws1InventoryCollection[] Compared { get; set; } = new Ws1InventoryCollection[0];

        /// <summary>Active (licensed) users in the reference; null when users were not compared.</summary>
        public int? LicensedBefore { get; set; }

        public int? LicensedAfter { get; set; }

        /// <summary>LicensedAfter - LicensedBefore.</summary>
        public int? LicenseChange { get; set; }

        public int LicensesGained { get; set; }
        public int LicensesLost { get; set; }
        public int UsersAdded { get; set; }
        public int UsersRemoved { get; set; }
        public int StatusChanged { get; set; }
        public int EmailChanged { get; set; }
        public int DevicesAdded { get; set; }
        public int DevicesRemoved { get; set; }
        public int EnrollmentStatusChanged { get; set; }
        public int AppsAdded { get; set; }
        public int AppsRemoved { get; set; }

        /// <summary>Every change, in the order Compare-Ws1Inventory emits them (with -Summary; otherwise empty).</summary>
        public IList<Ws1InventoryChange> Changes { get; set; } = new List<Ws1InventoryChange>();

        internal void Count(Ws1InventoryChange change, bool keep)
        {
            if (keep)
                Changes.Add(change);
            if (change.License == Ws1LicenseChange.Gained)
                LicensesGained++;
            else if (change.License == Ws1LicenseChange.Lost)
                LicensesLost++;
            switch (change.Change)
            {
                case Ws1InventoryChangeKind.Added:
                    if (change.Collection == Ws1InventoryItemKind.User) UsersAdded++;
                    else if (change.Collection == Ws1InventoryItemKind.Device) DevicesAdded++;
                    else AppsAdded++;
                    break;
                case Ws1InventoryChangeKind.Removed:
                    if (change.Collection == Ws1InventoryItemKind.User) UsersRemoved++;
                    else if (change.Collection == Ws1InventoryItemKind.Device) DevicesRemoved++;
                    else AppsRemoved++;
                    break;
                case Ws1InventoryChangeKind.StatusChanged: StatusChanged++; break;
                case Ws1InventoryChangeKind.EmailChanged: EmailChanged++; break;
                case Ws1InventoryChangeKind.EnrollmentStatusChanged: EnrollmentStatusChanged++; break;
            }
        }

        public override string ToString() => $"{AccountName}: licensed {LicensedBefore} -> {LicensedAfter}";
    }
}
