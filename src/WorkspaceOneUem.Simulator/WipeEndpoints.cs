using System.Diagnostics.CodeAnalysis;

namespace WorkspaceOneUem.Simulator;

/// <summary>
/// Wipe protection (system v1, per organization group): the wipe log with its filters, approving and rejecting
/// held wipes, and the threshold lock. The lock itself is modelled in <see cref="DeviceLifecycle"/>.
/// </summary>
internal static class WipeEndpoints
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static void Register(Router r)
    {
        r.Get("/api/system/groups/{*}/device-wipes", Permissions.ReadDevices, List);
        r.Post("/api/system/groups/{*}/device-wipes", Permissions.Wipe, Act);
        r.Get("/api/system/groups/{*}/device-wipe-lock", Permissions.ReadDevices, GetLock);
        r.Put("/api/system/groups/{*}/device-wipe-lock", Permissions.Wipe, Unlock);
    }

    /// <summary>The wipe log's name for a device's ownership (C, E, S).</summary>
    public static string OwnershipName(string ownership) => ownership switch
    {
        "C" => "CORPORATE_DEDICATED",
        "E" => "EMPLOYEE_OWNED",
        "S" => "CORPORATE_SHARED",
        _ => "UNKNOWN",
    };

    private static readonly string[] Statuses = { DeviceLifecycle.Approved, DeviceLifecycle.Held, DeviceLifecycle.Queued, DeviceLifecycle.Aborted };
    private static readonly string[] Ownerships = { "UNKNOWN", "CORPORATE_DEDICATED", "EMPLOYEE_OWNED", "CORPORATE_SHARED" };
    private static readonly Dictionary<string, string> WipeTypes = new(StringComparer.OrdinalIgnoreCase) { ["DEVICE_WIPE"] = "DeviceWipe", ["ENTERPRISE_WIPE"] = "EnterpriseWipe" };

    private static readonly Dictionary<string, Comparison<WipeRecord>> SortColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["DATE"] = (a, b) => a.RequestedOn.CompareTo(b.RequestedOn),
        ["DEVICE_FRIENDLY_NAME"] = (a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.DeviceFriendlyName, b.DeviceFriendlyName),
        ["USER"] = (a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.UserName, b.UserName),
        ["ORGANIZATION_GROUP"] = (a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.OrganizationGroupName, b.OrganizationGroupName),
    };

    /// <summary>A closed-set filter: null when absent, else its values; 400 for a value outside the set.</summary>
    private static bool TryClosedSet(ApiRequest r, string name, IEnumerable<string> allowed, out HashSet<string>? values, [NotNullWhen(false)] out ApiResult? error)
    {
        values = null;
        error = null;
        var text = r.Q(name);
        if (text == null) return true;
        values = new HashSet<string>(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
        var unknown = values.Where(v => !allowed.Contains(v, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count == 0) return true;
        error = r.BadRequest($"{name} must be one of {string.Join(", ", allowed)}; got {string.Join(", ", unknown)}.");
        return false;
    }

    /// <summary>A date filter; a bare date as end_date covers that whole day.</summary>
    private static bool TryDate(ApiRequest r, string name, bool isEnd, out DateTime? value, [NotNullWhen(false)] out ApiResult? error)
    {
        value = null;
        error = null;
        var text = r.Q(name);
        if (text == null) return true;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
        {
            error = r.BadRequest($"{name} is not a date: '{text}'.");
            return false;
        }
        value = isEnd && text.Length <= 10 ? t.AddDays(1).AddTicks(-1) : t;
        return true;
    }

    private static ApiResult List(ApiRequest r)
    {
        var data = r.Data;
        var og = data.GroupByUuidOrId(r.RouteValues[0]);
        if (og == null) return r.NotFound("Organization group not found.");
        if (!TryClosedSet(r, "wipe_status", Statuses, out var statuses, out var error)
            || !TryClosedSet(r, "wipe_type", WipeTypes.Keys, out var types, out error)
            || !TryClosedSet(r, "ownership", Ownerships, out var ownerships, out error)
            || !TryClosedSet(r, "sort_column", SortColumns.Keys, out var sortColumn, out error)
            || !TryClosedSet(r, "sort_direction", new[] { "ASC", "DESC" }, out var direction, out error)
            || !TryDate(r, "start_date", false, out var start, out error)
            || !TryDate(r, "end_date", true, out var end, out error))
            return error;
        var typeNames = types?.Select(t => WipeTypes[t]).ToHashSet(StringComparer.Ordinal);
        var source = r.Q("wipe_source");
        var text = r.Q("search_text");
        var list = data.Wipes.Where(w =>
            data.IsWithin(w.LocationGroupId, og.Id)
            && (statuses == null || statuses.Contains(w.Status))
            && (typeNames == null || typeNames.Contains(w.WipeType))
            && (ownerships == null || ownerships.Contains(w.Ownership))
            && (source == null || string.Equals(w.Source, source, StringComparison.OrdinalIgnoreCase))
            && (start == null || w.RequestedOn >= start)
            && (end == null || w.RequestedOn <= end)
            && (text == null || new[] { w.DeviceFriendlyName, w.SerialNumber, w.UserName }.Any(f => f != null && f.Contains(text, StringComparison.OrdinalIgnoreCase))));
        // DATE ascending unless asked otherwise; arrival order breaks ties, so pages stay stable.
        var compare = SortColumns[sortColumn?.First() ?? "DATE"];
        int sign = direction?.Contains("DESC") == true ? -1 : 1;
        var sorted = list.ToList();
        sorted.Sort((a, b) => sign * (compare(a, b) is var c && c != 0 ? c : a.Sequence.CompareTo(b.Sequence)));
        // This operation's own paging: page and page_size, 50 by default, at most 500. v1's pagesize means nothing here.
        var (page, size) = r.Paging("page_size", DefaultPageSize, MaxPageSize);
        return SearchPage.Write("device_wipes", page, size, sorted.Count, (w, k, _) => WriteWipe(w, sorted[k]), fields: SearchPage.Fields.SnakeCase);
    }

    /// <param name="withRequester">Also who asked and in which group: the control path shows it, the API does not.</param>
    internal static void WriteWipe(Utf8JsonWriter w, WipeRecord x, bool withRequester = false)
    {
        w.WriteStartObject();
        w.WriteString("Uuid", x.Uuid);
        w.WriteNumber("DeviceId", x.DeviceId);
        w.WriteString("DeviceUuid", x.DeviceUuid);
        w.WriteString("SerialNumber", x.SerialNumber);
        w.WriteString("DeviceFriendlyName", x.DeviceFriendlyName);
        w.WriteString("UserName", x.UserName);
        w.WriteString("OrganizationGroupName", x.OrganizationGroupName);
        w.WriteString("Ownership", x.Ownership);
        w.WriteString("WipeType", x.WipeType);
        w.WriteString("WipeSource", x.Source);
        w.WriteString("Status", x.Status);
        w.WriteString("RequestedOn", JsonUtil.FormatWsDate(x.RequestedOn));
        if (x.ActionedOn is { } actioned) w.WriteString("ActionedOn", JsonUtil.FormatWsDate(actioned));
        else w.WriteNull("ActionedOn");
        if (withRequester)
        {
            w.WriteString("RequestedBy", x.RequestedBy);
            w.WriteNumber("LocationGroupId", x.LocationGroupId);
        }
        w.WriteEndObject();
    }

    /// <summary>
    /// APPROVE or REJECT held wipes named by their uuids. All or nothing: an unknown uuid (or one outside the group)
    /// is 404, a wipe that is not HELD is 400, and then nothing changes. Success is 200 with no body.
    /// </summary>
    private static ApiResult Act(ApiRequest r)
    {
        var data = r.Data;
        var og = data.GroupByUuidOrId(r.RouteValues[0]);
        if (og == null) return r.NotFound("Organization group not found.");
        var action = r.Q("action")?.ToUpperInvariant();
        if (action is not ("APPROVE" or "REJECT")) return r.BadRequest("action must be APPROVE or REJECT.");
        if (!r.TryParseBody(out var doc, out var error)) return error;
        var uuids = new List<string>();
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return r.BadRequest("The body must be a JSON array of wipe record uuids.");
            foreach (var v in doc.RootElement.EnumerateArray())
            {
                var uuid = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                if (string.IsNullOrWhiteSpace(uuid)) return r.BadRequest("The body must be a JSON array of wipe record uuids.");
                uuids.Add(uuid.Trim());
            }
        }
        if (uuids.Count == 0) return r.BadRequest("Name at least one wipe record uuid.");
        var found = uuids.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(u => (Uuid: u, Record: data.Wipes.FirstOrDefault(w => string.Equals(w.Uuid, u, StringComparison.OrdinalIgnoreCase) && data.IsWithin(w.LocationGroupId, og.Id))))
            .ToList();
        var missing = found.Where(x => x.Record == null).Select(x => x.Uuid).ToList();
        if (missing.Count > 0) return r.NotFound("Wipe record not found in this organization group: " + string.Join(", ", missing) + ".");
        var records = found.Select(x => (x.Uuid, Record: x.Record!)).ToList(); // none is missing now
        var notHeld = records.Where(x => x.Record.Status != DeviceLifecycle.Held).ToList();
        if (notHeld.Count > 0)
            return r.BadRequest("Only HELD wipes can be approved or rejected: " + string.Join(", ", notHeld.Select(x => $"{x.Uuid} is {x.Record.Status}")) + ".");
        var now = r.Now;
        foreach (var (_, record) in records)
        {
            if (action == "APPROVE") DeviceLifecycle.Approve(r.State, record, r.Principal?.Name, now);
            else DeviceLifecycle.Reject(r.State, record, r.Principal?.Name, now);
        }
        return ApiResult.Empty(200);
    }

    /// <summary>The threshold lock, in snake_case like the wipe log's paging (the field names are the simulator's choice).</summary>
    private static ApiResult GetLock(ApiRequest r)
    {
        if (r.Data.GroupByUuidOrId(r.RouteValues[0]) == null) return r.NotFound("Organization group not found.");
        var s = DeviceLifecycle.WipeLock(r.State, r.Now);
        return ApiResult.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("is_locked", s.IsLocked);
            w.WriteNumber("threshold", s.Threshold);
            w.WriteNumber("window_minutes", s.WindowMinutes);
            w.WriteNumber("wipe_count", s.CountedWipes);
            w.WriteNumber("held_count", s.HeldWipes);
            WriteDate(w, "locked_since", s.LockedSince);
            WriteDate(w, "last_unlocked_on", s.LastUnlockedOn);
            w.WriteEndObject();
        }, 256);
    }

    private static void WriteDate(Utf8JsonWriter w, string name, DateTime? value)
    {
        if (value is { } t) w.WriteString(name, JsonUtil.FormatWsDate(t));
        else w.WriteNull(name);
    }

    /// <summary>
    /// Resets the lock: wipes sent before now stop counting, so the next ones go out. Held wipes stay HELD (approve
    /// or reject them). Only at a Global or Customer group; elsewhere 400. 200 with no body.
    /// </summary>
    private static ApiResult Unlock(ApiRequest r)
    {
        var og = r.Data.GroupByUuidOrId(r.RouteValues[0]);
        if (og == null) return r.NotFound("Organization group not found.");
        if (og.Type is not ("Global" or "Customer"))
            return r.BadRequest($"Wipe protection can be unlocked at a Global or Customer organization group only; '{og.Name}' is a {og.Type} group.");
        r.Data.WipesUnlockedAt = r.Now;
        r.Data.WipesUnlockedAfter = r.Data.NextSequence();
        r.Data.Touch();
        return ApiResult.Empty(200);
    }
}
