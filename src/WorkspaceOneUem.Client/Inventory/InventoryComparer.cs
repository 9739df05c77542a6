using System;
using System.Collections.Generic;
using System.Linq;

namespace WorkspaceOneUem.Client.Inventory
{
    /// <summary>Thrown when two inventories of different accounts (account name or server) are compared.</summary>
    public sealed class InventoryMismatchException : Exception
    {
        public InventoryMismatchException(string message)
            : base(message)
        {
        }
    }

    /// <summary>What a comparison keeps of one record: its identity and the values whose changes it reports.</summary>
    internal sealed class InventoryEntry
    {
        public Ws1InventoryItemKind Kind;
        public long Id;
        public string? Key;
        public string? Name;
        public string? Email;

        /// <summary>User: Active or Inactive. Device: enrollment status. App: status (not compared).</summary>
        public string? State;

        public bool Matched;

        public static InventoryEntry From(Ws1User u) => new InventoryEntry
        {
            Kind = Ws1InventoryItemKind.User,
            Id = u.Id,
            Key = u.UserName,
            Name = u.DisplayName,
            Email = u.Email,
            State = u.Status == Ws1UserStatus.Active ? ActiveState : InactiveState,
        };

        public static InventoryEntry From(Ws1Device d) => new InventoryEntry
        {
            Kind = Ws1InventoryItemKind.Device,
            Id = d.Id,
            Key = d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + d.SerialNumber,
            Name = d.FriendlyName,
            State = d.EnrollmentStatus,
        };

        public static InventoryEntry From(Ws1App a) => new InventoryEntry
        {
            Kind = Ws1InventoryItemKind.App,
            Id = a.Id,
            Key = a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + a.BundleId,
            Name = a.Name,
            State = a.Status,
        };

        public bool IsActiveUser => Kind == Ws1InventoryItemKind.User && State == ActiveState;

        // One instance for every user: a million entries share two strings.
        private const string ActiveState = nameof(Ws1UserStatus.Active);
        private const string InactiveState = nameof(Ws1UserStatus.Inactive);
    }

    /// <summary>
    /// The reference side of a comparison: every record reduced to an <see cref="InventoryEntry"/>, findable by id
    /// (users also by user name). About 300 bytes a user: the one part of a comparison that grows with the tenant.
    /// </summary>
    internal sealed class InventoryIndex : IInventorySink
    {
        private readonly Dictionary<Ws1InventoryItemKind, List<InventoryEntry>> _entries = new Dictionary<Ws1InventoryItemKind, List<InventoryEntry>>
        {
            [Ws1InventoryItemKind.User] = new List<InventoryEntry>(),
            [Ws1InventoryItemKind.Device] = new List<InventoryEntry>(),
            [Ws1InventoryItemKind.App] = new List<InventoryEntry>(),
        };

        private readonly Dictionary<Ws1InventoryItemKind, Dictionary<long, InventoryEntry>> _byId = new Dictionary<Ws1InventoryItemKind, Dictionary<long, InventoryEntry>>
        {
            [Ws1InventoryItemKind.User] = new Dictionary<long, InventoryEntry>(),
            [Ws1InventoryItemKind.Device] = new Dictionary<long, InventoryEntry>(),
            [Ws1InventoryItemKind.App] = new Dictionary<long, InventoryEntry>(),
        };

        // Users without an id, by name; all users by name only once a difference user without an id asks.
        private readonly Dictionary<string, InventoryEntry> _idlessUsersByName = new Dictionary<string, InventoryEntry>(StringComparer.OrdinalIgnoreCase);
        private Dictionary<string, InventoryEntry>? _usersByName;

        // Device and app statuses repeat: keep one string per value.
        private readonly Dictionary<string, string> _states = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Header and counts, once the source has ended.</summary>
        public Ws1Inventory? Summary { get; private set; }

        public void Begin(Ws1Inventory header)
        {
        }

        public void BeginCollection(Ws1InventoryCollection collection)
        {
        }

        public void Add(Ws1User user)
        {
            InventoryEntry entry = InventoryEntry.From(user);
            if (Store(entry) && entry.Id <= 0 && entry.Key is { Length: > 0 } && !_idlessUsersByName.ContainsKey(entry.Key))
                _idlessUsersByName.Add(entry.Key, entry);
        }

        public void Add(Ws1Device device) => Store(Shared(InventoryEntry.From(device)));

        public void Add(Ws1App app) => Store(Shared(InventoryEntry.From(app)));

        public void End(Ws1Inventory summary) => Summary = summary;

        /// <summary>
        /// The reference record a difference record is: the same id; for users without an id on one side, the same
        /// user name. Two users with the same name but different ids are different users (deleted and re-created).
        /// </summary>
        public InventoryEntry? Match(InventoryEntry difference)
        {
            if (difference.Id > 0 && _byId[difference.Kind].TryGetValue(difference.Id, out InventoryEntry? byId))
                return byId;
            if (difference.Kind != Ws1InventoryItemKind.User || difference.Key is not { Length: > 0 })
                return null;
            if (difference.Id > 0)
                return _idlessUsersByName.TryGetValue(difference.Key, out InventoryEntry? idless) ? idless : null;
            return UsersByName().TryGetValue(difference.Key, out InventoryEntry? byName) ? byName : null;
        }

