namespace WorkspaceOneUem.Simulator;

/// <summary>
/// One tenant's data. Seeded users and devices are never stored: they are regenerated from (seed, index)
/// and only an overlay of changes is kept, so a million users start in milliseconds.
/// Callers hold <see cref="Lock"/> (read for queries, write for changes).
/// </summary>
internal sealed class TenantData
{
    public readonly ReaderWriterLockSlim Lock = new(LockRecursionPolicy.NoRecursion);
    public readonly DataGenerator Gen;
    public readonly int SeedUsers;
    public readonly OrgGroup[] Groups;
    public readonly AppRecord[] Apps;
    public readonly Dictionary<int, int[]> AppsByPlatform;
    public readonly UserGroupRecord[] UserGroups;
    public readonly SmartGroupRecord[] SmartGroups;
    private readonly int _projectGroups;
    public readonly List<WipeRecord> Wipes = new();
    /// <summary>When wipe protection was last unlocked: wipes before it no longer count against the threshold.</summary>
    public DateTime? WipesUnlockedAt;
    /// <summary>The sequence number of the last unlock: only wipes after it count (times can tie on an injected clock).</summary>
    public long WipesUnlockedAfter;

    private readonly int[] _devicePrefix; // _devicePrefix[u] = number of devices owned by users 1..u
    private readonly Dictionary<int, OrgGroup> _groupsById;
    private readonly Dictionary<int, UserRecord> _userOverlay = new(); // changed, added and deleted users
    private readonly HashSet<int> _deleted = new();
    private readonly SortedIdSet _deletedSeed = new();
    private readonly SortedIdSet _deletedDevices = new();
    private readonly List<int> _addedLive = new(); // ids > SeedUsers still alive, ascending
    private readonly Dictionary<string, int> _overlayNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<int, DeviceState> _deviceStates = new();
    private readonly object _cacheSync = new();
    private readonly Dictionary<string, object> _cache = new();
    private long _cacheVersion = -1;
    private int _nextUserId;
    private long _version;

    public TenantData(int users, int seed)
    {
        Gen = new DataGenerator(seed);
        SeedUsers = Math.Max(0, users);
        _devicePrefix = new int[SeedUsers + 1];
        for (int u = 1; u <= SeedUsers; u++) _devicePrefix[u] = _devicePrefix[u - 1] + Gen.DeviceCountOf(u);
        Groups = Gen.CreateGroups();
        _groupsById = Groups.ToDictionary(g => g.Id);
        Apps = Gen.CreateApps(300);
        AppsByPlatform = Apps.GroupBy(a => a.Platform).ToDictionary(g => g.Key, g => g.Select(a => a.Id).ToArray());
        _nextUserId = SeedUsers + 1;
        UserGroups = Gen.CreateUserGroups(SeedUsers);
        _projectGroups = DataGenerator.ProjectGroupCount(SeedUsers);
        SmartGroups = Gen.CreateSmartGroups();
    }

    /// <summary>Bumped on every change; search caches are keyed on it.</summary>
    public long Version => Interlocked.Read(ref _version);
    public void Touch() => Interlocked.Increment(ref _version);

    public int DeviceCount => _devicePrefix[SeedUsers];
    public int LiveUserCount => SeedUsers - _deletedSeed.Count + _addedLive.Count;

    // ---- groups ----------------------------------------------------------------------------------

    public OrgGroup? Group(int id) => _groupsById.TryGetValue(id, out var g) ? g : null;

    public OrgGroup? GroupByUuidOrId(string key)
    {
        if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return Group(id);
        return Groups.FirstOrDefault(g => string.Equals(g.Uuid, key, StringComparison.OrdinalIgnoreCase));
    }

    public bool IsWithin(int groupId, int ancestorId)
    {
        for (var g = Group(groupId); g != null; g = g.ParentId == 0 ? null : Group(g.ParentId))
        {
            if (g.Id == ancestorId) return true;
        }
        return false;
    }

    public IEnumerable<OrgGroup> Subtree(int rootId) => Groups.Where(g => IsWithin(g.Id, rootId));

