using System.Text.RegularExpressions;

namespace WorkspaceOneUem.Simulator;

/// <summary>/api/system/users (system v1): search, get, add, update, delete, activate/deactivate, bulk.</summary>
internal static partial class UserEndpoints
{
    public const int BulkUserLimit = 500;
    private static readonly string[] EnrollmentRoles = { "Employee", "Full Access", "Basic Access" };

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    public static void Register(Router r)
    {
        r.Get("/api/system/users/search", Permissions.ReadUsers, Search);
        r.Get("/api/system/users/enrolleddevices/search", Permissions.ReadDevices, EnrolledDevices);
        r.Get("/api/system/users/{id}", Permissions.ReadUsers, GetOne);
        r.Post("/api/system/users/adduser", Permissions.AddUser, Add);
        r.Post("/api/system/users/{id}/update", Permissions.EditUser, Update);
        r.Post("/api/system/users/{id}/changelocationgroup", Permissions.EditUser, ChangeGroup);
        r.Delete("/api/system/users/{id}/delete", Permissions.DeleteUser, DeleteOne);
        r.Post("/api/system/users/{id}/activate", Permissions.EditUser, q => SetStatus(q, true));
        r.Post("/api/system/users/{id}/deactivate", Permissions.EditUser, q => SetStatus(q, false));
        r.Post("/api/system/users/delete", Permissions.DeleteUser, q => BulkAction(q, BulkKind.Delete));
        r.Post("/api/system/users/activate", Permissions.EditUser, q => BulkAction(q, BulkKind.Activate));
        r.Post("/api/system/users/deactivate", Permissions.EditUser, q => BulkAction(q, BulkKind.Deactivate));
    }

    // ---- search ----------------------------------------------------------------------------------

    private sealed class UserQuery
    {
        public string? UserName, FirstName, LastName, Email, Role, OrderBy;
        public int? Group;
        public bool? Status;
        public bool Descending;

        public bool IsDefault => UserName == null && FirstName == null && LastName == null && Email == null && Role == null && Group == null && Status == null && OrderBy == null && !Descending;
        public string Key => string.Join("\u0001", "users", UserName, FirstName, LastName, Email, Role, Group, Status, OrderBy, Descending);

        public bool Matches(UserRecord u) =>
            (UserName == null || u.UserName.Contains(UserName, StringComparison.OrdinalIgnoreCase)) &&
            (FirstName == null || (u.FirstName ?? "").Contains(FirstName, StringComparison.OrdinalIgnoreCase)) &&
            (LastName == null || (u.LastName ?? "").Contains(LastName, StringComparison.OrdinalIgnoreCase)) &&
            (Email == null || (u.Email ?? "").Contains(Email, StringComparison.OrdinalIgnoreCase)) &&
            (Role == null || string.Equals(u.Role, Role, StringComparison.OrdinalIgnoreCase)) &&
            (Group == null || u.LocationGroupId == Group) &&
            (Status == null || u.Status == Status);
    }

    private static UserQuery ParseQuery(ApiRequest r)
    {
        var q = new UserQuery
        {
            UserName = r.Q("username"),
            FirstName = r.Q("firstname"),
            LastName = r.Q("lastname"),
            Email = r.Q("email"),
            Role = r.Q("role"),
            Group = r.QInt("locationgroupid") ?? r.QInt("organizationgroupid"),
            Descending = string.Equals(r.Q("sortorder"), "DESC", StringComparison.OrdinalIgnoreCase),
        };
        var status = r.Q("status");
        if (status != null)
        {
            if (status.Equals("Active", StringComparison.OrdinalIgnoreCase) || status.Equals("true", StringComparison.OrdinalIgnoreCase)) q.Status = true;
            else if (status.Equals("Inactive", StringComparison.OrdinalIgnoreCase) || status.Equals("false", StringComparison.OrdinalIgnoreCase)) q.Status = false;
        }
        var orderBy = r.Q("orderby")?.ToLowerInvariant();
        if (orderBy is "username" or "emailaddress" or "email" or "firstname" or "lastname" or "name" or "active" or "status" or "enrollmentuserid") q.OrderBy = orderBy;
        return q;
    }

