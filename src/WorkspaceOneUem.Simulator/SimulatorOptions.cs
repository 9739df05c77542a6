using System.Security.Cryptography.X509Certificates;

namespace WorkspaceOneUem.Simulator;

/// <summary>A console admin account that can call the API with Basic authentication, or with its certificate.</summary>
public sealed class AdminAccount
{
    public string? UserName { get; set; }
    /// <summary>Null for an admin that signs in with its certificate only.</summary>
    public string? Password { get; set; }
    /// <summary>
    /// The admin's API certificate (public part only): requests signed with its private key (CMSURL`1) are this
    /// admin's. The real console generates it on the admin's API tab; tests make their own.
    /// </summary>
    public X509Certificate2? Certificate { get; set; }
    /// <summary>Name of a role in <see cref="SimulatorOptions.Roles"/>.</summary>
    public string? Role { get; set; }
    /// <summary>Directory (AD) admins are refused by the API, as on the real service.</summary>
    public bool IsDirectory { get; set; }
}

/// <summary>An OAuth 2.0 client (client credentials grant).</summary>
public sealed class OAuthClientAccount
{
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string? Role { get; set; }
}

/// <summary>Thrown by <see cref="SimulatorOptions.Parse"/> for bad command lines.</summary>
public sealed class SimulatorOptionsException : Exception
{
    public SimulatorOptionsException(string message) : base(message) { }
}

/// <summary>Settings of one simulated tenant. Scalar settings may be changed while the server runs.</summary>
public sealed class SimulatorOptions
{
    public int Port { get; set; }
    public string Host { get; set; } = "127.0.0.1";
    public int Users { get; set; } = 200;
    public int Seed { get; set; } = 1;
    public int LatencyMs { get; set; }
    public int PageCap { get; set; } = 500;
    /// <summary>Requests per minute before 429; 0 = no per-minute throttle.</summary>
    public int PerMinuteLimit { get; set; }
    public int DailyQuota { get; set; } = 50000;
    /// <summary>Wipes allowed in a rolling 60 minutes before wipe protection holds further wipes; 0 or less = no protection.</summary>
    public int WipeThreshold { get; set; } = 5;
    /// <summary>The rolling window wipe protection counts wipes in, in minutes.</summary>
    public int WipeWindowMinutes { get; set; } = 60;
    /// <summary>
    /// How long after a command is queued (or a held wipe approved) the device checks in and carries it out:
    /// LastSeen moves to that time, the event log says it is done, a wipe ends Unenrolled. Negative = devices
    /// never check in (the default: commands stay queued, wipes stay pending). Taken when the command is queued.
    /// </summary>
    public int CheckInDelayMs { get; set; } = -1;
    /// <summary>Share of devices (0..100) that never check in, whatever <see cref="CheckInDelayMs"/> says. Which ones is fixed by the seed.</summary>
    public int NeverCheckInPercent { get; set; }
    /// <summary>
    /// Deactivating a user enterprise-wipes its enrolled devices (wipe source USER_DISABLED), as a tenant set up to
    /// wipe the devices of disabled users does. Off by default.
    /// </summary>
    public bool WipeOnUserDisable { get; set; }
    /// <summary>The clock behind command times, check-ins, the wipe log and wipe protection. Tests inject their own.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;
    public int TokenLifetimeSeconds { get; set; } = 3600;
    public string TenantCode { get; set; } = "SIMTENANTCODE000001";
    /// <summary>CLI only: stop when standard input is closed (lets a parent process own the simulator's lifetime).</summary>
    public bool ExitOnStdinClose { get; set; }

    public List<AdminAccount> Admins { get; set; } = DefaultAdmins();
    public Dictionary<string, string[]> Roles { get; set; } = Permissions.DefaultRoles();
    public List<OAuthClientAccount> OAuthClients { get; set; } = new()
    {
        new OAuthClientAccount { ClientId = "sim-oauth-client", ClientSecret = "Sim-OAuth-Secret-1", Role = "Full" },
    };
    /// <summary>Per-call limits of bulk commands, as served by /api/mdm/devices/bulksettings.</summary>
    public Dictionary<string, int> BulkLimits { get; set; } = DefaultBulkLimits();
    /// <summary>Fault rules active from startup.</summary>
    public List<FaultSpec> Faults { get; set; } = new();

    public static List<AdminAccount> DefaultAdmins() => new()
    {
        new AdminAccount { UserName = "apiadmin", Password = "Sim-Admin-Pass-1", Role = "Full" },
        new AdminAccount { UserName = "readonly", Password = "Sim-Read-Pass-1", Role = "ReadOnly" },
        new AdminAccount { UserName = "helpdesk", Password = "Sim-Help-Pass-1", Role = "HelpDesk" },
        new AdminAccount { UserName = "noapi", Password = "Sim-NoApi-Pass-1", Role = "NoApi" },
        new AdminAccount { UserName = "directoryadmin", Password = "Sim-Dir-Pass-1", Role = "Full", IsDirectory = true },
    };

