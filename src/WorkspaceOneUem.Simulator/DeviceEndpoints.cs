namespace WorkspaceOneUem.Simulator;

/// <summary>/api/mdm/devices (mdm v1, plus the v2 lock/wipe commands) and the wipe-protection queue.</summary>
internal static class DeviceEndpoints
{
    private static readonly TimeSpan WipeWindow = TimeSpan.FromMinutes(60);
    public const int WipesDefaultPageSize = 50;
    public const int WipesMaxPageSize = 500;

    public static void Register(Router r)
    {
        r.Get("/api/mdm/devices/search", Permissions.ReadDevices, Search);
        r.Get("/api/mdm/devices/bulksettings", Permissions.ReadDevices, BulkSettings);
        r.Get("/api/mdm/devices", Permissions.ReadDevices, GetByAlternateId);
        r.Get("/api/mdm/devices/{id}", Permissions.ReadDevices, GetOne);
        r.Get("/api/mdm/devices/{id}/apps", Permissions.ReadDevices, DeviceApps);
        // Command permissions depend on the command, so the handlers check them.
        r.Post("/api/mdm/devices/commands/bulk", Permissions.None, BulkCommand);
        r.Post("/api/mdm/devices/commands", Permissions.None, CommandByAlternateId);
        r.Post("/api/mdm/devices/{id}/commands", Permissions.None, CommandById);
        r.Post("/api/mdm/devices/{*}/commands/{*}", Permissions.None, CommandV2);
        r.Get("/api/system/groups/{*}/device-wipes", Permissions.ReadDevices, DeviceWipes);
    }

    // ---- search and reads ------------------------------------------------------------------------

    private sealed class DeviceQuery
    {
        public string User, Model, Platform, Ownership, Compliance, OrderBy;
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
            var t = data.Gen.Traits(id);
            if (q.Platform != null && !string.Equals(t.Platform, q.Platform, StringComparison.OrdinalIgnoreCase) && q.Platform != t.PlatformId.ToString(CultureInfo.InvariantCulture)) return false;
            if (q.Ownership != null && !string.Equals(t.Ownership, q.Ownership, StringComparison.OrdinalIgnoreCase)) return false;
            if (q.Compliance != null && !string.Equals(t.ComplianceStatus, q.Compliance, StringComparison.OrdinalIgnoreCase)) return false;
            if (q.Model != null && !t.Model.Contains(q.Model, StringComparison.OrdinalIgnoreCase)) return false;
            if (q.SeenSince != null && t.LastSeen < q.SeenSince.Value) return false;
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
        long[] times = q.OrderBy == "lastseen" ? new long[result.Length] : null;
        for (int k = 0; k < result.Length; k++)
        {
            int id = result[k];
            switch (q.OrderBy)
            {
                case "lastseen": times[k] = data.Gen.Traits(id).LastSeen.Ticks; break;
                case "model": keys[k] = data.Gen.Traits(id).Model; break;
                case "platform": keys[k] = data.Gen.Traits(id).Platform; break;
                case "username": keys[k] = data.GetUserAny(data.OwnerOf(id))?.UserName ?? ""; break;
                case "serialnumber": keys[k] = data.GetDevice(id, withUser: false).SerialNumber; break;
                default: keys[k] = data.GetDevice(id).FriendlyName; break;
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
            total = data.DeviceCount; // device ids are dense: no scan needed
            idAt = k => k + 1;
        }
        else
        {
            var ids = data.Cached(q.Key, () => RunQuery(data, q));
            total = ids.Length;
            idAt = k => ids[k];
        }
        return SearchPage.Write("Devices", page, size, total, (w, k, raw) => WriteDevice(w, data, data.GetDevice(idAt(k)), raw), 1400);
    }

    private static ApiResult GetOne(ApiRequest r)
    {
        var d = r.Data.GetDevice(r.RouteLong(0));
        return d == null ? r.NotFound("Device not found.") : ApiResult.Json(200, w => { using var raw = new RawJson(); WriteDevice(w, r.Data, d, raw); }, 2048);
    }

    private static readonly string[] SearchByValues = { "Serialnumber", "Udid", "Macaddress", "ImeiNumber", "EasId", "DeviceId" };

