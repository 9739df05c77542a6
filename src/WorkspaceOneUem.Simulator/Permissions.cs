namespace WorkspaceOneUem.Simulator;

/// <summary>Permission keys: one per row of the console's role editor that the API checks (docs/api-behaviour.md §9).</summary>
public static class Permissions
{
    public const string UsersAddEdit = "Accounts.Users.AddEdit";
    public const string UserDetailRead = "Accounts.Users.UserDetail.Read";
    public const string UsersEdit = "Accounts.Users.Edit";
    public const string UserRegistrationEdit = "Accounts.Users.UserRegistration.Edit";
    public const string RolesAddEdit = "Accounts.Users.Roles.AddEdit";
    public const string UserGroupsAddEdit = "Accounts.UserGroups.AddEdit";
    public const string RestAppsRead = "Api.Rest.Apps.Read";
    public const string RestDevicesRead = "Api.Rest.Devices.Read";
    public const string RestDevicesEdit = "Api.Rest.Devices.Edit";
    public const string RestUsersRead = "Api.Rest.Users.Read";
    public const string RestUsersEdit = "Api.Rest.Users.Edit";
    public const string DeviceWipe = "DeviceDetails.DeviceWipe";
    public const string DeviceEdit = "DeviceDetails.Edit";
    public const string DeviceLock = "DeviceDetails.Lock";
    // Rows the public table does not list; the simulator's choice, one per further device action (docs/api-behaviour.md §9).
    public const string DeviceClearPasscode = "DeviceDetails.ClearPasscode";
    public const string DeviceQuery = "DeviceDetails.Query";
    public const string DeviceReboot = "DeviceDetails.Reboot";
    public const string DeviceShutdown = "DeviceDetails.Shutdown";
    public const string DeviceSendMessage = "DeviceDetails.SendMessage";
    public const string DeviceDelete = "DeviceDetails.Delete";

    public static readonly string[] All =
    {
        UsersAddEdit, UserDetailRead, UsersEdit, UserRegistrationEdit, RolesAddEdit, UserGroupsAddEdit,
        RestAppsRead, RestDevicesRead, RestDevicesEdit, RestUsersRead, RestUsersEdit, DeviceWipe, DeviceEdit, DeviceLock,
        DeviceClearPasscode, DeviceQuery, DeviceReboot, DeviceShutdown, DeviceSendMessage, DeviceDelete,
    };

    public static readonly string[] ReadOnly = { RestAppsRead, RestDevicesRead, RestUsersRead, UserDetailRead };

    // What each operation checks.
    internal static readonly string[] None = Array.Empty<string>();
    internal static readonly string[] ReadUsers = { RestUsersRead, UserDetailRead };
    internal static readonly string[] ReadDevices = { RestDevicesRead };
    internal static readonly string[] ReadApps = { RestAppsRead };
    internal static readonly string[] AddUser = { UsersAddEdit, UserDetailRead, UserRegistrationEdit, RolesAddEdit, UserGroupsAddEdit, RestAppsRead, RestUsersEdit, RestUsersRead };
    internal static readonly string[] DeleteUser = { UsersAddEdit, UsersEdit, UserDetailRead, RestAppsRead, RestUsersEdit };
    internal static readonly string[] EditUser = { UsersEdit, UserDetailRead, RestUsersEdit };
    // User and smart groups: the public table has no rows for them; the simulator's choice (docs/api-behaviour.md §9).
    internal static readonly string[] ReadUserGroups = ReadUsers;
    internal static readonly string[] ChangeUserGroupMembers = { UserGroupsAddEdit, UserDetailRead, RestUsersEdit };
    internal static readonly string[] ReadSmartGroups = ReadDevices;
    internal static readonly string[] Lock = DeviceAction(DeviceLock);
    /// <summary>Both wipes, and acting on the wipe-protection queue and lock (approve, reject, unlock).</summary>
    internal static readonly string[] Wipe = DeviceAction(DeviceWipe);
    internal static readonly string[] ClearPasscode = DeviceAction(DeviceClearPasscode);
    /// <summary>DeviceQuery and SyncDevice.</summary>
    internal static readonly string[] Query = DeviceAction(DeviceQuery);
    internal static readonly string[] Reboot = DeviceAction(DeviceReboot);
    internal static readonly string[] Shutdown = DeviceAction(DeviceShutdown);
    internal static readonly string[] SendMessage = DeviceAction(DeviceSendMessage);
    internal static readonly string[] DeleteDevice = DeviceAction(DeviceDelete);

    /// <summary>What every device action needs: REST Devices (Edit), its own Device Details row, Device Details Edit, User Detail, REST Apps.</summary>
    private static string[] DeviceAction(string row) => new[] { RestDevicesEdit, row, DeviceEdit, UserDetailRead, RestAppsRead };

    public static Dictionary<string, string[]> DefaultRoles() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Full"] = (string[])All.Clone(),
        ["ReadOnly"] = (string[])ReadOnly.Clone(),
        ["NoApi"] = new[] { UserDetailRead },
        ["HelpDesk"] = ReadOnly.Concat(new[] { RestDevicesEdit, DeviceLock, DeviceEdit }).ToArray(),
    };
}