        private Dictionary<string, InventoryEntry> UsersByName()
        {
            if (_usersByName == null)
            {
                _usersByName = new Dictionary<string, InventoryEntry>(StringComparer.OrdinalIgnoreCase);
                foreach (InventoryEntry user in _entries[Ws1InventoryItemKind.User])
                {
                    if (user.Key is { Length: > 0 } && !_usersByName.ContainsKey(user.Key))
                        _usersByName.Add(user.Key, user);
                }
            }
            return _usersByName;
        }

        private InventoryEntry Shared(InventoryEntry entry)
        {
            if (entry.State == null)
                return entry;
            if (_states.TryGetValue(entry.State, out string? state))
                entry.State = state;
            else
                _states.Add(entry.State, entry.State);
            return entry;
        }

        public IEnumerable<InventoryEntry> Unmatched(Ws1InventoryItemKind kind) => _entries[kind].Where(e => !e.Matched);

        // Records without an id are kept (matched by name, or reported removed); a repeated id is read once.
        private bool Store(InventoryEntry entry)
        {
            if (entry.Id > 0)
            {
                Dictionary<long, InventoryEntry> byId = _byId[entry.Kind];
                if (byId.ContainsKey(entry.Id))
                    return false;
                byId.Add(entry.Id, entry);
            }
            _entries[entry.Kind].Add(entry);
            return true;
        }
    }

    /// <summary>
    /// Compares an inventory, record by record as it streams in, against an indexed reference of the same account,
    /// and queues the changes for the caller to take: added and changed records as they pass, the removed ones of a
    /// collection when the collection ends. Only collections in both inventories are compared.
    /// </summary>
    internal sealed class InventoryComparer : IInventorySink
    {
        private readonly InventoryIndex _reference;
        private readonly Ws1Inventory _referenceSummary;
        private readonly bool _keepChanges;
        private readonly Queue<Ws1InventoryChange> _pending = new Queue<Ws1InventoryChange>();
        private readonly HashSet<(Ws1InventoryItemKind, long)> _added = new HashSet<(Ws1InventoryItemKind, long)>();
        private Ws1Inventory? _difference;
        private Ws1InventoryItemKind? _current;

        /// <param name="keepChanges">Also keep every change in <see cref="Comparison"/> (memory grows with the changes).</param>
        public InventoryComparer(InventoryIndex reference, bool keepChanges)
        {
            _keepChanges = keepChanges;
            _reference = reference ?? throw new ArgumentNullException(nameof(reference));
            _referenceSummary = reference.Summary ?? throw new ArgumentException("The reference inventory has not been read.", nameof(reference));
        }

        /// <summary>The header of the difference, once it has begun.</summary>
        public Ws1Inventory? Difference => _difference;

        /// <summary>The totals, the license counts before and after, and every change: complete once the difference has ended.</summary>
        public Ws1InventoryComparison? Comparison { get; private set; }

        // The sink's calls come in order: Begin first, so the others always find the comparison it started.
        private Ws1InventoryComparison Begun => Comparison ?? throw new InvalidOperationException("The difference has not begun.");

        /// <summary>
        /// Refuses to compare inventories of different accounts: a different account name or server means a different
        /// tenant, or the same tenant under another name; either way the changes would be nonsense.
        /// </summary>
        public static void CheckSameAccount(Ws1Inventory reference, Ws1Inventory difference)
        {
            if (string.Equals(reference.AccountName, difference.AccountName, StringComparison.OrdinalIgnoreCase)
                && string.Equals(reference.Server, difference.Server, StringComparison.OrdinalIgnoreCase))
                return;
            throw new InventoryMismatchException(
                $"The reference is {reference.Describe()}{From(reference)}; the difference is {difference.Describe()}{From(difference)}. " +
                "Inventories of different accounts (account name and server) cannot be compared.");
        }

        /// <summary>
        /// A sink that keeps nothing and refuses an inventory of another account than <paramref name="reference"/>'s
        /// as soon as its header is read: reading a snapshot into it proves the snapshot whole and comparable.
        /// </summary>
        public static IInventorySink AccountCheck(Ws1Inventory reference) => new AccountCheckSink(reference);

        /// <summary>The collections both inventories hold; the others cannot be compared.</summary>
        public static Ws1InventoryCollection[] Comparable(Ws1Inventory reference, Ws1Inventory difference) =>
            reference.Included.Intersect(difference.Included).OrderBy(c => c).ToArray();

        /// <summary>Changes found since the last call, in order.</summary>
        public IEnumerable<Ws1InventoryChange> TakeChanges()
        {
            while (_pending.Count > 0)
                yield return _pending.Dequeue();
        }