    private static ApiResult GetByAlternateId(ApiRequest r)
    {
        var searchBy = r.Q("searchby");
        var id = r.Q("id");
        if (searchBy == null || !SearchByValues.Contains(searchBy, StringComparer.OrdinalIgnoreCase))
            return r.BadRequest("searchby must be one of " + string.Join(", ", SearchByValues) + ".");
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

    // ---- commands --------------------------------------------------------------------------------

    private static string CanonicalCommand(string command) => command?.Trim().ToLowerInvariant() switch
    {
        "lock" => "Lock",
        "devicewipe" => "DeviceWipe",
        "enterprisewipe" => "EnterpriseWipe",
        _ => null,
    };

    private static string[] PermissionsFor(string command) => command == "Lock" ? Permissions.Lock : Permissions.Wipe;

    private static ApiResult CommandById(ApiRequest r) => SingleCommand(r, () => r.Data.GetDevice(r.RouteLong(0)));

    private static ApiResult CommandByAlternateId(ApiRequest r)
    {
        var searchBy = r.Q("searchby");
        if (searchBy == null || !SearchByValues.Contains(searchBy, StringComparer.OrdinalIgnoreCase))
            return r.BadRequest("searchby must be one of " + string.Join(", ", SearchByValues) + ".");
        return SingleCommand(r, () => r.Data.FindDevice(searchBy, r.Q("id")));
    }

    private static ApiResult SingleCommand(ApiRequest r, Func<DeviceRecord> find)
    {
        var raw = r.Q("command");
        var command = CanonicalCommand(raw);
        if (command == null) return r.Error(400, ErrorCodes.UnsupportedCommand, $"The command '{raw}' is not valid for this endpoint.");
        if (!r.Has(PermissionsFor(command))) return r.Forbidden();
        var d = find();
        if (d == null) return r.NotFound("Device not found.");
        return Execute(r, d, command, isV2: false, pin: null) ?? ApiResult.Empty(202);
    }

    private static ApiResult CommandV2(ApiRequest r)
    {
        var command = CanonicalCommand(r.RouteValues[1]);
        if (command == null) return r.Error(400, ErrorCodes.UnsupportedCommand, $"The command '{r.RouteValues[1]}' is not valid for this endpoint.");
        if (!r.Has(PermissionsFor(command))) return r.Forbidden();
        string pin = null;
        if (r.Body != null && r.Body.Length > 0)
        {
            if (!r.TryParseBody(out var doc, out var error)) return error;
            using (doc)
            {
                pin = JsonUtil.GetText(doc.RootElement, "unlock_pin");
                if (pin == null && JsonUtil.TryGet(doc.RootElement, "deviceWipe", out var wipe)) pin = JsonUtil.GetText(wipe, "unlock_pin");
            }
            if (pin != null && (pin.Length != 6 || !pin.All(char.IsAsciiDigit))) return r.BadRequest("unlock_pin must be 6 digits.");
        }
        var d = r.Data.FindDevice("uuid", r.RouteValues[0]);
        if (d == null) return r.NotFound("Device not found.");
        return Execute(r, d, command, isV2: true, pin) ?? ApiResult.Empty(202);
    }

    /// <summary>Runs one command on one device; returns null when accepted, else the refusal.</summary>
    private static ApiResult Execute(ApiRequest r, DeviceRecord d, string command, bool isV2, string pin)
    {
        var refusal = Refusal(d, command, isV2, pin);
        if (refusal != null) return r.Error(400, refusal.Value.Code, refusal.Value.Message);
        Apply(r, d, command);
        return null;
    }

    private static (int Code, string Message)? Refusal(DeviceRecord d, string command, bool isV2, string pin)
    {
        if (d.EnrollmentStatus != "Enrolled") return (ErrorCodes.NotEnrolled, $"Device is not enrolled (enrollment status: {d.EnrollmentStatus}).");
        if (d.RequiresUnlockPin && command != "EnterpriseWipe" && (!isV2 || pin == null))
            return (ErrorCodes.UnlockPinRequired, "This macOS device requires an unlock PIN for this command. Use the v2 command API and supply unlock_pin.");
        return null;
    }

    private static void Apply(ApiRequest r, DeviceRecord d, string command)
    {
        var data = r.Data;
        var state = data.StateOf(d.Id);
        var now = DateTime.UtcNow;
        if (command == "Lock")
        {
            state.LockCount++;
            state.LastLockedAt = now;
            data.Touch();
            return;
        }
        // Wipe protection: past the threshold in a rolling hour the call still succeeds but the wipe is held.
        int threshold = r.Options.WipeThreshold;
        int recent = data.Wipes.Count(w => w.RequestedOn >= now - WipeWindow && w.Status is "QUEUED" or "APPROVED");
        bool held = threshold > 0 && recent >= threshold;
        var record = new WipeRecord
        {
            DeviceId = d.Id,
            DeviceUuid = d.Uuid,
            SerialNumber = d.SerialNumber,
            WipeType = command,
            Status = held ? "HELD" : "QUEUED",
            RequestedOn = now,
            LocationGroupId = d.LocationGroupId,
            RequestedBy = r.Principal?.Name,
        };
        data.Wipes.Add(record);
        state.Wipes.Add(record);
        if (!held) state.EnrollmentStatus = command == "DeviceWipe" ? "DeviceWipePending" : "EnterpriseWipePending";
        data.Touch();
    }

    private static ApiResult BulkCommand(ApiRequest r)
    {
        var raw = r.Q("command");
        string command = raw?.ToLowerInvariant() switch
        {
            "lockdevice" => "Lock",
            "enterprisewipe" => "EnterpriseWipe",
            _ => null,
        };
        if (command == null)
        {
            return r.Error(400, ErrorCodes.UnsupportedCommand, raw != null && raw.Equals("Lock", StringComparison.OrdinalIgnoreCase)
                ? "The bulk command 'Lock' is not valid; use 'LockDevice'."
                : $"The bulk command '{raw}' is not supported.");
        }
        var searchBy = r.Q("searchby") ?? "DeviceId";
        if (!SearchByValues.Contains(searchBy, StringComparer.OrdinalIgnoreCase))
            return r.BadRequest("searchby must be one of " + string.Join(", ", SearchByValues) + ".");
        if (!r.Has(PermissionsFor(command))) return r.Forbidden();
        if (!Bulk.TryReadValues(r, out var values, out var error)) return error;
        string limitKey = command == "Lock" ? "LockDevice" : "EnterpriseWipe";
        if (r.Options.BulkLimits.TryGetValue(limitKey, out var limit) && values.Count > limit)
            return r.BadRequest($"The bulk {limitKey} limit is {limit} devices per request; {values.Count} were sent.");
        var outcome = new Bulk.Outcome();
        foreach (var item in values)
        {
            var d = r.Data.FindDevice(searchBy, item);
            if (d == null) { outcome.Fail(item, "Device not found."); continue; }
            var refusal = Refusal(d, command, isV2: false, pin: null);
            if (refusal != null) { outcome.Fail(item, refusal.Value.Message); continue; }
            Apply(r, d, command);
            outcome.Accept();
        }
        return Bulk.Respond(outcome);
    }

    // ---- wipe protection queue -------------------------------------------------------------------

    private static ApiResult DeviceWipes(ApiRequest r)
    {
        var data = r.Data;
        var og = data.GroupByUuidOrId(r.RouteValues[0]);
        if (og == null) return r.NotFound("Organization group not found.");
        var status = r.Q("wipe_status");
        var list = data.Wipes.Where(w => data.IsWithin(w.LocationGroupId, og.Id) && (status == null || string.Equals(w.Status, status, StringComparison.OrdinalIgnoreCase))).ToList();
        // This operation's own paging: page and page_size, 50 by default, at most 500. v1's pagesize means nothing here.
        var (page, size) = r.Paging("page_size", WipesDefaultPageSize, WipesMaxPageSize);
        return SearchPage.Write("device_wipes", page, size, list.Count, (w, k, _) => WriteWipe(w, list[k]), fields: SearchPage.Fields.SnakeCase);
    }

    /// <param name="withRequester">Also who asked and in which group: the control path shows it, the API does not.</param>
    internal static void WriteWipe(Utf8JsonWriter w, WipeRecord x, bool withRequester = false)
    {
        w.WriteStartObject();
        w.WriteNumber("DeviceId", x.DeviceId);
        w.WriteString("DeviceUuid", x.DeviceUuid);
        w.WriteString("SerialNumber", x.SerialNumber);
        w.WriteString("WipeType", x.WipeType);
        w.WriteString("Status", x.Status);
        w.WriteString("RequestedOn", JsonUtil.FormatWsDate(x.RequestedOn));
        if (withRequester)
        {
            w.WriteString("RequestedBy", x.RequestedBy);
            w.WriteNumber("LocationGroupId", x.LocationGroupId);
        }
        w.WriteEndObject();
    }
}
