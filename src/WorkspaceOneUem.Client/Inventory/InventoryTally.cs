using System;
using System.Collections.Generic;
using System.Linq;

namespace WorkspaceOneUem.Client.Inventory
{
    /// <summary>Counts records as they pass, so no collection has to be held to know its counts.</summary>
    internal sealed class InventoryTally
    {
        public const string UnknownKey = "Unknown";

        private readonly SortedDictionary<string, int> _platforms = new SortedDictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private readonly SortedDictionary<string, int> _statuses = new SortedDictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        public int Users { get; private set; }
        public int ActiveUsers { get; private set; }
        public int Devices { get; private set; }
        public int Apps { get; private set; }

        public void Add(Ws1User user)
        {
            Users++;
            if (user.Status == Ws1UserStatus.Active)
                ActiveUsers++;
        }

        public void Add(Ws1Device device)
        {
            Devices++;
            Increment(_platforms, device.Platform);
            Increment(_statuses, device.EnrollmentStatus);
        }

        public void Add(Ws1App app) => Apps++;

        /// <summary>Sets the counts of the included collections on <paramref name="inventory"/>; the others stay null.</summary>
        public void ApplyTo(Ws1Inventory inventory)
        {
            bool users = inventory.Includes(Ws1InventoryCollection.Users);
            bool devices = inventory.Includes(Ws1InventoryCollection.Devices);
            inventory.Users = users ? Users : (int?)null;
            inventory.ActiveUsers = users ? ActiveUsers : (int?)null;
            inventory.InactiveUsers = users ? Users - ActiveUsers : (int?)null;
            inventory.Devices = devices ? Devices : (int?)null;
            inventory.DevicesByPlatform = devices ? new SortedDictionary<string, int>(_platforms, StringComparer.OrdinalIgnoreCase) : null;
            inventory.DevicesByEnrollmentStatus = devices ? new SortedDictionary<string, int>(_statuses, StringComparer.OrdinalIgnoreCase) : null;
            inventory.Apps = inventory.Includes(Ws1InventoryCollection.Apps) ? Apps : (int?)null;
        }

        /// <summary>How the counts a snapshot stored differ from the records it holds, or null when they agree.</summary>
        public static string? FindMismatch(Ws1Inventory stored, Ws1Inventory counted)
        {
            var problems = new List<string>();
            void Check(string name, int? expected, int? actual)
            {
                if (expected != actual)
                    problems.Add($"{name} {Show(expected)} stored, {Show(actual)} found");
            }
            Check("Users", stored.Users, counted.Users);
            Check("ActiveUsers", stored.ActiveUsers, counted.ActiveUsers);
            Check("InactiveUsers", stored.InactiveUsers, counted.InactiveUsers);
            Check("Devices", stored.Devices, counted.Devices);
            Check("Apps", stored.Apps, counted.Apps);
            if (!SameCounts(stored.DevicesByPlatform, counted.DevicesByPlatform))
                problems.Add("DevicesByPlatform differs");
            if (!SameCounts(stored.DevicesByEnrollmentStatus, counted.DevicesByEnrollmentStatus))
                problems.Add("DevicesByEnrollmentStatus differs");
            return problems.Count == 0 ? null : string.Join("; ", problems);
        }

        private static string Show(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";

        private static bool SameCounts(IDictionary<string, int>? a, IDictionary<string, int>? b)
        {
            if (a == null || b == null)
                return a == null && b == null;
            return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out int n) && n == kv.Value);
        }

        private static void Increment(IDictionary<string, int> counts, string? key)
        {
            string name = key == null || string.IsNullOrWhiteSpace(key) ? UnknownKey : key;
            counts.TryGetValue(name, out int n);
            counts[name] = n + 1;
        }
    }
}