    /// <summary>Direct user and device counts per group (string-typed in v1 responses).</summary>
    public (int Users, int Devices) GroupCounts(int groupId)
    {
        var counts = Cached("groupcounts", () =>
        {
            var users = new Dictionary<int, int>();
            var devices = new Dictionary<int, int>();
            foreach (var id in LiveUserIds())
            {
                int og = _userOverlay.TryGetValue(id, out var u) ? u.LocationGroupId : Gen.GroupOf(id);
                users[og] = users.GetValueOrDefault(og) + 1;
            }
            for (int u = 1; u <= SeedUsers; u++)
            {
                int n = _devicePrefix[u] - _devicePrefix[u - 1];
                if (n == 0) continue;
                int og = _userOverlay.TryGetValue(u, out var rec) ? rec.LocationGroupId : Gen.GroupOf(u);
                devices[og] = devices.GetValueOrDefault(og) + n;
            }
            foreach (var id in _deletedDevices.Ids)
            {
                int og = DeviceGroupOfOwner(OwnerOf(id));
                devices[og] = devices.GetValueOrDefault(og) - 1;
            }
            return Tuple.Create(users, devices);
        });
        return (counts.Item1.GetValueOrDefault(groupId), counts.Item2.GetValueOrDefault(groupId));
    }

    // ---- user groups -----------------------------------------------------------------------------

    public UserGroupRecord? UserGroup(int id) => UserGroups.FirstOrDefault(g => g.Id == id);

    /// <summary>The live members of a user group, ids ascending.</summary>
    public int[] UserGroupMembers(UserGroupRecord g) => AllUserGroupMembers()[Array.IndexOf(UserGroups, g)];

    public bool IsUserGroupMember(UserGroupRecord g, int userId) => Array.BinarySearch(UserGroupMembers(g), userId) >= 0;

    /// <summary>Adds a live user; nothing changes when it is a member already.</summary>
    public void AddUserGroupMember(UserGroupRecord g, int userId)
    {
        if (IsUserGroupMember(g, userId)) return;
        if (!g.Removed.Remove(userId)) g.Added.Add(userId);
        Touch();
    }

    /// <summary>Removes a user; nothing changes when it is not a member.</summary>
    public void RemoveUserGroupMember(UserGroupRecord g, int userId)
    {
        if (!IsUserGroupMember(g, userId)) return;
        if (!g.Added.Remove(userId)) g.Removed.Add(userId);
        Touch();
    }

    /// <summary>
    /// Every group's members in one scan of the live users, cached until the data changes. A custom group's seeded
    /// members keep the group they were seeded in (a move does not take a user out of a custom group); a directory
    /// group follows the user's current group and type, as a sync would.
    /// </summary>
    private int[][] AllUserGroupMembers() => Cached("usergroupmembers", () =>
    {
        var members = UserGroups.Select(_ => new List<int>()).ToArray();
        var drawn = Enumerable.Range(0, UserGroups.Length).Where(k => UserGroups[k].ProjectIndex < 0).ToArray();
        var projects = Enumerable.Range(0, UserGroups.Length).Where(k => UserGroups[k].ProjectIndex >= 0).ToDictionary(k => UserGroups[k].ProjectIndex);
        foreach (var id in LiveUserIds())
        {
            if (id > SeedUsers) break; // added users are members only by an add; live ids come seeded first
            int seededGroup = Gen.GroupOf(id);
            int group = _userOverlay.TryGetValue(id, out var u) ? u.LocationGroupId : seededGroup;
            int security = u?.SecurityType ?? Gen.SeededSecurityType(id);
            foreach (int k in drawn)
            {
                var g = UserGroups[k];
                int within = g.IsDirectory ? group : seededGroup;
                if ((g.MembersFromGroup == 0 || IsWithin(within, g.MembersFromGroup)) && Gen.InUserGroup(g, id, security)) members[k].Add(id);
            }
            // One draw picks a user's project, so the project groups cost one hash per user however many there are.
            if (projects.TryGetValue(Gen.ProjectOf(id, _projectGroups), out int project)) members[project].Add(id);
        }
        // Then what the API changed: seeded members removed, other users added.
        return UserGroups.Select((g, k) =>
        {
            var set = new HashSet<int>(members[k]);
            set.ExceptWith(g.Removed);
            set.UnionWith(g.Added.Where(IsLiveUser));
            var ids = set.ToArray();
            Array.Sort(ids);
            return ids;
        }).ToArray();
    });

    // ---- smart groups ----------------------------------------------------------------------------

    public SmartGroupRecord? SmartGroup(int id) => SmartGroups.FirstOrDefault(g => g.Id == id);

    /// <summary>The live devices of a smart group, ids ascending.</summary>
    public int[] SmartGroupDevices(SmartGroupRecord g) => AllSmartGroupDevices()[Array.IndexOf(SmartGroups, g)];

