namespace WorkspaceOneUem.Simulator;

/// <summary>Reads under /api/mdm/devices (mdm v1): search, one device, lookups, apps, bulk limits, event log.</summary>
internal static class DeviceEndpoints
{

    public static void Register(Router r)
    {
        r.Get("/api/mdm/devices/search", Permissions.ReadDevices, Search);
        r.Get("/api/mdm/devices/bulksettings", Permissions.ReadDevices, BulkSettings);
        r.Get("/api/mdm/devices", Permissions.ReadDevices, GetByAlternateId);
        r.Get("/api/mdm/devices/{id}", Permissions.ReadDevices, GetOne);
        r.Get("/api/mdm/devices/{id}/apps", Permissions.ReadDevices, DeviceApps);
        r.Get("/api/mdm/devices/{id}/eventlog", Permissions.ReadDevices, EventLog);
    }

    // ---- search and reads ------------------------------------------------------------------------

    private sealed class DeviceQuery
    {
        public string? User, Model, Platform, Ownership, Compliance, OrderBy;
        public int? Group;
        public DateTime? SeenSince;
        public bool Descending;

        public bool IsDefault => User == null && Model == null && Platform == null && Ownership == null && Compliance == null && Group == null && SeenSince == null && OrderBy == null && !Descending;
        public string Key => string.Join("\u0001", "devices", User, Model, Platform, Ownership, Compliance, Group, SeenSince?.Ticks, OrderBy, Descending);
    }

    private static DeviceQuery ParseQuery(ApiRequest r)
    {
        var q = new DeviceQuery
        {
            User = r.Q("user"),
            Model = r.Q("model"),
            Platform = r.Q("platform"),
            Ownership = r.Q("ownership"),
            Group = r.QInt("lgid") ?? r.QInt("organizationgroupid"),
            Descending = string.Equals(r.Q("sortorder"), "DESC", StringComparison.OrdinalIgnoreCase),
        };
        var compliance = r.Q("compliantstatus");
        if (compliance != null)
        {
            q.Compliance = compliance.ToLowerInvariant() switch
            {
                "true" or "compliant" => "Compliant",
                "false" or "noncompliant" => "NonCompliant",
                _ => compliance,
            };
        }
        var seen = r.Q("seensince") ?? r.Q("lastseen");
        if (seen != null && DateTime.TryParse(seen, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var since)) q.SeenSince = since;
        var orderBy = r.Q("orderby")?.ToLowerInvariant();
        if (orderBy is "devicefriendlyname" or "lastseen" or "serialnumber" or "model" or "platform" or "username" or "deviceid" or "id") q.OrderBy = orderBy;
        return q;
    }

