namespace WorkspaceOneUem.Simulator;

/// <summary>/api/system/groups and /api/system/admins (system v1).</summary>
internal static class GroupEndpoints
{
    public static void Register(Router r)
    {
        r.Get("/api/system/groups/search", Permissions.None, Search);
        r.Get("/api/system/groups/{id}", Permissions.None, GetOne);
        r.Get("/api/system/groups/{id}/children", Permissions.None, Children);
        r.Get("/api/system/admins/search", Permissions.None, AdminSearch);
    }

    private static ApiResult Search(ApiRequest r)
    {
        var data = r.Data;
        var name = r.Q("name");
        var type = r.Q("type");
        var groupId = r.Q("groupid");
        var list = data.Groups.Where(g =>
            (name == null || g.Name.Contains(name, StringComparison.OrdinalIgnoreCase)) &&
            (type == null || string.Equals(g.Type, type, StringComparison.OrdinalIgnoreCase)) &&
            (groupId == null || string.Equals(g.GroupId, groupId, StringComparison.OrdinalIgnoreCase))).ToList();
        var (page, size) = r.Paging();
        int admins = r.State.Auth.Admins().Count;
        return SearchPage.Write("LocationGroups", page, size, list.Count, (w, k, _) => WriteGroup(w, data, list[k], admins));
    }

    private static ApiResult GetOne(ApiRequest r)
    {
        var g = r.Data.Group((int)Math.Min(int.MaxValue, r.RouteLong(0)));
        if (g == null) return r.NotFound("Organization group not found.");
        int admins = r.State.Auth.Admins().Count;
        return ApiResult.Json(200, w => WriteGroup(w, r.Data, g, admins));
    }

    /// <summary>Returns the group and all its descendants as a bare array (the real shape).</summary>
    private static ApiResult Children(ApiRequest r)
    {
        var data = r.Data;
        var root = data.Group((int)Math.Min(int.MaxValue, r.RouteLong(0)));
        if (root == null) return r.NotFound("Organization group not found.");
        int admins = r.State.Auth.Admins().Count;
        var list = data.Subtree(root.Id).ToList();
        return ApiResult.Json(200, w =>
        {
            w.WriteStartArray();
            foreach (var g in list) WriteGroup(w, data, g, admins);
            w.WriteEndArray();
        });
    }

    private static void WriteGroup(Utf8JsonWriter w, TenantData data, OrgGroup g, int adminCount)
    {
        var (users, devices) = data.GroupCounts(g.Id);
        var parent = g.ParentId == 0 ? null : data.Group(g.ParentId);
        w.WriteStartObject();
        JsonUtil.WriteIdValue(w, "Id", g.Id);
        w.WriteString("Name", g.Name);
        w.WriteString("GroupId", g.GroupId);
        w.WriteString("LocationGroupType", g.Type);
        w.WriteString("Country", "United States");
        w.WriteString("Locale", "en-US");
        if (parent != null)
        {
            w.WritePropertyName("ParentLocationGroup");
            w.WriteStartObject();
            JsonUtil.WriteIdValue(w, "Id", parent.Id);
            w.WriteString("Uuid", parent.Uuid);
            w.WriteString("Name", parent.Name);
            w.WriteEndObject();
        }
        w.WriteString("CreatedOn", JsonUtil.FormatWsDate(g.CreatedOn));
        w.WriteNumber("LgLevel", g.Id == 7 ? 0 : g.Id == 570 ? 1 : 2);
        w.WriteString("Users", users.ToString(CultureInfo.InvariantCulture));
        w.WriteString("Admins", (g.Id == 570 ? adminCount : 0).ToString(CultureInfo.InvariantCulture));
        w.WriteString("Devices", devices.ToString(CultureInfo.InvariantCulture));
        w.WriteString("Uuid", g.Uuid);
        w.WriteEndObject();
    }

