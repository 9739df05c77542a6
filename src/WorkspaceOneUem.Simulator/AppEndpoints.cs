namespace WorkspaceOneUem.Simulator;

/// <summary>/api/mam/apps/search (mam v1).</summary>
internal static class AppEndpoints
{
    public static void Register(Router r)
    {
        r.Get("/api/mam/apps/search", Permissions.ReadApps, Search);
    }

    private static readonly Dictionary<string, int> PlatformNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Apple"] = 2, ["iOS"] = 2, ["Android"] = 5, ["AppleOsX"] = 10, ["macOS"] = 10, ["WinRT"] = 12, ["Windows"] = 12,
    };

    private static ApiResult Search(ApiRequest r)
    {
        var name = r.Q("applicationname");
        var bundle = r.Q("bundleid");
        var appType = r.Q("applicationtype");
        var type = r.Q("type");
        var status = r.Q("status");
        int? group = r.QInt("locationgroupid");
        int? platform = null;
        var platformText = r.Q("platform");
        bool unknownPlatform = false;
        if (platformText != null)
        {
            if (int.TryParse(platformText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p)) platform = p;
            else if (PlatformNames.TryGetValue(platformText, out var q)) platform = q;
            else unknownPlatform = true;
        }
        var data = r.Data;
        var list = data.Apps.Where(a =>
            !unknownPlatform &&
            (name == null || a.ApplicationName.Contains(name, StringComparison.OrdinalIgnoreCase)) &&
            (bundle == null || a.BundleId.Contains(bundle, StringComparison.OrdinalIgnoreCase)) &&
            (appType == null || string.Equals(a.AppType, appType, StringComparison.OrdinalIgnoreCase)) &&
            (type == null || string.Equals(type, "App", StringComparison.OrdinalIgnoreCase)) &&
            (status == null || string.Equals(a.Status, status, StringComparison.OrdinalIgnoreCase)) &&
            (group == null || data.IsWithin(group.Value, a.LocationGroupId) || data.IsWithin(a.LocationGroupId, group.Value)) &&
            (platform == null || a.Platform == platform)).ToList();
        var orderBy = r.Q("orderby");
        if (string.Equals(orderBy, "ApplicationName", StringComparison.OrdinalIgnoreCase)) list = list.OrderBy(a => a.ApplicationName, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.Id).ToList();
        if (string.Equals(r.Q("sortorder"), "DESC", StringComparison.OrdinalIgnoreCase)) list.Reverse();

        var (page, size) = r.Paging();
        return SearchPage.Write("Application", page, size, list.Count, (w, k, _) => WriteApp(w, data, list[k]), 600);
    }

    private static void WriteApp(Utf8JsonWriter w, TenantData data, AppRecord a)
    {
        w.WriteStartObject();
        JsonUtil.WriteIdValue(w, "Id", a.Id);
        w.WriteString("Uuid", a.Uuid);
        w.WriteString("ApplicationName", a.ApplicationName);
        w.WriteString("BundleId", a.BundleId);
        w.WriteString("AppVersion", a.AppVersion);
        w.WriteString("ActualFileVersion", a.BuildVersion);
        w.WriteString("AppType", a.AppType);
        w.WriteString("Status", a.Status);
        w.WriteNumber("Platform", a.Platform);
        w.WriteString("SupportedModels", a.PlatformName);
        w.WriteNumber("LocationGroupId", a.LocationGroupId);
        w.WriteString("OrganizationGroupUuid", data.Group(a.LocationGroupId)?.Uuid);
        w.WriteNumber("AssignedDeviceCount", a.AssignedDeviceCount);
        w.WriteNumber("InstalledDeviceCount", a.InstalledDeviceCount);
        w.WriteNumber("NotInstalledDeviceCount", a.AssignedDeviceCount - a.InstalledDeviceCount);
        w.WriteBoolean("IsReimbursable", false);
        w.WriteString("ApplicationSource", a.AppType == "Purchased" ? "VPP" : a.AppType);
        w.WriteEndObject();
    }
}
