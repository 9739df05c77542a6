using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Client.Inventory
{
    /// <summary>
    /// The inventory of a connected account, read page after page: users, then devices, then apps. Each record is
    /// handed on as its page arrives; nothing is collected here.
    /// </summary>
    internal sealed class LiveInventorySource : InventorySource
    {
        private readonly Ws1Session _session;
        private readonly Ws1InventoryCollection[] _include;

        public LiveInventorySource(Ws1Session session, IEnumerable<Ws1InventoryCollection>? include)
        {
            _session = session ?? throw new ArgumentNullException(nameof(session));
            _include = Normalize(include);
        }

        public override string Description => $"account '{_session.AccountName}'";

        /// <summary>The API server as an inventory names it: host, and the port when it is not the scheme's default.</summary>
        public static string ServerOf(Ws1Session session) => session.Server;

        /// <summary>Distinct collections in their canonical order; none given means all.</summary>
        public static Ws1InventoryCollection[] Normalize(IEnumerable<Ws1InventoryCollection>? include)
        {
            Ws1InventoryCollection[] chosen = (include ?? Enumerable.Empty<Ws1InventoryCollection>()).Distinct().OrderBy(c => c).ToArray();
            return chosen.Length > 0 ? chosen : (Ws1InventoryCollection[])Enum.GetValues(typeof(Ws1InventoryCollection));
        }

        internal override async IAsyncEnumerable<InventoryProgress> ReadIntoAsync(IInventorySink sink, [EnumeratorCancellation] CancellationToken ct)
        {
            DateTime collectedAt = DateTime.UtcNow;
            Ws1SystemInfo? info = await _session.GetSystemInfoAsync(ct).ConfigureAwait(false);
            var header = new Ws1Inventory
            {
                AccountName = _session.AccountName,
                Server = ServerOf(_session),
                CollectedAt = collectedAt,
                ServerVersion = info?.ProductVersion,
                Included = _include,
            };
            var feed = new InventoryFeed(sink, header, Description);
            foreach (Ws1InventoryCollection collection in _include)
            {
                feed.BeginCollection(collection);
                yield return feed.Progress;
                switch (collection)
                {
                    case Ws1InventoryCollection.Users:
                        await foreach (Ws1User user in _session.Users.SearchAsync(null, ct).ConfigureAwait(false))
                        {
                            if (feed.Add(user))
                                yield return feed.Progress;
                        }
                        break;
                    case Ws1InventoryCollection.Devices:
                        await foreach (Ws1Device device in _session.Devices.SearchAsync(null, ct).ConfigureAwait(false))
                        {
                            if (feed.Add(device))
                                yield return feed.Progress;
                        }
                        break;
                    default:
                        await foreach (Ws1App app in _session.Apps.SearchAsync(null, ct).ConfigureAwait(false))
                        {
                            if (feed.Add(app))
                                yield return feed.Progress;
                        }
                        break;
                }
            }
            feed.Finish();
            yield return feed.Progress;
        }
    }

    /// <summary>An inventory already in memory (from Get-Ws1Inventory or Import-Ws1Inventory), replayed.</summary>
    internal sealed class InventoryObjectSource : InventorySource
    {
        private readonly Ws1Inventory _inventory;

        public InventoryObjectSource(Ws1Inventory inventory)
        {
            _inventory = inventory ?? throw new ArgumentNullException(nameof(inventory));
            if (string.IsNullOrEmpty(inventory.AccountName) || string.IsNullOrEmpty(inventory.Server))
                throw new ArgumentException("The inventory names no AccountName or Server.");
            Ws1InventoryCollection? empty = inventory.Included?.Cast<Ws1InventoryCollection?>().FirstOrDefault(c =>
                (c == Ws1InventoryCollection.Users && inventory.UserList == null) ||
                (c == Ws1InventoryCollection.Devices && inventory.DeviceList == null) ||
                (c == Ws1InventoryCollection.Apps && inventory.AppList == null));
            if (empty != null)
                throw new ArgumentException(
                    $"The inventory of {inventory.Describe()} includes {empty} but holds no {empty} records (Export-Ws1Inventory -PassThru returns counts only); use the snapshot file instead.");
        }

        public override string Description => _inventory.Path != null ? $"snapshot {_inventory.Path}" : $"inventory of account '{_inventory.AccountName}'";

        internal override IAsyncEnumerable<InventoryProgress> ReadIntoAsync(IInventorySink sink, CancellationToken ct) =>
            AsyncSequences.FromSync(Replay(sink, ct));

        private IEnumerable<InventoryProgress> Replay(IInventorySink sink, CancellationToken ct)
        {
            var feed = new InventoryFeed(sink, _inventory, Description);
            foreach (Ws1InventoryCollection collection in _inventory.Included)
            {
                feed.BeginCollection(collection);
                switch (collection)
                {
                    case Ws1InventoryCollection.Users:
                        // The constructor refused an inventory without the records of a collection it includes.
                        foreach (Ws1User user in _inventory.UserList!)
                        {
                            if (feed.Add(user))
                                yield return feed.Progress;
                        }
                        break;
                    case Ws1InventoryCollection.Devices:
                        foreach (Ws1Device device in _inventory.DeviceList!)
                        {
                            if (feed.Add(device))
                                yield return feed.Progress;
                        }
                        break;
                    default:
                        foreach (Ws1App app in _inventory.AppList!)
                        {
                            if (feed.Add(app))
                                yield return feed.Progress;
                        }
                        break;
                }
                ct.ThrowIfCancellationRequested();
            }
            feed.Finish();
            yield return feed.Progress;
        }
    }

    /// <summary>Keeps every record: the in-memory inventory Get-Ws1Inventory and Import-Ws1Inventory return.</summary>
    internal sealed class InventoryBuilder : IInventorySink
    {
        private Ws1Inventory? _inventory;

        /// <summary>The inventory with its counts and records, once the source has ended.</summary>
        public Ws1Inventory? Result { get; private set; }

        private Ws1Inventory Started => _inventory ?? throw new InvalidOperationException("The inventory has not begun.");

        public void Begin(Ws1Inventory header)
        {
            _inventory = header;
            _inventory.UserList = header.Includes(Ws1InventoryCollection.Users) ? new List<Ws1User>() : null;
            _inventory.DeviceList = header.Includes(Ws1InventoryCollection.Devices) ? new List<Ws1Device>() : null;
            _inventory.AppList = header.Includes(Ws1InventoryCollection.Apps) ? new List<Ws1App>() : null;
        }

        public void BeginCollection(Ws1InventoryCollection collection)
        {
        }

        // Records come only for included collections, after Begin made their lists.
        public void Add(Ws1User user) => Started.UserList!.Add(user);

        public void Add(Ws1Device device) => Started.DeviceList!.Add(device);

        public void Add(Ws1App app) => Started.AppList!.Add(app);

        public void End(Ws1Inventory summary)
        {
            Ws1Inventory inventory = Started;
            inventory.Users = summary.Users;
            inventory.ActiveUsers = summary.ActiveUsers;
            inventory.InactiveUsers = summary.InactiveUsers;
            inventory.Devices = summary.Devices;
            inventory.DevicesByPlatform = summary.DevicesByPlatform;
            inventory.DevicesByEnrollmentStatus = summary.DevicesByEnrollmentStatus;
            inventory.Apps = summary.Apps;
            Result = inventory;
        }
    }
}