    private static int[] RunQuery(TenantData data, DeviceQuery q)
    {
        // Filter on the cheap traits first; build full records only for sorts that need identifiers.
        bool Keep(int id, int owner)
        {
            if (!data.IsLiveDevice(id)) return false;
            var t = data.Gen.Traits(id);
            if (q.Platform != null && !string.Equals(t.Platform, q.Platform, StringComparison.OrdinalIgnoreCase) && q.Platform != t.PlatformId.ToString(CultureInfo.InvariantCulture)) return false;
            if (q.Ownership != null && !string.Equals(t.Ownership, q.Ownership, StringComparison.OrdinalIgnoreCase)) return false;
            if (q.Compliance != null && !string.Equals(t.ComplianceStatus, q.Compliance, StringComparison.OrdinalIgnoreCase)) return false;
            if (q.Model != null && !t.Model.Contains(q.Model, StringComparison.OrdinalIgnoreCase)) return false;
            if (q.SeenSince != null && data.LastSeenOf(id) < q.SeenSince.Value) return false;
            if (q.Group != null && !data.IsWithin(data.DeviceGroupOfOwner(owner == 0 ? data.OwnerOf(id) : owner), q.Group.Value)) return false;
            return true;
        }
        var ids = new List<int>();
        if (q.User != null)
        {
            // By owner: a user's devices are consecutive ids, so this keeps device-id order and reads one name per user.
            for (int owner = 1; owner <= data.SeedUsers; owner++)
            {
                if (!(data.UserNameOf(owner) ?? "").Contains(q.User, StringComparison.OrdinalIgnoreCase)) continue;
                var (first, count) = data.DevicesOfUser(owner);
                for (int id = first; id < first + count; id++)
                    if (Keep(id, owner)) ids.Add(id);
            }
        }
        else
        {
            for (int id = 1; id <= data.DeviceCount; id++)
                if (Keep(id, 0)) ids.Add(id);
        }
        var result = ids.ToArray();
        if (q.OrderBy is null or "deviceid" or "id")
        {
            if (q.Descending) Array.Reverse(result);
            return result;
        }
        var keys = new string[result.Length];
        long[]? times = q.OrderBy == "lastseen" ? new long[result.Length] : null;
        // Every id in result passed Keep, so it is a live device and GetDevice finds it.
        for (int k = 0; k < result.Length; k++)
        {
            int id = result[k];
            switch (q.OrderBy)
            {
                case "lastseen": times![k] = data.LastSeenOf(id).Ticks; break; // allocated above for this order
                case "model": keys[k] = data.Gen.Traits(id).Model; break;
                case "platform": keys[k] = data.Gen.Traits(id).Platform; break;
                case "username": keys[k] = data.GetUserAny(data.OwnerOf(id))?.UserName ?? ""; break;
                case "serialnumber": keys[k] = data.GetDevice(id, withUser: false)!.SerialNumber; break;
                default: keys[k] = data.GetDevice(id)!.FriendlyName; break;
            }
        }
        var order = Enumerable.Range(0, result.Length).ToArray();
        int sign = q.Descending ? -1 : 1;
        Array.Sort(order, (a, b) =>
        {
            int c = times != null ? times[a].CompareTo(times[b]) : StringComparer.OrdinalIgnoreCase.Compare(keys[a], keys[b]);
            return sign * (c != 0 ? c : result[a].CompareTo(result[b]));
        });
        return order.Select(k => result[k]).ToArray();
    }

    private static ApiResult Search(ApiRequest r)
    {
        var data = r.Data;
        var q = ParseQuery(r);
        var (page, size) = r.Paging();
        int total;
        Func<int, int> idAt;
        if (q.IsDefault)
        {
            total = data.LiveDeviceCount; // live device ids are 1..D less the deleted ones: no scan needed
            idAt = data.NthLiveDeviceId;
        }
        else
        {
            var ids = data.Cached(q.Key, () => RunQuery(data, q));
            total = ids.Length;
            idAt = k => ids[k];
        }
        // idAt gives live device ids only (the k-th live one, or one that passed the query's filter).
        return SearchPage.Write("Devices", page, size, total, (w, k, raw) => WriteDevice(w, data, data.GetDevice(idAt(k))!, raw), 1400);
    }

    private static ApiResult GetOne(ApiRequest r)
    {
        var d = r.Data.GetDevice(r.RouteLong(0));
        return d == null ? r.NotFound("Device not found.") : ApiResult.Json(200, w => { using var raw = new RawJson(); WriteDevice(w, r.Data, d, raw); }, 2048);
    }

    private static readonly string[] SearchByValues = { "Serialnumber", "Udid", "Macaddress", "ImeiNumber", "EasId", "DeviceId" };

    /// <summary>400 when <paramref name="searchBy"/> is not one of the v1 identifier kinds, else null.</summary>
    internal static ApiResult? CheckSearchBy(ApiRequest r, string? searchBy) =>
        searchBy != null && SearchByValues.Contains(searchBy, StringComparer.OrdinalIgnoreCase)
            ? null
            : r.BadRequest("searchby must be one of " + string.Join(", ", SearchByValues) + ".");