    private static int[] RunQuery(TenantData data, UserQuery q)
    {
        // Keep only ids and sort keys: holding a million user records would cost hundreds of MB.
        var ids = new List<int>();
        var keys = q.OrderBy is null or "enrollmentuserid" ? null : new List<string>();
        foreach (var id in data.LiveUserIds())
        {
            var u = data.GetUserAny(id)!; // a live user's id
            if (!q.Matches(u)) continue;
            ids.Add(id);
            keys?.Add(q.OrderBy switch
            {
                "username" => u.UserName,
                "emailaddress" or "email" => u.Email,
                "firstname" => u.FirstName,
                "lastname" => u.LastName,
                "name" => u.DisplayName,
                _ => u.Status ? "1" : "0",
            });
        }
        var result = ids.ToArray();
        if (keys != null)
        {
            var order = Enumerable.Range(0, result.Length).ToArray();
            var keyArray = keys.ToArray();
            int sign = q.Descending ? -1 : 1;
            Array.Sort(order, (a, b) =>
            {
                int c = StringComparer.OrdinalIgnoreCase.Compare(keyArray[a], keyArray[b]);
                return sign * (c != 0 ? c : result[a].CompareTo(result[b]));
            });
            return order.Select(k => result[k]).ToArray();
        }
        if (q.Descending) Array.Reverse(result);
        return result;
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
            // Fast path: default order without filters needs no scan, even for a million users.
            total = data.LiveUserCount;
            idAt = data.NthLiveUserId;
        }
        else
        {
            var ids = data.Cached(q.Key, () => RunQuery(data, q));
            total = ids.Length;
            idAt = k => ids[k];
        }
        // idAt gives live user ids only (the k-th live one, or one that passed the query's filter).
        return SearchPage.Write("Users", page, size, total, (w, k, raw) => WriteUser(w, data, data.GetUserAny(idAt(k))!, raw), 1024);
    }

    private static ApiResult GetOne(ApiRequest r)
    {
        var u = r.Data.GetUser((int)Math.Min(int.MaxValue, r.RouteLong(0)));
        if (u == null) return r.NotFound("User not found.");
        return ApiResult.Json(200, w =>
        {
            using var raw = new RawJson();
            WriteUser(w, r.Data, u, raw);
        });
    }

    internal static void WriteUser(Utf8JsonWriter w, TenantData data, UserRecord u, RawJson raw)
    {
        var og = data.Group(u.LocationGroupId);
        raw.Clear();
        raw.Raw("{\"Id\":{\"Value\":"u8); raw.Number(u.Id);
        raw.Raw("},\"Uuid\":"u8); raw.String(u.Uuid);
        raw.Raw(",\"UserName\":"u8); raw.String(u.UserName);
        raw.Raw(",\"FirstName\":"u8); raw.String(u.FirstName);
        raw.Raw(",\"LastName\":"u8); raw.String(u.LastName);
        raw.Raw(",\"DisplayName\":"u8); raw.String(u.DisplayName);
        raw.Raw(",\"Email\":"u8); raw.String(u.Email);
        raw.Raw(",\"EmailUserName\":"u8); raw.String(u.EmailUserName);
        raw.Raw(",\"Status\":"u8); raw.Bool(u.Status);
        raw.Raw(",\"SecurityType\":"u8); raw.Number(u.SecurityType);
        raw.Raw(",\"ContactNumber\":"u8); raw.String(u.ContactNumber);
        raw.Raw(",\"MobileNumber\":"u8); raw.String(u.MobileNumber);
        raw.Raw(",\"MessageType\":"u8); raw.Number(u.MessageType);
        raw.Raw(",\"Group\":"u8); raw.String(og?.Name);
        // v1 quirk: the group id and the device count are strings holding numbers.
        raw.Raw(",\"LocationGroupId\":\""u8); raw.Number(u.LocationGroupId);
        raw.Raw("\",\"OrganizationGroupUuid\":"u8); raw.String(og?.Uuid);
        raw.Raw(",\"Role\":"u8); raw.String(u.Role);
        raw.Raw(",\"EnrolledDevicesCount\":\""u8); raw.Number(data.EnrolledDeviceCount(u.Id));
        raw.Raw("\",\"ExternalId\":"u8); raw.String(u.ExternalId);
        raw.Raw(",\"CustomAttribute1\":"u8); raw.String(u.CustomAttribute1);
        raw.Raw(",\"CustomAttribute2\":"u8); raw.String(u.CustomAttribute2);
        raw.Raw(",\"CustomAttribute3\":"u8); raw.String(u.CustomAttribute3);
        raw.Raw(",\"CustomAttribute4\":"u8); raw.String(u.CustomAttribute4);
        raw.Raw(",\"CustomAttribute5\":"u8); raw.String(u.CustomAttribute5);
        raw.Raw(",\"StagingMode\":\"Disabled\",\"DeviceStagingEnabled\":false,\"DeviceStagingType\":\"StagingDisabled\"}"u8);
        w.WriteRawValue(raw.Written, skipInputValidation: true);
    }

    // ---- writes ----------------------------------------------------------------------------------

    private static ApiResult Add(ApiRequest r)
    {
        if (!r.TryParseBody(out var doc, out var error)) return error;
        using (doc)
        {
            var b = doc.RootElement;
            if (b.ValueKind != JsonValueKind.Object) return r.BadRequest("The request body must be a User object.");
            var userName = JsonUtil.GetText(b, "UserName")?.Trim();
            if (string.IsNullOrEmpty(userName)) return r.BadRequest("UserName is required.");
            int security = JsonUtil.GetInt(b, "SecurityType") ?? 2;
            if (security is not (1 or 2)) return r.BadRequest("SecurityType must be 1 (Directory) or 2 (Basic).");
            if (security == 2 && string.IsNullOrEmpty(JsonUtil.GetText(b, "Password"))) return r.BadRequest("Password is required for a Basic user.");
            var email = JsonUtil.GetText(b, "Email")?.Trim();
            if (!string.IsNullOrEmpty(email) && !EmailPattern().IsMatch(email)) return r.BadRequest($"The email address '{email}' is not valid.");
            int group = 570;
            var groupText = JsonUtil.GetText(b, "LocationGroupId");
            if (!string.IsNullOrWhiteSpace(groupText))
            {
                if (!int.TryParse(groupText, NumberStyles.Integer, CultureInfo.InvariantCulture, out group) || r.Data.Group(group) == null)
                    return r.BadRequest($"The organization group (LocationGroupId '{groupText}') is not valid.");
            }
            var role = JsonUtil.GetText(b, "Role")?.Trim();
            if (string.IsNullOrEmpty(role)) role = "Employee";
            var knownRole = EnrollmentRoles.FirstOrDefault(x => string.Equals(x, role, StringComparison.OrdinalIgnoreCase));
            if (knownRole == null) return r.BadRequest($"The role '{role}' does not exist.");
            if (r.Data.IsUserNameTaken(userName)) return r.BadRequest($"User name '{userName}' already exists.");

            var first = JsonUtil.GetText(b, "FirstName") ?? "";
            var last = JsonUtil.GetText(b, "LastName") ?? "";
            var u = new UserRecord
            {
                Uuid = "", // AddUser gives it one
                UserName = userName,
                FirstName = first,
                LastName = last,
                DisplayName = JsonUtil.GetText(b, "DisplayName") ?? (first + " " + last).Trim(),
                Email = email ?? "",
                EmailUserName = JsonUtil.GetText(b, "EmailUserName") ?? userName,
                Status = JsonUtil.GetBool(b, "Status") ?? true,
                SecurityType = security,
                ContactNumber = JsonUtil.GetText(b, "ContactNumber") ?? "",
                MobileNumber = JsonUtil.GetText(b, "MobileNumber") ?? "",
                MessageType = JsonUtil.GetInt(b, "MessageType") ?? 0,
                LocationGroupId = group,
                Role = knownRole,
                ExternalId = JsonUtil.GetText(b, "ExternalId") ?? "",
                CustomAttribute1 = JsonUtil.GetText(b, "CustomAttribute1") ?? "",
                CustomAttribute2 = JsonUtil.GetText(b, "CustomAttribute2") ?? "",
                CustomAttribute3 = JsonUtil.GetText(b, "CustomAttribute3") ?? "",
                CustomAttribute4 = JsonUtil.GetText(b, "CustomAttribute4") ?? "",
                CustomAttribute5 = JsonUtil.GetText(b, "CustomAttribute5") ?? "",
            };
            int id = r.Data.AddUser(u);
            return ApiResult.Json(200, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("Value", id);
                w.WriteEndObject();
            }, 64);
        }
    }

    private static ApiResult Update(ApiRequest r)
    {
        var current = r.Data.GetUser((int)Math.Min(int.MaxValue, r.RouteLong(0)));
        if (current == null) return r.NotFound("User not found.");
        if (!r.TryParseBody(out var doc, out var error)) return error;
        using (doc)
        {
            var b = doc.RootElement;
            if (b.ValueKind != JsonValueKind.Object) return r.BadRequest("The request body must be a User object.");
            var u = current.Clone();
            string defaultDisplay = (u.FirstName + " " + u.LastName).Trim();
            string Text(string name, string old) => JsonUtil.GetText(b, name) ?? old;
            u.FirstName = Text("FirstName", u.FirstName);
            u.LastName = Text("LastName", u.LastName);
            var display = JsonUtil.GetText(b, "DisplayName");
            if (display != null) u.DisplayName = display;
            else if (u.DisplayName == defaultDisplay) u.DisplayName = (u.FirstName + " " + u.LastName).Trim();
            var email = JsonUtil.GetText(b, "Email");
            if (email != null)
            {
                email = email.Trim();
                if (email.Length > 0 && !EmailPattern().IsMatch(email)) return r.BadRequest($"The email address '{email}' is not valid.");
                u.Email = email;
            }
            u.EmailUserName = Text("EmailUserName", u.EmailUserName);
            u.ContactNumber = Text("ContactNumber", u.ContactNumber);
            u.MobileNumber = Text("MobileNumber", u.MobileNumber);
            u.MessageType = JsonUtil.GetInt(b, "MessageType") ?? u.MessageType;
            u.Status = JsonUtil.GetBool(b, "Status") ?? u.Status;
            u.ExternalId = Text("ExternalId", u.ExternalId);
            u.CustomAttribute1 = Text("CustomAttribute1", u.CustomAttribute1);
            u.CustomAttribute2 = Text("CustomAttribute2", u.CustomAttribute2);
            u.CustomAttribute3 = Text("CustomAttribute3", u.CustomAttribute3);
            u.CustomAttribute4 = Text("CustomAttribute4", u.CustomAttribute4);
            u.CustomAttribute5 = Text("CustomAttribute5", u.CustomAttribute5);
            var role = JsonUtil.GetText(b, "Role");
            if (!string.IsNullOrWhiteSpace(role))
            {
                var knownRole = EnrollmentRoles.FirstOrDefault(x => string.Equals(x, role.Trim(), StringComparison.OrdinalIgnoreCase));
                if (knownRole == null) return r.BadRequest($"The role '{role}' does not exist.");
                u.Role = knownRole;
            }
            var groupText = JsonUtil.GetText(b, "LocationGroupId");
            if (!string.IsNullOrWhiteSpace(groupText))
            {
                if (!int.TryParse(groupText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var group) || r.Data.Group(group) == null)
                    return r.BadRequest($"The organization group (LocationGroupId '{groupText}') is not valid.");
                u.LocationGroupId = group;
            }
            // UserName and SecurityType are fixed once created; Password is accepted and not stored.
            r.Data.SaveUser(u);
        }
        return ApiResult.Empty(200);
    }

    /// <summary>Moves a user to the group named by targetLG; moving to the group it is in already changes nothing.</summary>
    private static ApiResult ChangeGroup(ApiRequest r)
    {
        var current = r.Data.GetUser((int)Math.Min(int.MaxValue, r.RouteLong(0)));
        if (current == null) return r.NotFound("User not found.");
        var target = r.Q("targetLG") ?? r.Q("targetlg");
        if (string.IsNullOrWhiteSpace(target)) return r.BadRequest("targetLG (the organization group to move the user to) is required.");
        if (!int.TryParse(target, NumberStyles.Integer, CultureInfo.InvariantCulture, out var group) || r.Data.Group(group) == null)
            return r.BadRequest($"The organization group (targetLG '{target}') is not valid.");
        if (current.LocationGroupId != group)
        {
            var u = current.Clone();
            u.LocationGroupId = group;
            r.Data.SaveUser(u);
        }
        return ApiResult.Empty(200);
    }

    private static ApiResult DeleteOne(ApiRequest r) =>
        r.Data.DeleteUser((int)Math.Min(int.MaxValue, r.RouteLong(0))) ? ApiResult.Empty(200) : r.NotFound("User not found.");

    private static ApiResult SetStatus(ApiRequest r, bool active)
    {
        var u = r.Data.GetUser((int)Math.Min(int.MaxValue, r.RouteLong(0)));
        if (u == null) return r.NotFound("User not found.");
        if (u.Status != active)
        {
            u = u.Clone();
            u.Status = active;
            r.Data.SaveUser(u);
            if (!active) WipeDevicesOfDisabled(r, u.Id);
        }
        return ApiResult.Empty(200);
    }

    /// <summary>
    /// With <see cref="SimulatorOptions.WipeOnUserDisable"/>, a tenant enterprise-wipes the enrolled devices of a user
    /// it deactivates, recorded with the wipe source USER_DISABLED (wipe protection applies as to any wipe).
    /// </summary>
    private static void WipeDevicesOfDisabled(ApiRequest r, int userId)
    {
        if (!r.State.Options.WipeOnUserDisable) return;
        var (first, count) = r.Data.DevicesOfUser(userId);
        for (int id = first; id < first + count; id++)
        {
            if (r.Data.GetDevice(id) is { EnrollmentStatus: "Enrolled" } d)
                DeviceLifecycle.RequestWipe(r, d, "EnterpriseWipe", UserDisabledSource);
        }
    }

    private const string UserDisabledSource = "USER_DISABLED";

    private enum BulkKind { Delete, Activate, Deactivate }

    private static ApiResult BulkAction(ApiRequest r, BulkKind kind)
    {
        if (!Bulk.TryReadValues(r, out var values, out var error)) return error;
        if (values.Count > BulkUserLimit) return r.BadRequest($"A bulk request accepts at most {BulkUserLimit} items; {values.Count} were sent.");
        var outcome = new Bulk.Outcome();
        foreach (var item in values)
        {
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || r.Data.GetUser(id) is not { } u)
            {
                outcome.Fail(item, "User not found.");
                continue;
            }
            switch (kind)
            {
                case BulkKind.Delete:
                    r.Data.DeleteUser(id);
                    break;
                default:
                    bool active = kind == BulkKind.Activate;
                    if (u.Status != active)
                    {
                        u = u.Clone();
                        u.Status = active;
                        r.Data.SaveUser(u);
                        if (!active) WipeDevicesOfDisabled(r, u.Id);
                    }
                    break;
            }
            outcome.Accept();
        }
        return Bulk.Respond(outcome);
    }

    // ---- enrolled devices ------------------------------------------------------------------------

    private static ApiResult EnrolledDevices(ApiRequest r)
    {
        var data = r.Data;
        int? group = r.QInt("organizationgroupid") ?? r.QInt("locationgroupid");
        var user = r.Q("user") ?? r.Q("username");
        var platform = r.Q("platform");
        var (page, size) = r.Paging();
        var ids = data.Cached(string.Join("\u0001", "enrolled", group, user, platform), () =>
        {
            var list = new List<int>();
            for (int id = 1; id <= data.DeviceCount; id++)
            {
                if (data.DeviceEnrollmentStatus(id) != "Enrolled") continue;
                var d = data.GetDevice(id, withUser: false)!; // an enrolled device is a live one
                if (group != null && !data.IsWithin(d.LocationGroupId, group.Value)) continue;
                if (platform != null && !string.Equals(d.Platform, platform, StringComparison.OrdinalIgnoreCase)) continue;
                if (user != null && !(data.GetUserAny(d.UserIndex)?.UserName ?? "").Contains(user, StringComparison.OrdinalIgnoreCase)) continue;
                list.Add(id);
            }
            return list.ToArray();
        });
        return SearchPage.Write("EnrolledDeviceInfoList", page, size, ids.Length, (w, k, _) =>
        {
            var d = data.GetDevice(ids[k])!; // enrolled, so live, when the list was made under this data version
            var u = data.GetUserAny(d.UserIndex);
            w.WriteStartObject();
            w.WriteNumber("DeviceId", d.Id);
            w.WriteString("DeviceUuid", d.Uuid);
            w.WriteString("Udid", d.Udid);
            w.WriteString("SerialNumber", d.SerialNumber);
            w.WriteString("DeviceFriendlyName", d.FriendlyName);
            w.WriteNumber("EnrollmentUserId", d.UserIndex);
            w.WriteString("UserName", u?.UserName);
            w.WriteString("Platform", d.Platform);
            w.WriteString("Model", d.Model);
            w.WriteString("EnrollmentStatus", d.EnrollmentStatus);
            w.WriteString("LocationGroupId", d.LocationGroupId.ToString(CultureInfo.InvariantCulture));
            w.WriteString("LastSeen", JsonUtil.FormatWsDate(d.LastSeen));
            w.WriteEndObject();
        });
    }
}