        public void Begin(Ws1Inventory header)
        {
            Ws1Inventory reference = _referenceSummary;
            CheckSameAccount(reference, header);
            _difference = header;
            Comparison = new Ws1InventoryComparison
            {
                AccountName = header.AccountName,
                Server = header.Server,
                ReferenceCollectedAt = reference.CollectedAt,
                DifferenceCollectedAt = header.CollectedAt,
                Compared = Comparable(reference, header),
            };
        }

        public void BeginCollection(Ws1InventoryCollection collection)
        {
            FinishCollection();
            if (Begun.Compared.Contains(collection))
                _current = KindOf(collection);
        }

        public void Add(Ws1User user) => Compare(InventoryEntry.From(user));

        public void Add(Ws1Device device) => Compare(InventoryEntry.From(device));

        public void Add(Ws1App app) => Compare(InventoryEntry.From(app));

        public void End(Ws1Inventory summary)
        {
            FinishCollection();
            Ws1InventoryComparison comparison = Begun;
            if (comparison.Compared.Contains(Ws1InventoryCollection.Users))
            {
                comparison.LicensedBefore = _referenceSummary.ActiveUsers;
                comparison.LicensedAfter = summary.ActiveUsers;
                comparison.LicenseChange = summary.ActiveUsers - _referenceSummary.ActiveUsers;
            }
        }

        private void Compare(InventoryEntry after)
        {
            if (_current != after.Kind)
                return;
            // Paging can hand out a record twice (offsets shift when records change meanwhile): report it once.
            if (after.Id > 0 && _added.Contains((after.Kind, after.Id)))
                return;
            InventoryEntry? before = _reference.Match(after);
            if (before != null && before.Matched)
            {
                if (before.Id == after.Id)
                    return;
                before = null;
            }
            if (before == null)
            {
                if (after.Id > 0)
                    _added.Add((after.Kind, after.Id));
                Emit(after.Kind, Ws1InventoryChangeKind.Added, after, null, after.State, after.IsActiveUser ? Ws1LicenseChange.Gained : (Ws1LicenseChange?)null);
                return;
            }
            before.Matched = true;
            switch (after.Kind)
            {
                case Ws1InventoryItemKind.User:
                    if (!string.Equals(before.State, after.State, StringComparison.Ordinal))
                        Emit(after.Kind, Ws1InventoryChangeKind.StatusChanged, after, before.State, after.State,
                            after.IsActiveUser ? Ws1LicenseChange.Gained : Ws1LicenseChange.Lost);
                    // Addresses are case-insensitive, and a missing one is the same as an empty one.
                    if (!string.Equals(before.Email ?? string.Empty, after.Email ?? string.Empty, StringComparison.OrdinalIgnoreCase))
                        Emit(after.Kind, Ws1InventoryChangeKind.EmailChanged, after, before.Email, after.Email, null);
                    break;
                case Ws1InventoryItemKind.Device:
                    if (!string.Equals(before.State ?? string.Empty, after.State ?? string.Empty, StringComparison.OrdinalIgnoreCase))
                        Emit(after.Kind, Ws1InventoryChangeKind.EnrollmentStatusChanged, after, before.State, after.State, null);
                    break;
            }
        }

        private void FinishCollection()
        {
            if (_current == null)
                return;
            foreach (InventoryEntry gone in _reference.Unmatched(_current.Value))
                Emit(gone.Kind, Ws1InventoryChangeKind.Removed, gone, gone.State, null, gone.IsActiveUser ? Ws1LicenseChange.Lost : (Ws1LicenseChange?)null);
            _current = null;
        }

        private void Emit(Ws1InventoryItemKind kind, Ws1InventoryChangeKind change, InventoryEntry entry, string? before, string? after, Ws1LicenseChange? license)
        {
            var record = new Ws1InventoryChange
            {
                AccountName = _difference?.AccountName,
                Collection = kind,
                Change = change,
                Key = entry.Key,
                Id = entry.Id,
                Name = entry.Name,
                Before = before,
                After = after,
                License = license,
            };
            Begun.Count(record, _keepChanges);
            _pending.Enqueue(record);
        }

        private static Ws1InventoryItemKind KindOf(Ws1InventoryCollection collection) =>
            collection == Ws1InventoryCollection.Users ? Ws1InventoryItemKind.User
            : collection == Ws1InventoryCollection.Devices ? Ws1InventoryItemKind.Device
            : Ws1InventoryItemKind.App;

        private static string From(Ws1Inventory inventory) => inventory.Path != null ? $" (from {inventory.Path})" : string.Empty;

        private sealed class AccountCheckSink : IInventorySink
        {
            private readonly Ws1Inventory _reference;

            public AccountCheckSink(Ws1Inventory reference)
            {
                _reference = reference;
            }

            public void Begin(Ws1Inventory header) => CheckSameAccount(_reference, header);
            public void BeginCollection(Ws1InventoryCollection collection) { }
            public void Add(Ws1User user) { }
            public void Add(Ws1Device device) { }
            public void Add(Ws1App app) { }
            public void End(Ws1Inventory summary) { }
        }
    }
}