    /// <summary>Every smart group's devices in one scan of the live devices (traits only, no records), cached until the data changes.</summary>
    private int[][] AllSmartGroupDevices() => Cached("smartgroupdevices", () =>
    {
        var devices = SmartGroups.Select(_ => new List<int>()).ToArray();
        for (int id = 1; id <= DeviceCount; id++)
        {
            if (!IsLiveDevice(id)) continue;
            var t = Gen.Traits(id);
            int group = DeviceGroupOfOwner(OwnerOf(id));
            for (int k = 0; k < SmartGroups.Length; k++)
            {
                var g = SmartGroups[k];
                if (g.Empty || !IsWithin(group, g.ManagedByGroupId)) continue;
                if (g.Platform != null && !string.Equals(t.Platform, g.Platform, StringComparison.OrdinalIgnoreCase)) continue;
                if (g.Ownership != null && t.Ownership != g.Ownership) continue;
                if (g.ComplianceStatus != null && t.ComplianceStatus != g.ComplianceStatus) continue;
                devices[k].Add(id);
            }
        }
        return devices.Select(d => d.ToArray()).ToArray();
    });

    // ---- users -----------------------------------------------------------------------------------

    public bool IsLiveUser(int id) =>
        id >= 1 && !_deleted.Contains(id) && (id <= SeedUsers || _userOverlay.ContainsKey(id));

    /// <summary>A live user, or null.</summary>
    public UserRecord? GetUser(int id) => IsLiveUser(id) ? GetUserAny(id) : null;

    /// <summary>Any user ever known, including deleted ones (their devices still name them).</summary>
    public UserRecord? GetUserAny(int id)
    {
        if (_userOverlay.TryGetValue(id, out var u)) return u;
        return id >= 1 && id <= SeedUsers ? Gen.CreateUser(id) : null;
    }

    private string[]? _seedUserNames;

    /// <summary>
    /// The user name of any user ever known, without building the whole record: a device search by user name
    /// reads one per device owner. The seeded names are generated once, on the first such search.
    /// </summary>
    public string? UserNameOf(int id)
    {
        if (_userOverlay.TryGetValue(id, out var u)) return u.UserName;
        if (id < 1 || id > SeedUsers) return null;
        string[] names = LazyInitializer.EnsureInitialized(ref _seedUserNames, () =>
        {
            var all = new string[SeedUsers + 1];
            for (int i = 1; i <= SeedUsers; i++) all[i] = Gen.CreateUser(i).UserName;
            return all;
        });
        return names[id];
    }

    /// <summary>Live user ids ascending: seeded ones first, then added ones.</summary>
    public IEnumerable<int> LiveUserIds()
    {
        for (int id = 1; id <= SeedUsers; id++)
        {
            if (_deletedSeed.Count == 0 || !_deletedSeed.Contains(id)) yield return id;
        }
        foreach (var id in _addedLive) yield return id;
    }

    /// <summary>The k-th (0-based) live user id in default order, in O(log d) without scanning.</summary>
    public int NthLiveUserId(int k)
    {
        int seededLive = SeedUsers - _deletedSeed.Count;
        return k >= seededLive ? _addedLive[k - seededLive] : _deletedSeed.NthAbsent(k);
    }

    public bool IsUserNameTaken(string userName, int exceptId = 0)
    {
        if (_overlayNames.TryGetValue(userName, out var owner)) return owner != exceptId;
        // Seeded names end in their index: only that one seeded user can hold the name.
        int end = userName.Length;
        int start = end;
        while (start > 0 && char.IsAsciiDigit(userName[start - 1])) start--;
        if (start == end || end - start > 9) return false;
        int idx = int.Parse(userName.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture);
        if (idx < 1 || idx > SeedUsers || idx == exceptId || _deleted.Contains(idx) || _userOverlay.ContainsKey(idx)) return false;
        return string.Equals(Gen.CreateUser(idx).UserName, userName, StringComparison.OrdinalIgnoreCase);
    }

    public int AddUser(UserRecord u)
    {
        u.Id = _nextUserId++;
        if (string.IsNullOrEmpty(u.Uuid)) u.Uuid = DataGenerator.GuidFrom(Hash.Mix((ulong)u.Id * 31 + 7) ^ 0xA5A5, Hash.Mix((ulong)u.Id) ^ (ulong)Environment.TickCount64);
        _userOverlay[u.Id] = u;
        _overlayNames[u.UserName] = u.Id;
        _addedLive.Add(u.Id);
        Touch();
        return u.Id;
    }

