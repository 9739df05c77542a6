namespace WorkspaceOneUem.Simulator;

/// <summary>
/// /api/system/usergroups (system v1) and /api/mdm/smartgroups (mdm v1). The notes leave the answers' shapes open;
/// the choices are in the README ("User groups and smart groups") and docs/api-behaviour.md.
/// </summary>
internal static class UserGroupEndpoints
{
    public static void Register(Router r)
    {
        r.Get("/api/system/usergroups/search", Permissions.ReadUserGroups, Search);
        r.Get("/api/system/usergroups/{id}/users", Permissions.ReadUserGroups, Members);
        r.Post("/api/system/usergroups/{id}/user/{id}/addusertogroup", Permissions.ChangeUserGroupMembers, q => ChangeMember(q, add: true));
        r.Post("/api/system/usergroups/{id}/user/{id}/removeuserfromgroup", Permissions.ChangeUserGroupMembers, q => ChangeMember(q, add: false));
        r.Get("/api/mdm/smartgroups/search", Permissions.ReadSmartGroups, SmartGroupSearch);
        r.Get("/api/mdm/smartgroups/{id}/devices", Permissions.ReadSmartGroups, SmartGroupDevices);
    }

    // ---- user groups -----------------------------------------------------------------------------

    private static ApiResult Search(ApiRequest r)
    {
        var data = r.Data;
        var name = r.Q("groupname");
        int? group = r.QInt("organizationgroupid");
        var type = r.Q("usergrouptype");
        bool? directory = null;
        if (type != null)
        {
            if (type.Equals("Custom", StringComparison.OrdinalIgnoreCase)) directory = false;
            else if (type.Equals("Directory", StringComparison.OrdinalIgnoreCase)) directory = true;
            else return r.BadRequest($"usergrouptype '{type}' is not valid: Custom or Directory.");
        }
        var list = data.UserGroups.Where(g =>
            (name == null || g.Name.Contains(name, StringComparison.OrdinalIgnoreCase)) &&
            (group == null || data.IsWithin(g.LocationGroupId, group.Value)) &&
            (directory == null || g.IsDirectory == directory)).ToList();
        var (page, size) = r.Paging();
        return SearchPage.Write("UserGroup", page, size, list.Count, (w, k, _) => WriteUserGroup(w, data, list[k]));
    }

    private static void WriteUserGroup(Utf8JsonWriter w, TenantData data, UserGroupRecord g)
    {
        var og = data.Group(g.LocationGroupId);
        w.WriteStartObject();
        JsonUtil.WriteIdValue(w, "Id", g.Id);
        w.WriteString("Uuid", g.Uuid);
        w.WriteString("UserGroupName", g.Name);
        w.WriteString("Description", g.Description);
        w.WriteString("UserGroupType", g.IsDirectory ? "Directory" : "Custom");
        // v1 quirk, as elsewhere: the group id and the count are strings holding numbers.
        w.WriteString("LocationGroupId", g.LocationGroupId.ToString(CultureInfo.InvariantCulture));
        w.WriteString("LocationGroup", og?.Name);
        w.WriteString("OrganizationGroupUuid", og?.Uuid);
        w.WriteString("UserCount", data.UserGroupMembers(g).Length.ToString(CultureInfo.InvariantCulture));
        if (g.IsDirectory)
        {
            w.WriteString("DistinguishedName", g.DistinguishedName);
            w.WriteString("LastSyncOn", g.LastSyncOn is { } synced ? JsonUtil.FormatWsDate(synced) : null);
        }
        else
        {
            w.WriteNull("DistinguishedName");
            w.WriteNull("LastSyncOn");
        }
        w.WriteEndObject();
    }

    /// <summary>The members as the user search writes users, paged like it: 204 for none and past the end.</summary>
    private static ApiResult Members(ApiRequest r)
    {
        var data = r.Data;
        var g = data.UserGroup((int)Math.Min(int.MaxValue, r.RouteLong(0)));
        if (g == null) return r.NotFound("User group not found.");
        var ids = data.UserGroupMembers(g);
        var (page, size) = r.Paging();
        return SearchPage.Write("Users", page, size, ids.Length, (w, k, raw) => UserEndpoints.WriteUser(w, data, data.GetUserAny(ids[k])!, raw), 1024);
    }

    /// <summary>
    /// Adds or removes a member: no body either way, 200 with none back. Adding a member already there, or removing
    /// one who is not, changes nothing and is accepted. A directory group is refused 400/1001 and nothing changes.
    /// </summary>
    private static ApiResult ChangeMember(ApiRequest r, bool add)
    {
        var data = r.Data;
        var g = data.UserGroup((int)Math.Min(int.MaxValue, r.RouteLong(0)));
        if (g == null) return r.NotFound("User group not found.");
        int userId = (int)Math.Min(int.MaxValue, r.RouteLong(1));
        if (data.GetUser(userId) == null) return r.NotFound("User not found.");
        if (g.IsDirectory)
            return r.BadRequest($"User group '{g.Name}' is synced from the directory; its members cannot be changed through the API. Change the membership in the directory.");
        if (add) data.AddUserGroupMember(g, userId);
        else data.RemoveUserGroupMember(g, userId);
        return ApiResult.Empty(200);
    }

    // ---- smart groups ----------------------------------------------------------------------------

    private static ApiResult SmartGroupSearch(ApiRequest r)
    {
        var data = r.Data;
        var name = r.Q("name");
        int? group = r.QInt("organizationgroupid");
        var list = data.SmartGroups.Where(g =>
            (name == null || g.Name.Contains(name, StringComparison.OrdinalIgnoreCase)) &&
            (group == null || data.IsWithin(g.ManagedByGroupId, group.Value))).ToList();
        var (page, size) = r.Paging();
        return SearchPage.Write("SmartGroups", page, size, list.Count, (w, k, _) =>
        {
            var g = list[k];
            var og = data.Group(g.ManagedByGroupId);
            w.WriteStartObject();
            w.WriteNumber("SmartGroupID", g.Id);
            w.WriteString("SmartGroupUuid", g.Uuid);
            w.WriteString("Name", g.Name);
            w.WriteNumber("ManagedByOrganizationGroupID", g.ManagedByGroupId);
            w.WriteString("ManagedByOrganizationGroupUuid", og?.Uuid);
            w.WriteString("ManagedByOrganizationGroupName", og?.Name);
            w.WriteNumber("Devices", data.SmartGroupDevices(g).Length);
            w.WriteNumber("Assignments", g.Assignments);
            w.WriteNumber("Exclusions", 0);
            w.WriteEndObject();
        });
    }

    /// <summary>Every device id of the group in one answer (not paged), ascending; 204 when it has none.</summary>
    private static ApiResult SmartGroupDevices(ApiRequest r)
    {
        var data = r.Data;
        var g = data.SmartGroup((int)Math.Min(int.MaxValue, r.RouteLong(0)));
        if (g == null) return r.NotFound("Smart group not found.");
        var ids = data.SmartGroupDevices(g);
        if (ids.Length == 0) return ApiResult.NoContent();
        return ApiResult.Json(200, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("Devices");
            w.WriteStartArray();
            foreach (var id in ids)
            {
                w.WriteStartObject();
                JsonUtil.WriteIdValue(w, "Id", id);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }, ids.Length * 24 + 64);
    }
}
