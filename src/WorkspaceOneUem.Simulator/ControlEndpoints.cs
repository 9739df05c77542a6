using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace WorkspaceOneUem.Simulator;

/// <summary>
/// The /_sim control path for tests: faults, settings, roles, admins, tokens, quota, journal and internal state.
/// No authentication; never journaled, never rate limited.
/// </summary>
internal static class ControlEndpoints
{
    public static async Task Handle(HttpContext ctx, SimulatorState st)
    {
        var method = ctx.Request.Method.ToUpperInvariant();
        var parts = (ctx.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(p => p.ToLowerInvariant()).ToArray();
        byte[]? body = null;
        if (ctx.Request.ContentLength != 0 && method is "POST" or "PUT" or "DELETE")
        {
            using var ms = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(ms);
            body = ms.ToArray();
        }
        string area = parts.Length > 0 ? parts[0] : "";
        try
        {
            switch (area, method)
            {
                case ("faults", "GET"): await Json(ctx, 200, st.Faults.WriteList); return;
                case ("faults", "POST"): await AddFault(ctx, st, body); return;
                case ("faults", "DELETE"):
                    if (parts.Length > 1 && int.TryParse(parts[1], out var faultId)) st.Faults.Remove(faultId); else st.Faults.Clear();
                    await Ok(ctx);
                    return;
                case ("settings", "GET"): await Json(ctx, 200, w => WriteSettings(w, st.Options)); return;
                case ("settings", "POST"): await UpdateSettings(ctx, st, body); return;
                case ("roles", "GET"): await Json(ctx, 200, w => WriteRoles(w, st)); return;
                case ("roles", "POST"): await AddRole(ctx, st, body); return;
                case ("admins", "GET"): await Json(ctx, 200, w => WriteAdmins(w, st)); return;
                case ("admins", "POST"): await AddAdmin(ctx, st, body); return;
                case ("expire-tokens", "POST"): st.Auth.ExpireAllTokens(); await Ok(ctx); return;
                case ("reset-quota", "POST"): st.Rate.Reset(); await Ok(ctx); return;
                case ("journal", "GET"): await GetJournal(ctx, st); return;
                case ("journal", "DELETE"): st.Journal.Clear(); await Ok(ctx); return;
                case ("devices", "GET") when parts.Length == 2: await GetDevice(ctx, st, parts[1]); return;
                case ("device-wipes", "GET"): await WithData(st, false, () => Json(ctx, 200, w => WriteWipes(w, st))); return;
                case ("device-wipes", "POST") when parts.Length == 2 && parts[1] == "approve": await ApproveWipes(ctx, st); return;
                case ("stats", "GET"): await Stats(ctx, st); return;
            }
            await Json(ctx, 404, w => Message(w, "Unknown control path. See README.md of the simulator."));
        }
        catch (JsonException e)
        {
            await Json(ctx, 400, w => Message(w, "Invalid JSON: " + e.Message));
        }
    }

    private static Task Ok(HttpContext ctx) => Json(ctx, 200, w => Message(w, "OK"));

    private static void Message(Utf8JsonWriter w, string message)
    {
        w.WriteStartObject();
        w.WriteString("Message", message);
        w.WriteEndObject();
    }

    private static async Task Json(HttpContext ctx, int status, Action<Utf8JsonWriter> write)
    {
        using var buffer = JsonUtil.Write(write, 4096, indented: false);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = ApiResult.JsonContentType;
        ctx.Response.ContentLength = buffer.Length;
        await ctx.Response.Body.WriteAsync(buffer.WrittenMemory);
    }

    private static async Task WithData(SimulatorState st, bool write, Func<Task> action)
    {
        // Build the response under the lock, send it outside (ReaderWriterLockSlim is thread-affine).
        DeviceLifecycle.SettleIfDue(st); // what the clock says has happened, has
        var lk = st.Data.Lock;
        Task pending;
        if (write) lk.EnterWriteLock(); else lk.EnterReadLock();
        try { pending = action(); }
        finally { if (write) lk.ExitWriteLock(); else lk.ExitReadLock(); }
        await pending;
    }

    private static JsonElement ParseObject(byte[]? body)
    {
        if (body == null || body.Length == 0) throw new JsonException("A JSON object body is required.");
        using var doc = JsonDocument.Parse(body, JsonUtil.ReadOptions);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("A JSON object body is required.");
        return doc.RootElement.Clone();
    }

    // ---- faults ----------------------------------------------------------------------------------

    private static async Task AddFault(HttpContext ctx, SimulatorState st, byte[]? body)
    {
        var b = ParseObject(body);
        var rateText = JsonUtil.GetText(b, "Rate");
        var spec = new FaultSpec
        {
            Kind = JsonUtil.GetText(b, "Kind"),
            Rate = rateText != null && double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) ? rate : null,
            Count = JsonUtil.GetInt(b, "Count"),
            Method = JsonUtil.GetText(b, "Method"),
            PathContains = JsonUtil.GetText(b, "PathContains"),
            Phase = JsonUtil.GetText(b, "Phase"),
            RetryAfter = JsonUtil.GetText(b, "RetryAfter"),
            DelayMs = JsonUtil.GetInt(b, "DelayMs") ?? 0,
        };
        int id = st.Faults.Add(spec, out var error);
        if (error != null) { await Json(ctx, 400, w => Message(w, error)); return; }
        await Json(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("Id", id);
            w.WriteEndObject();
        });
    }

    // ---- settings, roles, admins -----------------------------------------------------------------

    private static void WriteSettings(Utf8JsonWriter w, SimulatorOptions o)
    {
        w.WriteStartObject();
        w.WriteNumber("Port", o.Port);
        w.WriteNumber("Users", o.Users);
        w.WriteNumber("Seed", o.Seed);
        w.WriteNumber("LatencyMs", o.LatencyMs);
        w.WriteNumber("PageCap", o.PageCap);
        w.WriteNumber("PerMinuteLimit", o.PerMinuteLimit);
        w.WriteNumber("DailyQuota", o.DailyQuota);
        w.WriteNumber("WipeThreshold", o.WipeThreshold);
        w.WriteNumber("WipeWindowMinutes", o.WipeWindowMinutes);
        w.WriteNumber("CheckInDelayMs", o.CheckInDelayMs);
        w.WriteNumber("NeverCheckInPercent", o.NeverCheckInPercent);
        w.WriteBoolean("WipeOnUserDisable", o.WipeOnUserDisable);
        w.WriteNumber("TokenLifetimeSeconds", o.TokenLifetimeSeconds);
        w.WriteString("TenantCode", o.TenantCode);
        w.WritePropertyName("BulkLimits");
        w.WriteStartObject();
        foreach (var kv in o.BulkLimits) w.WriteNumber(kv.Key, kv.Value);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static async Task UpdateSettings(HttpContext ctx, SimulatorState st, byte[]? body)
    {
        var b = ParseObject(body);
        var o = st.Options;
        if (JsonUtil.GetInt(b, "LatencyMs") is { } latency) o.LatencyMs = Math.Max(0, latency);
        if (JsonUtil.GetInt(b, "PerMinuteLimit") is { } perMinute) o.PerMinuteLimit = Math.Max(0, perMinute);
        if (JsonUtil.GetInt(b, "DailyQuota") is { } quota) o.DailyQuota = Math.Max(0, quota);
        if (JsonUtil.GetInt(b, "WipeThreshold") is { } threshold) o.WipeThreshold = threshold;
        if (JsonUtil.GetInt(b, "WipeWindowMinutes") is { } window) o.WipeWindowMinutes = Math.Max(1, window);
        if (JsonUtil.TryGet(b, "CheckInDelayMs", out _)) o.CheckInDelayMs = JsonUtil.GetInt(b, "CheckInDelayMs") ?? -1; // null: never
        if (JsonUtil.GetInt(b, "NeverCheckInPercent") is { } never) o.NeverCheckInPercent = Math.Clamp(never, 0, 100);
        if (JsonUtil.GetBool(b, "WipeOnUserDisable") is { } wipeOnDisable) o.WipeOnUserDisable = wipeOnDisable;
        if (JsonUtil.GetInt(b, "TokenLifetimeSeconds") is { } lifetime) o.TokenLifetimeSeconds = Math.Max(1, lifetime);
        if (JsonUtil.GetInt(b, "PageCap") is { } cap && cap > 0) o.PageCap = cap;
        if (JsonUtil.TryGet(b, "BulkLimits", out var limits) && limits.ValueKind == JsonValueKind.Object)
        {
            // Replace, never mutate: request threads may be enumerating the current dictionary.
            var copy = new Dictionary<string, int>(o.BulkLimits, StringComparer.OrdinalIgnoreCase);
            foreach (var p in limits.EnumerateObject())
            {
                if (p.Value.TryGetInt32(out var n)) copy[p.Name] = n;
            }
            o.BulkLimits = copy;
        }
        await Json(ctx, 200, w => WriteSettings(w, o));
    }

    private static void WriteRoles(Utf8JsonWriter w, SimulatorState st)
    {
        w.WriteStartObject();
        foreach (var kv in st.Auth.Roles())
        {
            w.WritePropertyName(kv.Key);
            w.WriteStartArray();
            foreach (var p in kv.Value) w.WriteStringValue(p);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static async Task AddRole(HttpContext ctx, SimulatorState st, byte[]? body)
    {
        var b = ParseObject(body);
        var name = JsonUtil.GetText(b, "Name");
        if (string.IsNullOrWhiteSpace(name)) { await Json(ctx, 400, w => Message(w, "Name is required.")); return; }
        var perms = new List<string>();
        if (JsonUtil.TryGet(b, "Permissions", out var arr) && arr.ValueKind == JsonValueKind.Array)
        {
            foreach (var p in arr.EnumerateArray()) if (p.ValueKind == JsonValueKind.String && p.GetString() is { } permission) perms.Add(permission);
        }
        var unknown = perms.Where(p => !Permissions.All.Contains(p, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0) { await Json(ctx, 400, w => Message(w, "Unknown permission(s): " + string.Join(", ", unknown) + ". Known: " + string.Join(", ", Permissions.All))); return; }
        st.Auth.SetRole(name.Trim(), perms.ToArray());
        await Json(ctx, 200, w => WriteRoles(w, st));
    }

    private static void WriteAdmins(Utf8JsonWriter w, SimulatorState st)
    {
        w.WriteStartArray();
        foreach (var a in st.Auth.Admins())
        {
            w.WriteStartObject();
            w.WriteString("UserName", a.UserName);
            w.WriteString("Role", a.Role);
            w.WriteBoolean("IsDirectory", a.IsDirectory);
            w.WriteString("CertificateThumbprint", a.Certificate?.Thumbprint);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static async Task AddAdmin(HttpContext ctx, SimulatorState st, byte[]? body)
    {
        var b = ParseObject(body);
        var admin = new AdminAccount
        {
            UserName = JsonUtil.GetText(b, "UserName"),
            Password = JsonUtil.GetText(b, "Password"),
            Role = JsonUtil.GetText(b, "Role"),
            IsDirectory = JsonUtil.GetBool(b, "IsDirectory") ?? false,
        };
        if (JsonUtil.GetText(b, "Certificate") is { } certificate)
        {
            try
            {
                // The public certificate only (base64 DER, as X509Certificate2.RawData): the simulator never holds a key.
                admin.Certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certificate));
            }
            catch (Exception e) when (e is FormatException or CryptographicException)
            {
                await Json(ctx, 400, w => Message(w, "Certificate must be a certificate in base64 DER (X509Certificate2.RawData): " + e.Message));
                return;
            }
        }
        if (string.IsNullOrWhiteSpace(admin.UserName) || (admin.Password == null && admin.Certificate == null) || string.IsNullOrWhiteSpace(admin.Role))
        {
            await Json(ctx, 400, w => Message(w, "UserName, Role, and Password or Certificate are required."));
            return;
        }
        st.Auth.AddAdmin(admin);
        await Json(ctx, 200, w => WriteAdmins(w, st));
    }

    // ---- journal, state, stats -------------------------------------------------------------------

    private static async Task GetJournal(HttpContext ctx, SimulatorState st)
    {
        long since = long.TryParse(ctx.Request.Query["since"].ToString(), out var s) ? s : 0;
        int limit = int.TryParse(ctx.Request.Query["limit"].ToString(), out var l) && l > 0 ? l : int.MaxValue;
        var entries = st.Journal.Since(since, limit);
        await Json(ctx, 200, w =>
        {
            w.WriteStartArray();
            foreach (var e in entries) Journal.Write(w, e);
            w.WriteEndArray();
        });
    }

    private static Task GetDevice(HttpContext ctx, SimulatorState st, string idText) => WithData(st, false, () =>
    {
        var d = long.TryParse(idText, out var id) ? st.Data.GetDeviceAny(id) : null;
        if (d == null) return Json(ctx, 404, w => Message(w, "Device not found."));
        var user = st.Data.GetUserAny(d.UserIndex);
        return Json(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("Id", d.Id);
            w.WriteString("Uuid", d.Uuid);
            w.WriteString("SerialNumber", d.SerialNumber);
            w.WriteString("Udid", d.Udid);
            w.WriteString("Platform", d.Platform);
            w.WriteString("Model", d.Model);
            w.WriteNumber("UserId", d.UserIndex);
            w.WriteString("UserName", user?.UserName);
            w.WriteBoolean("UserDeleted", !st.Data.IsLiveUser(d.UserIndex));
            w.WriteNumber("LocationGroupId", d.LocationGroupId);
            w.WriteString("EnrollmentStatus", d.EnrollmentStatus);
            w.WriteBoolean("Deleted", d.State?.Deleted == true);
            w.WriteString("LastSeen", JsonUtil.FormatWsDate(d.LastSeen));
            w.WriteBoolean("NeverChecksIn", DeviceLifecycle.NeverChecksIn(st.Options, d.Id));
            w.WriteBoolean("RequiresUnlockPin", d.RequiresUnlockPin);
            w.WriteNumber("LockCount", d.State?.LockCount ?? 0);
            if (d.State?.LastLockedAt is { } locked) w.WriteString("LastLockedAt", locked.ToString("O", CultureInfo.InvariantCulture));
            else w.WriteNull("LastLockedAt");
            w.WritePropertyName("Wipes");
            w.WriteStartArray();
            foreach (var x in d.State?.Wipes ?? new List<WipeRecord>()) WipeEndpoints.WriteWipe(w, x, withRequester: true);
            w.WriteEndArray();
            w.WritePropertyName("Commands");
            w.WriteStartArray();
            foreach (var c in d.State?.Commands ?? new List<CommandRecord>()) WriteCommand(w, c);
            w.WriteEndArray();
            w.WritePropertyName("Messages");
            w.WriteStartArray();
            foreach (var m in d.State?.Messages ?? new List<MessageRecord>()) WriteMessage(w, m);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    });


    private static void WriteTime(Utf8JsonWriter w, string name, DateTime? t)
    {
        if (t is { } value) w.WriteString(name, value.ToString("O", CultureInfo.InvariantCulture));
        else w.WriteNull(name);
    }

    private static void WriteCommand(Utf8JsonWriter w, CommandRecord c)
    {
        w.WriteStartObject();
        w.WriteString("Command", c.Command);
        w.WriteString("Status", c.CompletedAt != null ? "Completed" : "Pending");
        WriteTime(w, "QueuedAt", c.QueuedAt);
        WriteTime(w, "DueAt", c.DueAt);
        WriteTime(w, "CompletedAt", c.CompletedAt);
        w.WriteString("RequestedBy", c.RequestedBy);
        w.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter w, MessageRecord m)
    {
        w.WriteStartObject();
        w.WriteString("Kind", m.Kind);
        w.WriteString("Subject", m.Subject);
        w.WriteString("MessageBody", m.Body);
        w.WriteString("ApplicationName", m.ApplicationName);
        WriteTime(w, "SentAt", m.SentAt);
        w.WriteString("SentBy", m.SentBy);
        w.WriteEndObject();
    }

    private static void WriteWipes(Utf8JsonWriter w, SimulatorState st)
    {
        w.WriteStartArray();
        foreach (var x in st.Data.Wipes) WipeEndpoints.WriteWipe(w, x, withRequester: true);
        w.WriteEndArray();
    }

    /// <summary>Approves every HELD wipe (what an admin does in the console), as the API's APPROVE does.</summary>
    private static Task ApproveWipes(HttpContext ctx, SimulatorState st) => WithData(st, true, () =>
    {
        var held = st.Data.Wipes.Where(x => x.Status == DeviceLifecycle.Held).ToList();
        var now = st.Now;
        foreach (var x in held) DeviceLifecycle.Approve(st, x, "console", now);
        int approved = held.Count;
        return Json(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("Approved", approved);
            w.WriteEndObject();
        });
    });

    private static Task Stats(HttpContext ctx, SimulatorState st) => WithData(st, false, () => Json(ctx, 200, w =>
    {
        var data = st.Data;
        w.WriteStartObject();
        w.WriteNumber("Users", data.LiveUserCount);
        w.WriteNumber("SeededUsers", data.SeedUsers);
        w.WriteNumber("Devices", data.LiveDeviceCount);
        w.WriteNumber("DeletedDevices", data.DeletedDeviceCount);
        w.WriteNumber("Apps", data.Apps.Length);
        w.WriteNumber("Requests", Interlocked.Read(ref st.ApiRequests));
        w.WriteNumber("JournalTotal", st.Journal.Total);
        w.WriteNumber("QuotaUsedToday", st.Rate.UsedToday);
        w.WriteNumber("Throttled", st.Rate.Throttled);
        w.WriteNumber("TokensIssued", st.Auth.TokensIssued);
        w.WriteNumber("Wipes", data.Wipes.Count);
        w.WriteNumber("HeldWipes", data.Wipes.Count(x => x.Status == "HELD"));
        w.WriteNumber("LockedDevices", data.TouchedDeviceIds().Count(id => data.StateOf(id).LockCount > 0));
        w.WriteNumber("UptimeSeconds", (long)(DateTime.UtcNow - st.StartedUtc).TotalSeconds);
        w.WriteNumber("WorkingSetMB", Environment.WorkingSet / (1024 * 1024));
        w.WriteEndObject();
    }));
}