    public static Dictionary<string, int> DefaultBulkLimits() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["SendMessage"] = 3000,
        ["EnterpriseWipe"] = 50,
        ["DeleteDevice"] = 50,
        ["GPS"] = 500,
        ["LockDevice"] = 200,
    };

    public const string Usage =
        "Usage: WorkspaceOneUem.Simulator [--port N] [--users N] [--seed N] [--latency-ms N] [--page-cap N]\n" +
        "       [--per-minute N] [--daily-quota N] [--wipe-threshold N] [--wipe-window-minutes N] [--token-lifetime N]\n" +
        "       [--check-in-delay-ms N] [--never-check-in-percent N] [--tenant-code S]\n" +
        "       [--fault Kind:rate[:pathContains]]... [--exit-on-stdin-close]";

    /// <summary>Parses CLI flags; throws <see cref="SimulatorOptionsException"/> on unknown flags or bad values.</summary>
    public static SimulatorOptions Parse(string[] args)
    {
        var o = new SimulatorOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string flag = args[i];
            string Next()
            {
                if (i + 1 >= args.Length) throw new SimulatorOptionsException($"Missing value after {flag}.");
                return args[++i];
            }
            int NextInt()
            {
                var v = Next();
                if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 0)
                    throw new SimulatorOptionsException($"{flag} expects a non-negative integer, got '{v}'.");
                return n;
            }
            switch (flag.ToLowerInvariant())
            {
                case "--port": o.Port = NextInt(); break;
                case "--users": o.Users = NextInt(); break;
                case "--seed": o.Seed = NextInt(); break;
                case "--latency-ms": o.LatencyMs = NextInt(); break;
                case "--page-cap": o.PageCap = NextInt(); break;
                case "--per-minute": o.PerMinuteLimit = NextInt(); break;
                case "--daily-quota": o.DailyQuota = NextInt(); break;
                case "--wipe-threshold": o.WipeThreshold = NextInt(); break;
                case "--wipe-window-minutes": o.WipeWindowMinutes = Math.Max(1, NextInt()); break;
                case "--check-in-delay-ms": o.CheckInDelayMs = NextInt(); break;
                case "--never-check-in-percent": o.NeverCheckInPercent = Math.Min(100, NextInt()); break;
                case "--token-lifetime": o.TokenLifetimeSeconds = NextInt(); break;
                case "--tenant-code": o.TenantCode = Next(); break;
                case "--exit-on-stdin-close": o.ExitOnStdinClose = true; break;
                case "--fault": o.Faults.Add(ParseFault(Next())); break;
                default: throw new SimulatorOptionsException($"Unknown option '{flag}'.");
            }
        }
        return o;
    }

    private static FaultSpec ParseFault(string text)
    {
        var parts = text.Split(':', 3);
        if (!FaultStore.IsKnownKind(parts[0])) throw new SimulatorOptionsException($"Unknown fault kind '{parts[0]}'. Known: {string.Join(", ", FaultStore.Kinds)}.");
        var spec = new FaultSpec { Kind = parts[0] };
        if (parts.Length > 1)
        {
            if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate < 0 || rate > 1)
                throw new SimulatorOptionsException($"Fault rate must be between 0 and 1, got '{parts[1]}'.");
            spec.Rate = rate;
        }
        if (parts.Length > 2) spec.PathContains = parts[2];
        return spec;
    }

    /// <summary>Independent copy, so two servers never share mutable settings.</summary>
    internal SimulatorOptions Clone() => new()
    {
        Port = Port, Host = Host, Users = Users, Seed = Seed, LatencyMs = LatencyMs, PageCap = PageCap,
        PerMinuteLimit = PerMinuteLimit, DailyQuota = DailyQuota, WipeThreshold = WipeThreshold,
        WipeWindowMinutes = WipeWindowMinutes, CheckInDelayMs = CheckInDelayMs, NeverCheckInPercent = NeverCheckInPercent,
        WipeOnUserDisable = WipeOnUserDisable,
        Clock = Clock ?? TimeProvider.System,
        TokenLifetimeSeconds = TokenLifetimeSeconds, TenantCode = TenantCode, ExitOnStdinClose = ExitOnStdinClose,
        Admins = (Admins ?? DefaultAdmins()).Select(a => new AdminAccount { UserName = a.UserName, Password = a.Password, Certificate = a.Certificate, Role = a.Role, IsDirectory = a.IsDirectory }).ToList(),
        Roles = new Dictionary<string, string[]>((Roles ?? Permissions.DefaultRoles()).ToDictionary(kv => kv.Key, kv => (kv.Value ?? Array.Empty<string>()).ToArray()), StringComparer.OrdinalIgnoreCase),
        OAuthClients = (OAuthClients ?? new List<OAuthClientAccount>()).Select(c => new OAuthClientAccount { ClientId = c.ClientId, ClientSecret = c.ClientSecret, Role = c.Role }).ToList(),
        BulkLimits = new Dictionary<string, int>(BulkLimits ?? DefaultBulkLimits(), StringComparer.OrdinalIgnoreCase),
        Faults = (Faults ?? new List<FaultSpec>()).Select(f => f.Clone()).ToList(),
    };
}