    private static ApiResult GetByAlternateId(ApiRequest r)
    {
        var searchBy = r.Q("searchby");
        var id = r.Q("id");
        if (CheckSearchBy(r, searchBy) is { } invalid) return invalid;
        if (id == null) return r.BadRequest("id is required.");
        var d = r.Data.FindDevice(searchBy, id);
        return d == null ? r.NotFound("Device not found.") : ApiResult.Json(200, w => { using var raw = new RawJson(); WriteDevice(w, r.Data, d, raw); }, 2048);
    }

    internal static void WriteDevice(Utf8JsonWriter w, TenantData data, DeviceRecord d, RawJson raw)
    {
        var user = data.GetUserAny(d.UserIndex);
        var og = data.Group(d.LocationGroupId);
        string lastSeen = JsonUtil.FormatWsDate(d.LastSeen);
        raw.Clear();
        raw.Raw("{\"Id\":{\"Value\":"u8); raw.Number(d.Id);
        raw.Raw("},\"Uuid\":"u8); raw.String(d.Uuid);
        raw.Raw(",\"Udid\":"u8); raw.String(d.Udid);
        raw.Raw(",\"SerialNumber\":"u8); raw.String(d.SerialNumber);
        raw.Raw(",\"MacAddress\":"u8); raw.String(d.MacAddress);
        raw.Raw(",\"Imei\":"u8); raw.String(d.Imei);
        raw.Raw(",\"EasId\":"u8); raw.String(d.EasId);
        raw.Raw(",\"AssetNumber\":"u8); raw.String(d.Udid);
        raw.Raw(",\"DeviceFriendlyName\":"u8); raw.String(d.FriendlyName);
        raw.Raw(",\"DeviceReportedName\":"u8); raw.String(d.Model);
        raw.Raw(",\"LocationGroupId\":{\"Id\":{\"Value\":"u8); raw.Number(d.LocationGroupId);
        raw.Raw("},\"Uuid\":"u8); raw.String(og?.Uuid);
        raw.Raw(",\"Name\":"u8); raw.String(og?.Name);
        raw.Raw("},\"LocationGroupName\":"u8); raw.String(og?.Name);
        raw.Raw(",\"UserId\":{\"Id\":{\"Value\":"u8); raw.Number(d.UserIndex);
        raw.Raw("},\"Uuid\":"u8); raw.String(user?.Uuid);
        raw.Raw(",\"Name\":"u8); raw.String(user?.DisplayName);
        raw.Raw("},\"UserName\":"u8); raw.String(user?.UserName);
        raw.Raw(",\"UserEmailAddress\":"u8); raw.String(user?.Email);
        raw.Raw(",\"DataProtectionStatus\":0,\"Ownership\":"u8); raw.String(d.Ownership);
        raw.Raw(",\"PlatformId\":{\"Id\":{\"Value\":"u8); raw.Number(d.PlatformId);
        raw.Raw("},\"Name\":"u8); raw.String(d.Platform);
        raw.Raw("},\"Platform\":"u8); raw.String(d.Platform);
        raw.Raw(",\"ModelId\":{\"Id\":{\"Value\":"u8); raw.Number(d.ModelId);
        raw.Raw("},\"Name\":"u8); raw.String(d.Model);
        raw.Raw("},\"Model\":"u8); raw.String(d.Model);
        raw.Raw(",\"OperatingSystem\":"u8); raw.String(d.OperatingSystem);
        raw.Raw(",\"PhoneNumber\":\"\",\"LastSeen\":"u8); raw.String(lastSeen);
        raw.Raw(",\"EnrollmentStatus\":"u8); raw.String(d.EnrollmentStatus);
        raw.Raw(",\"ComplianceStatus\":"u8); raw.String(d.ComplianceStatus);
        raw.Raw(",\"CompromisedStatus\":"u8); raw.Bool(d.CompromisedStatus);
        raw.Raw(",\"LastEnrolledOn\":"u8); raw.String(JsonUtil.FormatWsDate(d.LastEnrolledOn));
        raw.Raw(",\"LastComplianceCheckOn\":"u8); raw.String(lastSeen);
        raw.Raw(",\"LastCompromisedCheckOn\":"u8); raw.String(lastSeen);
        raw.Raw(",\"IsSupervised\":"u8); raw.Bool(d.IsSupervised);
        raw.Raw("}"u8);
        w.WriteRawValue(raw.Written, skipInputValidation: true);
    }