    private static ApiResult AdminSearch(ApiRequest r)
    {
        var data = r.Data;
        var userName = r.Q("username");
        var firstName = r.Q("firstname");
        var lastName = r.Q("lastname");
        var email = r.Q("email");
        int? group = r.QInt("organizationgroupid") ?? r.QInt("locationgroupid");
        var all = r.State.Auth.Admins();
        // Admins live at the customer OG; searching it or an ancestor finds them.
        var list = all.Select((a, i) => (Admin: a, Id: i + 1)).Where(x =>
            (userName == null || (x.Admin.UserName ?? "").Contains(userName, StringComparison.OrdinalIgnoreCase)) &&
            (firstName == null || FirstNameOf(x.Admin).Contains(firstName, StringComparison.OrdinalIgnoreCase)) &&
            (lastName == null || "Admin".Contains(lastName, StringComparison.OrdinalIgnoreCase)) &&
            (email == null || EmailOf(x.Admin).Contains(email, StringComparison.OrdinalIgnoreCase)) &&
            (group == null || data.IsWithin(570, group.Value))).ToList();
        var (page, size) = r.Paging();
        var og = data.Group(570)!; // the customer group is always seeded
        return SearchPage.Write("Admins", page, size, list.Count, (w, k, _) =>
        {
            var (a, id) = list[k];
            w.WriteStartObject();
            JsonUtil.WriteIdValue(w, "Id", id);
            w.WriteString("Uuid", DataGenerator.GuidFrom(Hash.Of(r.Options.Seed, 60, id), Hash.Of(r.Options.Seed, 61, id)));
            w.WriteString("UserName", a.UserName);
            w.WriteString("FirstName", FirstNameOf(a));
            w.WriteString("LastName", "Admin");
            w.WriteString("Email", EmailOf(a));
            w.WriteString("LocationGroup", og.Name);
            w.WriteString("LocationGroupId", og.Id.ToString(CultureInfo.InvariantCulture));
            w.WriteString("OrganizationGroupUuid", og.Uuid);
            w.WriteString("TimeZone", "UTC");
            w.WriteString("Locale", "en-US");
            w.WriteString("InitialLandingPage", "/AirWatch/#/AirWatch/Dashboard");
            w.WriteBoolean("IsActiveDirectoryUser", a.IsDirectory);
            w.WriteBoolean("RequiresPasswordChange", false);
            w.WritePropertyName("Roles");
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteNumber("Id", RoleId(a.Role));
            w.WriteString("Name", a.Role);
            w.WriteString("LocationGroup", og.Name);
            w.WriteString("LocationGroupId", og.Id.ToString(CultureInfo.InvariantCulture));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static string FirstNameOf(AdminAccount a) => string.IsNullOrEmpty(a.UserName) ? "" : char.ToUpperInvariant(a.UserName[0]) + a.UserName[1..];
    private static string EmailOf(AdminAccount a) => a.UserName + "@" + DataGenerator.EmailDomain;
    private static int RoleId(string? role)
    {
        // Stable across runs (string.GetHashCode is randomized per process).
        ulong h = 14695981039346656037UL;
        foreach (var c in (role ?? "").ToLowerInvariant()) h = (h ^ c) * 1099511628211UL;
        return (int)(h % 900) + 100;
    }
}

/// <summary>/api/system/info: the cheap "is the connection good" call.</summary>
internal static class SystemEndpoints
{
    public static void Register(Router r)
    {
        r.Get("/api/system/info", Permissions.None, Info);
    }

    private static ApiResult Info(ApiRequest r) => ApiResult.Json(200, w =>
    {
        w.WriteStartObject();
        w.WriteString("ProductName", "Workspace ONE UEM");
        w.WriteString("ProductVersion", "24.10.0.1");
        w.WriteString("ApiVersion", "1");
        w.WriteString("DeviceServicesUrl", r.Http.Request.Scheme + "://" + r.Http.Request.Host + "/DeviceServices");
        w.WriteString("ConsoleUrl", r.Http.Request.Scheme + "://" + r.Http.Request.Host + "/AirWatch");
        w.WriteBoolean("IsSimulator", true);
        w.WriteEndObject();
    }, 512);
}
