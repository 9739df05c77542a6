namespace WorkspaceOneUem.Simulator;

/// <summary>Stateless hashing helpers: every seeded record is a pure function of (seed, index).</summary>
internal static class Hash
{
    public static ulong Mix(ulong x)
    {
        // SplitMix64 finalizer.
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    public static ulong Of(int seed, int salt, long index) => Mix(Mix(((ulong)(uint)seed << 20) ^ (ulong)salt) ^ (ulong)index);
}

/// <summary>Tiny PRNG stream for one record.</summary>
internal struct Rng
{
    private ulong _state;
    public Rng(ulong seed) => _state = seed;

    public ulong Next() { _state += 0x9E3779B97F4A7C15UL; return Hash.Mix(_state); }

    public int Below(int n) => (int)((Next() >> 16) % (ulong)n);
}

/// <summary>
/// Invertible mixing of a number inside a fixed bit width. Lets identifiers (Udid, serial, MAC, IMEI, Uuid)
/// look random yet be mapped back to the device id in O(1), so alternate-id lookups need no index.
/// </summary>
internal sealed class Codec
{
    private readonly ulong _mask, _key, _m1, _m2, _inv1, _inv2;
    private readonly int _shift;

    public Codec(int bits, ulong key)
    {
        _mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        _key = key & _mask;
        _shift = (bits + 1) / 2; // 2*shift >= bits makes x ^= x >> shift its own inverse
        _m1 = 0x9E3779B97F4A7C15UL | 1;
        _m2 = 0xD6E8FEB86659FD93UL | 1;
        _inv1 = Inverse(_m1);
        _inv2 = Inverse(_m2);
    }

    private static ulong Inverse(ulong m)
    {
        ulong x = m;
        for (int i = 0; i < 6; i++) x *= 2 - m * x;
        return x;
    }

    public ulong Encode(ulong v)
    {
        ulong x = (v ^ _key) & _mask;
        x = (x * _m1) & _mask;
        x ^= x >> _shift;
        x = (x * _m2) & _mask;
        x ^= x >> _shift;
        return x;
    }

    public ulong Decode(ulong x)
    {
        x &= _mask;
        x ^= x >> _shift;
        x = (x * _inv2) & _mask;
        x ^= x >> _shift;
        x = (x * _inv1) & _mask;
        return (x ^ _key) & _mask;
    }
}

/// <summary>Deterministic tenant content generator.</summary>
internal sealed class DataGenerator
{
    public const string EmailDomain = "simcorp.example";

    // Fixed reference time so the same seed gives identical data on every run.
    private static readonly DateTime BaseTime = new(2025, 11, 1, 9, 0, 0, DateTimeKind.Unspecified);

    private static readonly string[] FirstNames =
    {
        "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
        "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
        "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra", "Paul", "Ashley",
        "Steven", "Kimberly", "Andrew", "Emily", "Joshua", "Donna", "Kevin", "Michelle", "Brian", "Mia",
        "Ann", "Joann", "Liam", "Noah", "Olivia", "Emma", "Ava", "Lucas", "Ethan", "Grace",
    };

    private static readonly string[] LastNames =
    {
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    };

    private static readonly string[] ApostropheLastNames = { "O'Brien", "O'Neil", "D'Angelo", "O'Connor", "D'Souza" };

    // (display, ascii) pairs: names are shown as-is, user names and mail addresses use the ASCII form.
    private static readonly (string, string)[] UnicodeFirstNames =
    {
        ("Zoë", "zoe"), ("Łukasz", "lukasz"), ("José", "jose"), ("秀樹", "hideki"), ("Søren", "soren"), ("Chloé", "chloe"), ("Jürgen", "jurgen"),
    };

    private static readonly (string, string)[] UnicodeLastNames =
    {
        ("Ångström", "angstrom"), ("Müller", "muller"), ("Núñez", "nunez"), ("Dvořák", "dvorak"), ("山田", "yamada"), ("Wiśniewski", "wisniewski"),
    };

    private sealed record PlatformInfo(string Name, int Id, string[] Models, string[] Versions, string SerialPrefix, bool Phone);