    /// <summary>Stores a changed copy of a live user.</summary>
    public void SaveUser(UserRecord u)
    {
        if (_userOverlay.TryGetValue(u.Id, out var old) && !string.Equals(old.UserName, u.UserName, StringComparison.OrdinalIgnoreCase)) _overlayNames.Remove(old.UserName);
        _userOverlay[u.Id] = u;
        _overlayNames[u.UserName] = u.Id;
        Touch();
    }

    public bool DeleteUser(int id)
    {
        var u = GetUser(id);
        if (u == null) return false;
        _userOverlay[id] = u; // keep the last state: devices still show the user name
        _overlayNames.Remove(u.UserName);
        _deleted.Add(id);
        if (id <= SeedUsers)
        {
            _deletedSeed.Add(id);
        }
        else
        {
            _addedLive.Remove(id);
        }
        Touch();
        return true;
    }

    public int EnrolledDeviceCount(int userId)
    {
        if (userId < 1 || userId > SeedUsers) return 0;
        int n = 0;
        for (int d = _devicePrefix[userId - 1] + 1; d <= _devicePrefix[userId]; d++)
        {
            if (DeviceEnrollmentStatus(d) == "Enrolled") n++;
        }
        return n;
    }

    // ---- devices ---------------------------------------------------------------------------------

    public (int First, int Count) DevicesOfUser(int userId) =>
        userId < 1 || userId > SeedUsers ? (0, 0) : (_devicePrefix[userId - 1] + 1, _devicePrefix[userId] - _devicePrefix[userId - 1]);

    public int OwnerOf(int deviceId)
    {
        // Lower bound: smallest u with prefix[u] >= deviceId.
        int lo = 1, hi = SeedUsers;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_devicePrefix[mid] >= deviceId) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    /// <summary>The enrollment status of a live device; null for a deleted one.</summary>
    public string? DeviceEnrollmentStatus(int deviceId)
    {
        if (!_deviceStates.TryGetValue(deviceId, out var s)) return Gen.SeedEnrollmentStatus(deviceId);
        return s.Deleted ? null : s.EnrollmentStatus ?? Gen.SeedEnrollmentStatus(deviceId);
    }

    public int LiveDeviceCount => DeviceCount - _deletedDevices.Count;

    public bool IsLiveDevice(int id) => id >= 1 && id <= DeviceCount && !_deletedDevices.Contains(id);

    /// <summary>The k-th (0-based) live device id in id order, without scanning.</summary>
    public int NthLiveDeviceId(int k) => _deletedDevices.NthAbsent(k);

    public int DeletedDeviceCount => _deletedDevices.Count;

    /// <summary>Deletes a device record: it leaves searches, lookups, counts and commands. False when already gone.</summary>
    public bool DeleteDevice(int id)
    {
        if (!IsLiveDevice(id)) return false;
        _deletedDevices.Add(id);
        StateOf(id).Deleted = true;
        Touch();
        return true;
    }

    /// <summary>LastSeen as the device reports it: its last check-in after a command, else the seeded value.</summary>
    public DateTime LastSeenOf(int deviceId) =>
        _deviceStates.TryGetValue(deviceId, out var s) && s.LastSeen is { } seen ? seen : Gen.Traits(deviceId).LastSeen;

    /// <summary>
    /// A live device, or null. withUser = false skips generating the owner (a big share of the cost) when a
    /// filter scan does not need the owner's name: the group still comes out right.
    /// </summary>
    public DeviceRecord? GetDevice(long id, bool withUser = true) =>
        id >= 1 && id <= DeviceCount && !_deletedDevices.Contains((int)id) ? GetDeviceAny(id, withUser) : null;

    /// <summary>Any device ever seeded, deleted ones included (the control path shows them).</summary>
    public DeviceRecord? GetDeviceAny(long id, bool withUser = true)
    {
        if (id < 1 || id > DeviceCount) return null;
        int deviceId = (int)id;
        int owner = OwnerOf(deviceId);
        var user = withUser ? GetUserAny(owner) : _userOverlay.GetValueOrDefault(owner);
        var d = Gen.CreateDevice(deviceId, owner, user);
        if (_deviceStates.TryGetValue(deviceId, out var state))
        {
            d.State = state;
            if (state.EnrollmentStatus != null) d.EnrollmentStatus = state.EnrollmentStatus;
            if (state.LastSeen != null) d.LastSeen = state.LastSeen.Value;
        }
        return d;
    }