    private static ApiResult BulkSettings(ApiRequest r)
    {
        var limits = r.Options.BulkLimits;
        return ApiResult.Json(200, w =>
        {
            w.WriteStartObject();
            foreach (var kv in limits) w.WriteNumber(kv.Key, kv.Value);
            w.WriteEndObject();
        }, 256);
    }

    private static ApiResult DeviceApps(ApiRequest r)
    {
        var data = r.Data;
        var d = data.GetDevice(r.RouteLong(0));
        if (d == null) return r.NotFound("Device not found.");
        var appIds = data.Gen.DeviceAppIds(d.Id, d.PlatformId, data.Apps, data.AppsByPlatform);
        var (page, size) = r.Paging();
        return SearchPage.Write("DeviceApps", page, size, appIds.Count, (w, k, _) =>
        {
            var app = data.Apps[appIds[k] - 1];
            w.WriteStartObject();
            w.WriteString("ApplicationName", app.ApplicationName);
            w.WriteString("Version", app.AppVersion);
            w.WriteString("BuildVersion", app.BuildVersion);
            w.WriteString("Status", "Installed");
            w.WriteString("ApplicationIdentifier", app.BundleId);
            w.WriteString("Type", app.AppType == "Internal" ? "Internal" : "Public");
            w.WriteBoolean("IsManaged", app.AppType != "Public" || (d.Id + app.Id) % 3 != 0);
            w.WriteEndObject();
        });
    }

    // ---- event log -------------------------------------------------------------------------------

    private static readonly string[] SeverityNames = { "Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Information", "Debug" };

    /// <summary>
    /// The device's events, newest first, in a v1 envelope (the simulator's choice of shape). <c>severity</c> takes
    /// a name or its syslog number (Warning or 4, Information or 6) and keeps events of that severity;
    /// <c>dayrange</c> keeps the last N days. Only what the simulator did is logged: commands queued and done,
    /// messages, wipe protection.
    /// </summary>
    private static ApiResult EventLog(ApiRequest r)
    {
        var data = r.Data;
        var d = data.GetDevice(r.RouteLong(0));
        if (d == null) return r.NotFound("Device not found.");
        IEnumerable<DeviceEvent> events = d.State?.Events ?? new List<DeviceEvent>();
        var severity = r.Q("severity");
        if (severity != null)
        {
            string name = int.TryParse(severity, NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level < SeverityNames.Length ? SeverityNames[level] : severity;
            events = events.Where(e => string.Equals(e.Severity, name, StringComparison.OrdinalIgnoreCase));
        }
        if (r.QInt("dayrange") is > 0 and var days)
        {
            var since = r.Now.AddDays(-days);
            events = events.Where(e => e.At >= since);
        }
        var list = events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToList();
        var (page, size) = r.Paging();
        return SearchPage.Write("DeviceEventLogEntries", page, size, list.Count, (w, k, _) =>
        {
            var e = list[k];
            w.WriteStartObject();
            w.WriteNumber("Id", e.Id);
            w.WriteNumber("DeviceId", d.Id);
            w.WriteString("TimeStamp", JsonUtil.FormatWsDate(e.At));
            w.WriteString("Severity", e.Severity);
            w.WriteString("Source", e.Source);
            w.WriteString("Module", "Devices");
            w.WriteString("Category", e.Category);
            w.WriteString("Event", e.Event);
            w.WriteString("EventData", e.Data);
            w.WriteString("User", e.User);
            w.WriteEndObject();
        });
    }
}