    private static readonly PlatformInfo[] Platforms =
    {
        new("Apple", 2, new[] { "iPhone 15", "iPhone 14 Pro", "iPhone 13", "iPad Pro (11-inch)", "iPad Air (5th generation)" }, new[] { "17.5.1", "17.6", "18.0.1", "18.1" }, "F2", true),
        new("Android", 5, new[] { "Pixel 8", "Pixel 7a", "Galaxy S23", "Galaxy Tab S9", "TC52" }, new[] { "13.0.0", "14.0.0", "15.0.0" }, "R5", true),
        new("WinRT", 12, new[] { "Surface Pro 9", "Latitude 7440", "ThinkPad T14", "EliteBook 840" }, new[] { "10.0.19045", "10.0.22631", "10.0.26100" }, "PF", false),
        new("AppleOsX", 10, new[] { "MacBook Pro (14-inch, 2023)", "MacBook Air (M2, 2022)", "iMac (24-inch, M3)" }, new[] { "13.6.7", "14.5", "15.1" }, "C0", false),
    };

    private static readonly string[] AppVendors = { "Acme", "Contoso", "Simcorp", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka" };
    private static readonly string[] AppNouns = { "Mail", "Calendar", "Notes", "Expense", "Timesheet", "CRM", "Chat", "Drive", "Scanner", "VPN", "Maps", "Docs" };
    private static readonly string[] AppSuffixes = { "", " Pro", " Lite" };

    private readonly int _seed;
    private readonly Codec _userUuid, _deviceUuid, _udid, _serial, _mac, _imei, _eas;

    public DataGenerator(int seed)
    {
        _seed = seed;
        ulong k(int salt) => Hash.Of(seed, 1000 + salt, 0);
        _userUuid = new Codec(64, k(1));
        _deviceUuid = new Codec(64, k(2));
        _udid = new Codec(64, k(3));
        _serial = new Codec(48, k(4));
        _mac = new Codec(48, k(5));
        _imei = new Codec(39, k(6)); // 2^39 < 10^12: fits the 12 free IMEI digits
        _eas = new Codec(64, k(7));
    }

    // ---- organization groups -------------------------------------------------------------------

    public OrgGroup[] CreateGroups()
    {
        OrgGroup g(int id, string name, string groupId, string type, int parent) => new()
        {
            Id = id, Name = name, GroupId = groupId, Type = type, ParentId = parent,
            Uuid = GuidFrom(Hash.Of(_seed, 50, id), Hash.Of(_seed, 51, id)),
            CreatedOn = BaseTime.AddYears(-3).AddDays(id % 97),
        };
        return new[]
        {
            g(7, "Global", "Global", "Global", 0),
            g(570, "Simulated Corp", "simcorp", "Customer", 7),
            g(571, "Sales", "simcorp-sales", "Container", 570),
            g(572, "Engineering", "simcorp-eng", "Container", 570),
            g(573, "Support", "simcorp-support", "Container", 570),
            g(574, "Field", "simcorp-field", "Container", 570),
        };
    }

    // ---- users -----------------------------------------------------------------------------------

    /// <summary>Cheap per-user device count (0-3), used to build the device id prefix table at startup.</summary>
    public int DeviceCountOf(int userIndex)
    {
        int r = (int)(Hash.Of(_seed, 2, userIndex) % 20);
        return r < 4 ? 0 : r < 12 ? 1 : r < 17 ? 2 : 3;
    }

    /// <summary>Cheap organization group of a seeded user.</summary>
    public int GroupOf(int userIndex)
    {
        int r = (int)(Hash.Of(_seed, 3, userIndex) % 20);
        return r < 2 ? 570 : 571 + (r - 2) % 4;
    }

    public string UserUuid(int userIndex) => GuidFrom(_userUuid.Encode((ulong)userIndex), Hash.Of(_seed, 4, userIndex));

    public UserRecord CreateUser(int i)
    {
        var r = new Rng(Hash.Of(_seed, 1, i));
        string first, firstAscii, last, lastAscii;
        bool unicode = r.Below(30) == 0;
        bool apostrophe = r.Below(50) == 0;
        bool plus = r.Below(50) == 0;
        if (unicode)
        {
            (first, firstAscii) = UnicodeFirstNames[r.Below(UnicodeFirstNames.Length)];
            (last, lastAscii) = UnicodeLastNames[r.Below(UnicodeLastNames.Length)];
        }
        else
        {
            first = FirstNames[r.Below(FirstNames.Length)];
            firstAscii = first.ToLowerInvariant();
            last = LastNames[r.Below(LastNames.Length)];
            lastAscii = last.ToLowerInvariant();
        }
        if (apostrophe)
        {
            last = ApostropheLastNames[r.Below(ApostropheLastNames.Length)];
            lastAscii = last.ToLowerInvariant();
        }
        string idx = i.ToString(CultureInfo.InvariantCulture);
        string userName = string.Concat(firstAscii, ".", apostrophe ? lastAscii.Replace("'", "") : lastAscii, idx);
        string local = string.Concat(firstAscii, ".", lastAscii, idx);
        if (plus) local += "+test";
        bool active = r.Below(10) != 0;
        int security = r.Below(5) == 0 ? 1 : 2;
        string role = r.Below(5) == 0 ? "Full Access" : "Employee";
        ulong phone = r.Next();
        return new UserRecord
        {
            Id = i,
            Uuid = UserUuid(i),
            UserName = userName,
            FirstName = first,
            LastName = last,
            DisplayName = string.Concat(first, " ", last),
            Email = string.Concat(local, "@", EmailDomain),
            EmailUserName = userName,
            Status = active,
            SecurityType = security,
            ContactNumber = "+1 555 01" + (phone % 100000).ToString("D5", CultureInfo.InvariantCulture),
            MobileNumber = "+1 555 02" + (phone / 100000 % 100000).ToString("D5", CultureInfo.InvariantCulture),
            MessageType = 0,
            LocationGroupId = GroupOf(i),
            Role = role,
            ExternalId = security == 1 ? GuidFrom(Hash.Of(_seed, 5, i), Hash.Of(_seed, 6, i)) : "",
            CustomAttribute1 = security == 1 ? "CN=" + userName + ",OU=Users,DC=simcorp,DC=example" : "",
            CustomAttribute2 = "", CustomAttribute3 = "", CustomAttribute4 = "", CustomAttribute5 = "",
        };
    }

    /// <summary>
    /// A seeded user's SecurityType without building the user: the draws of <see cref="CreateUser"/> up to it, in its
    /// order (unicode, apostrophe, plus, two names, the apostrophe name when drawn, active, then security). A user
    /// group scan over a million users needs it per user.
    /// </summary>
    public int SeededSecurityType(int i)
    {
        var r = new Rng(Hash.Of(_seed, 1, i));
        r.Next(); // unicode
        bool apostrophe = r.Below(50) == 0;
        r.Next(); // plus
        r.Next(); // first name
        r.Next(); // last name
        if (apostrophe) r.Next();
        r.Next(); // active
        return r.Below(5) == 0 ? 1 : 2;
    }

    // ---- user groups and smart groups --------------------------------------------------------------

    /// <summary>Project groups a tenant of this size has: none below 5,000 users, one more per 5,000, at most 200.</summary>
    public static int ProjectGroupCount(int users) => Math.Min(200, Math.Max(0, users) / 5000);

    public UserGroupRecord[] CreateUserGroups(int users)
    {
        var list = new List<UserGroupRecord>();
        int nextId = 3001;
        UserGroupRecord Add(string name, string description, int og, bool directory, int perMille, int from, int project = -1)
        {
            int id = nextId++;
            var g = new UserGroupRecord
            {
                Id = id, Name = name, Description = description, LocationGroupId = og, IsDirectory = directory,
                PerMille = perMille, MembersFromGroup = from, ProjectIndex = project,
                Uuid = GuidFrom(Hash.Of(_seed, 70, id), Hash.Of(_seed, 71, id)),
                DistinguishedName = directory ? "CN=" + name + ",OU=Groups,DC=simcorp,DC=example" : "",
                LastSyncOn = directory ? BaseTime.AddHours(-(id % 24)) : null,
            };
            list.Add(g);
            return g;
        }
        Add("VPN Users", "Users allowed on the VPN", 570, false, 200, 0);
        Add("Pilot Users", "Early access to new apps and profiles", 570, false, 50, 0);
        Add("Executives", "Leadership team", 570, false, 10, 0);
        Add("All Employees", "Every employee account in the directory", 570, true, 1000, 0);
        Add("Sales", "Directory group of the sales department", 571, true, 1000, 571);
        Add("Sales Managers", "Managers in sales", 571, false, 100, 571);
        Add("Sales Managers EMEA", "Sales managers in Europe, the Middle East and Africa", 571, false, 300, 571);
        Add("Engineering", "Directory group of the engineering department", 572, true, 1000, 572);
        Add("Engineering On-Call", "Engineers on the on-call rota", 572, false, 80, 572);
        Add("Contractors [Temp]", "Temporary contractors", 574, false, 40, 574);
        int projects = ProjectGroupCount(users);
        for (int p = 0; p < projects; p++)
            Add("Project " + (p + 1).ToString("D3", CultureInfo.InvariantCulture), "Project team", 570, false, 0, 0, p);
        return list.ToArray();
    }

    /// <summary>
    /// Whether a seeded user is in a group as seeded (before any add or remove): a directory group draws directory
    /// users only; a project group takes the user's one project draw; the others draw their share per user.
    /// The organization group condition (<see cref="UserGroupRecord.MembersFromGroup"/>) is the caller's.
    /// </summary>
    public bool InUserGroup(UserGroupRecord g, int userId, int securityType, int projectCount)
    {
        if (g.IsDirectory && securityType != 1) return false;
        if (g.ProjectIndex >= 0) return ProjectOf(userId, projectCount) == g.ProjectIndex;
        return g.PerMille >= 1000 || (int)(Hash.Of(_seed, 80 + g.Id % 1000, userId) % 1000) < g.PerMille;
    }

    /// <summary>The one project group a user is in (about 1 user in 20 is in one), or -1.</summary>
    public int ProjectOf(int userId, int projectCount)
    {
        if (projectCount <= 0) return -1;
        int draw = (int)(Hash.Of(_seed, 79, userId) % (ulong)(projectCount * 20));
        return draw < projectCount ? draw : -1;
    }

    public SmartGroupRecord[] CreateSmartGroups()
    {
        SmartGroupRecord g(int id, string name, int og, string? platform = null, string? ownership = null, string? compliance = null, bool empty = false, int assignments = 0) => new()
        {
            Id = id, Name = name, ManagedByGroupId = og, Platform = platform, Ownership = ownership, ComplianceStatus = compliance,
            Empty = empty, Assignments = assignments,
            Uuid = GuidFrom(Hash.Of(_seed, 72, id), Hash.Of(_seed, 73, id)),
        };
        return new[]
        {
            g(4001, "All Corporate Devices", 570, ownership: "C"),
            g(4002, "iOS Devices", 570, platform: "Apple", assignments: 3),
            g(4003, "Android Devices", 570, platform: "Android", assignments: 2),
            g(4004, "Sales Devices", 571, assignments: 1),
            g(4005, "Sales Devices iOS", 571, platform: "Apple"),
            g(4006, "Noncompliant Devices", 570, compliance: "NonCompliant"),
            g(4007, "Kiosks", 574, empty: true),
        };
    }

    // ---- devices ---------------------------------------------------------------------------------

    /// <summary>Enrollment status a seeded device starts with (cheap: used for user device counts).</summary>
    public string SeedEnrollmentStatus(int deviceId)
    {
        int e = (int)(Hash.Of(_seed, 6, deviceId) % 100);
        return e < 85 ? "Enrolled" : e < 95 ? "Unenrolled" : e < 98 ? "EnterpriseWipePending" : "DeviceWipePending";
    }

    /// <summary>The cheap, string-free part of a seeded device: enough to filter and sort without building identifiers.</summary>
    public struct DeviceTraits
    {
        public int PlatformIndex, ModelIndex, OsIndex;
        public string Ownership, ComplianceStatus;
        public DateTime LastSeen, LastEnrolledOn;
        public bool Compromised, Supervised, RequiresUnlockPin;
        public string Platform => Platforms[PlatformIndex].Name;
        public int PlatformId => Platforms[PlatformIndex].Id;
        public string Model => Platforms[PlatformIndex].Models[ModelIndex];
    }

    public DeviceTraits Traits(int id)
    {
        var r = new Rng(Hash.Of(_seed, 5, id));
        int p = r.Below(20);
        var t = new DeviceTraits { PlatformIndex = p < 7 ? 0 : p < 14 ? 1 : p < 17 ? 2 : 3 };
        var pi = Platforms[t.PlatformIndex];
        t.ModelIndex = r.Below(pi.Models.Length);
        t.OsIndex = r.Below(pi.Versions.Length);
        int o = r.Below(10);
        t.Ownership = o < 6 ? "C" : o < 9 ? "E" : "S";
        t.LastSeen = BaseTime.AddSeconds(-r.Below(60 * 86400)).AddMilliseconds(r.Below(1000));
        t.LastEnrolledOn = t.LastSeen.AddDays(-30 - r.Below(600));
        t.ComplianceStatus = r.Below(5) == 0 ? "NonCompliant" : "Compliant";
        t.Compromised = r.Below(50) == 0;
        t.Supervised = pi.Id == 2 && r.Below(2) == 0;
        t.RequiresUnlockPin = pi.Id == 10 && r.Below(2) == 0;
        return t;
    }

    public DeviceRecord CreateDevice(int id, int userIndex, UserRecord? user)
    {
        var t = Traits(id);
        var pi = Platforms[t.PlatformIndex];
        string model = pi.Models[t.ModelIndex];
        string os = pi.Versions[t.OsIndex];
        bool phone = pi.Phone && !model.StartsWith("iPad", StringComparison.Ordinal) && !model.Contains("Tab", StringComparison.Ordinal);
        var serial = Serial(id, pi.SerialPrefix);
        var d = new DeviceRecord
        {
            Id = id,
            UserIndex = userIndex,
            Uuid = DeviceUuid(id),
            Udid = Udid(id),
            SerialNumber = serial,
            MacAddress = _mac.Encode((ulong)id).ToString("X12", CultureInfo.InvariantCulture),
            Imei = phone ? Imei(id) : "",
            EasId = "EAS" + _eas.Encode((ulong)id).ToString("X16", CultureInfo.InvariantCulture),
            FriendlyName = string.Concat(user?.UserName ?? "unknown", " ", model, " ", os, " - ", serial.Substring(serial.Length - 4)),
            LocationGroupId = user?.LocationGroupId ?? GroupOf(userIndex),
            Ownership = t.Ownership,
            PlatformId = pi.Id,
            Platform = pi.Name,
            Model = model,
            ModelId = pi.Id * 100 + t.ModelIndex + 1,
            OperatingSystem = os,
            LastSeen = t.LastSeen,
            LastEnrolledOn = t.LastEnrolledOn,
            EnrollmentStatus = SeedEnrollmentStatus(id),
            ComplianceStatus = t.ComplianceStatus,
            CompromisedStatus = t.Compromised,
            IsSupervised = t.Supervised,
            RequiresUnlockPin = t.RequiresUnlockPin,
        };
        return d;
    }

    public string DeviceUuid(int id) => GuidFrom(_deviceUuid.Encode((ulong)id), Hash.Of(_seed, 7, id));
    public string Udid(int id) => _udid.Encode((ulong)id).ToString("X16", CultureInfo.InvariantCulture) + Hash.Of(_seed, 8, id).ToString("X16", CultureInfo.InvariantCulture);

    private string Serial(int id, string prefix)
    {
        ulong v = _serial.Encode((ulong)id);
        Span<char> s = stackalloc char[12];
        prefix.AsSpan().CopyTo(s);
        for (int i = 11; i >= 2; i--) { s[i] = Base36[(int)(v % 36)]; v /= 36; }
        return new string(s);
    }

    private const string Base36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private string Imei(int id)
    {
        string body = "35" + _imei.Encode((ulong)id).ToString("D12", CultureInfo.InvariantCulture);
        // Luhn check digit, so the IMEI is well formed.
        int sum = 0;
        for (int i = 0; i < 14; i++)
        {
            int digit = body[i] - '0';
            if (i % 2 == 1) { digit *= 2; if (digit > 9) digit -= 9; }
            sum += digit;
        }
        return body + ((10 - sum % 10) % 10).ToString(CultureInfo.InvariantCulture);
    }

    // Candidate device ids for alternate identifiers; callers confirm by regenerating the value.
    public long DeviceIdFromUuid(string uuid) => TryDecodeGuid(uuid, _deviceUuid, out var v) ? (long)Math.Min(v, long.MaxValue) : -1;

    public long DeviceIdFromUdid(string udid)
    {
        if (udid == null || udid.Length != 32 || !ulong.TryParse(udid.AsSpan(0, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hi)) return -1;
        return (long)Math.Min(_udid.Decode(hi), long.MaxValue);
    }

    public long DeviceIdFromSerial(string serial)
    {
        if (serial == null || serial.Length != 12) return -1;
        ulong v = 0;
        for (int i = 2; i < 12; i++)
        {
            int digit = Base36.IndexOf(char.ToUpperInvariant(serial[i]));
            if (digit < 0) return -1;
            v = v * 36 + (ulong)digit;
        }
        return v >= 1UL << 48 ? -1 : (long)_serial.Decode(v);
    }

    public long DeviceIdFromMac(string mac)
    {
        if (mac == null) return -1;
        var clean = mac.Replace(":", "").Replace("-", "");
        return clean.Length == 12 && ulong.TryParse(clean, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) ? (long)_mac.Decode(v) : -1;
    }

    public long DeviceIdFromImei(string imei)
    {
        if (imei == null || imei.Length != 15 || !ulong.TryParse(imei.AsSpan(2, 12), NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v >= 1UL << 39) return -1;
        return (long)_imei.Decode(v);
    }

    public long DeviceIdFromEasId(string eas)
    {
        if (eas == null || eas.Length != 19 || !eas.StartsWith("EAS", StringComparison.OrdinalIgnoreCase)) return -1;
        return ulong.TryParse(eas.AsSpan(3), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) ? (long)Math.Min(_eas.Decode(v), long.MaxValue) : -1;
    }

    /// <summary>Deterministic list of app ids installed on a device (indexes into the app table).</summary>
    public List<int> DeviceAppIds(int deviceId, int platformId, IReadOnlyList<AppRecord> apps, Dictionary<int, int[]> appsByPlatform)
    {
        var result = new List<int>();
        if (!appsByPlatform.TryGetValue(platformId, out var candidates) || candidates.Length == 0) return result;
        var r = new Rng(Hash.Of(_seed, 9, deviceId));
        int count = r.Below(16);
        var seen = new HashSet<int>();
        for (int i = 0; i < count * 2 && result.Count < count; i++)
        {
            int appId = candidates[r.Below(candidates.Length)];
            if (seen.Add(appId)) result.Add(appId);
        }
        result.Sort();
        return result;
    }

    // ---- apps ------------------------------------------------------------------------------------

    public AppRecord[] CreateApps(int count)
    {
        var apps = new AppRecord[count];
        for (int i = 0; i < count; i++)
        {
            var r = new Rng(Hash.Of(_seed, 20, i + 1));
            string vendor = AppVendors[i % AppVendors.Length];
            string noun = AppNouns[i / AppVendors.Length % AppNouns.Length];
            string suffix = AppSuffixes[i / (AppVendors.Length * AppNouns.Length) % AppSuffixes.Length];
            var pi = Platforms[r.Below(Platforms.Length)];
            int t = r.Below(10);
            int assigned = r.Below(5000);
            apps[i] = new AppRecord
            {
                Id = i + 1,
                Uuid = GuidFrom(Hash.Of(_seed, 21, i + 1), Hash.Of(_seed, 22, i + 1)),
                ApplicationName = string.Concat(vendor, " ", noun, suffix),
                BundleId = string.Concat("com.", vendor.ToLowerInvariant(), ".", noun.ToLowerInvariant(), suffix.Trim().ToLowerInvariant()),
                AppVersion = string.Concat((1 + r.Below(9)).ToString(CultureInfo.InvariantCulture), ".", r.Below(20).ToString(CultureInfo.InvariantCulture), ".", r.Below(10).ToString(CultureInfo.InvariantCulture)),
                BuildVersion = (1000 + r.Below(9000)).ToString(CultureInfo.InvariantCulture),
                AppType = t < 4 ? "Public" : t < 8 ? "Internal" : "Purchased",
                Status = r.Below(10) == 0 ? "Inactive" : "Active",
                Platform = pi.Id,
                PlatformName = pi.Name,
                LocationGroupId = 570,
                AssignedDeviceCount = assigned,
                InstalledDeviceCount = assigned == 0 ? 0 : r.Below(assigned + 1),
            };
        }
        return apps;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    public static string GuidFrom(ulong hi, ulong lo)
    {
        Span<char> c = stackalloc char[36];
        WriteHex(c.Slice(0, 8), hi >> 32, 8);
        c[8] = '-';
        WriteHex(c.Slice(9, 4), (hi >> 16) & 0xFFFF, 4);
        c[13] = '-';
        WriteHex(c.Slice(14, 4), hi & 0xFFFF, 4);
        c[18] = '-';
        WriteHex(c.Slice(19, 4), lo >> 48, 4);
        c[23] = '-';
        WriteHex(c.Slice(24, 12), lo & 0xFFFFFFFFFFFFUL, 12);
        return new string(c);
    }

    private static void WriteHex(Span<char> dest, ulong value, int digits)
    {
        for (int i = digits - 1; i >= 0; i--) { dest[i] = "0123456789abcdef"[(int)(value & 0xF)]; value >>= 4; }
    }

    private static bool TryDecodeGuid(string s, Codec codec, out ulong value)
    {
        value = 0;
        if (s == null || s.Length != 36 || s[8] != '-' || s[13] != '-') return false;
        var hex = s.Substring(0, 8) + s.Substring(9, 4) + s.Substring(14, 4);
        if (!ulong.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hi)) return false;
        value = codec.Decode(hi);
        return true;
    }
}