    /// <summary>Group of a device's owner without generating the owner.</summary>
    public int DeviceGroupOfOwner(int owner) => _userOverlay.TryGetValue(owner, out var u) ? u.LocationGroupId : Gen.GroupOf(owner);

    public DeviceState StateOf(int deviceId)
    {
        if (!_deviceStates.TryGetValue(deviceId, out var s)) _deviceStates[deviceId] = s = new DeviceState();
        return s;
    }

    /// <summary>Finds a device by one of the v1 searchby identifiers; null when unknown.</summary>
    public DeviceRecord? FindDevice(string? searchBy, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        value = value.Trim();
        switch ((searchBy ?? "").ToLowerInvariant())
        {
            case "deviceid":
                return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? GetDevice(id) : null;
            case "serialnumber":
                return Confirm(Gen.DeviceIdFromSerial(value), d => d.SerialNumber, value);
            case "udid":
                return Confirm(Gen.DeviceIdFromUdid(value), d => d.Udid, value);
            case "macaddress":
                return Confirm(Gen.DeviceIdFromMac(value), d => d.MacAddress, value.Replace(":", "").Replace("-", ""));
            case "imeinumber":
                return Confirm(Gen.DeviceIdFromImei(value), d => d.Imei, value);
            case "easid":
                return Confirm(Gen.DeviceIdFromEasId(value), d => d.EasId, value);
            case "uuid":
                return Confirm(Gen.DeviceIdFromUuid(value), d => d.Uuid, value);
            default:
                return null;
        }
    }

    private DeviceRecord? Confirm(long candidate, Func<DeviceRecord, string> field, string value)
    {
        var d = GetDevice(candidate);
        return d != null && string.Equals(field(d), value, StringComparison.OrdinalIgnoreCase) ? d : null;
    }

    public IEnumerable<int> TouchedDeviceIds() => _deviceStates.Keys;

    // ---- commands waiting for a check-in, events, sequence numbers ---------------------------------

    private readonly PriorityQueue<CommandRecord, (long Due, long Order)> _checkIns = new();
    private long _nextDueTicks = long.MaxValue;
    private long _sequence;

    /// <summary>A number that grows with every call: event ids, wipe-record order, check-in order.</summary>
    public long NextSequence() => ++_sequence;

    /// <summary>Keeps a command until the device checks in for it (commands without a due time are never done).</summary>
    public void ScheduleCheckIn(CommandRecord command)
    {
        if (command.DueAt is not { } due) return;
        _checkIns.Enqueue(command, (due.Ticks, NextSequence()));
        _checkIns.TryPeek(out _, out var first);
        Volatile.Write(ref _nextDueTicks, first.Due);
    }

    /// <summary>Cheap, lock-free test: is a check-in due at <paramref name="now"/>?</summary>
    public bool HasCheckInDue(DateTime now) => now.Ticks >= Volatile.Read(ref _nextDueTicks);

    /// <summary>Removes and returns the commands due at or before <paramref name="now"/>, earliest first. Caller holds the write lock.</summary>
    public List<CommandRecord> TakeDueCheckIns(DateTime now)
    {
        var due = new List<CommandRecord>();
        while (_checkIns.TryPeek(out var command, out var at) && at.Due <= now.Ticks)
        {
            _checkIns.Dequeue();
            due.Add(command);
        }
        Volatile.Write(ref _nextDueTicks, _checkIns.TryPeek(out _, out var next) ? next.Due : long.MaxValue);
        return due;
    }

    // ---- query cache -----------------------------------------------------------------------------

    /// <summary>
    /// Caches a computed result (e.g. the id list of a filtered search) until the data changes, so paging a
    /// filtered search over a big tenant scans once rather than once per page.
    /// </summary>
    public T Cached<T>(string key, Func<T> compute) where T : class
    {
        long version = Version;
        lock (_cacheSync)
        {
            if (_cacheVersion != version) { _cache.Clear(); _cacheVersion = version; }
            if (_cache.TryGetValue(key, out var hit)) return (T)hit;
        }
        var value = compute();
        lock (_cacheSync)
        {
            if (_cacheVersion == version)
            {
                if (_cache.Count >= 64) _cache.Clear();
                _cache[key] = value;
            }
        }
        return value;
    }
}
