using System.Collections.Generic;

namespace WorkspaceOneUem.Client
{
    /// <summary>What a call does, in the terms an admin role is granted (docs/api-behaviour.md §9).</summary>
    public enum Ws1Action
    {
        Connect,
        ReadUsers,
        ReadDevices,
        ReadApps,
        ReadGroups,
        AddUser,
        EditUser,
        DeleteUser,
        LockDevice,
        WipeDevice,
        ClearDevicePasscode,
        QueryDevice,
        RestartDevice,
        ShutDownDevice,
        SendDeviceMessage,
        DeleteDevice,
        ManageWipeProtection,

        /// <summary>A call made through Invoke-Ws1UemRequest: its permissions depend on the path and method.</summary>
        RawRequest,

        ReadUserGroups,

        /// <summary>Adding a user to a custom user group, or removing one.</summary>
        ChangeUserGroupMembers,
        ReadSmartGroups,
    }

    /// <summary>
    /// The role permissions each action needs. No public endpoint lists a role's permissions, so a 403
    /// is explained from this table: the missing permission is one of these rows.
    /// </summary>
    public static class Ws1Permissions
    {
        private const string UserDetailRead = "Accounts > Users > Accounts > User Detail (Read)";
        private const string AppsRead = "API > REST > Apps (Read)";

        private static readonly Dictionary<Ws1Action, string[]> Needed = new Dictionary<Ws1Action, string[]>
        {
            [Ws1Action.Connect] = new[] { "API > REST > Users (Read), Devices (Read) or Apps (Read)" },
            [Ws1Action.ReadUsers] = new[] { "API > REST > Users (Read)", UserDetailRead },
            [Ws1Action.ReadDevices] = new[] { "API > REST > Devices (Read)" },
            [Ws1Action.ReadApps] = new[] { AppsRead },
            [Ws1Action.ReadGroups] = new[] { "API > REST > Users (Read), Devices (Read) or Apps (Read)" },
            [Ws1Action.AddUser] = new[]
            {
                "Accounts > Users > Accounts > Add/Edit (Edit)",
                UserDetailRead,
                "Accounts > Users > Enrollment Status > User Registration (Edit)",
                "Accounts > Users > Roles > Add/Edit (Edit)",
                "Accounts > User Groups > User Groups > Add/Edit (Edit)",
                AppsRead,
                "API > REST > Users (Read and Edit)",
            },
            [Ws1Action.EditUser] = new[]
            {
                "Accounts > Users > Accounts > Edit (Edit)",
                UserDetailRead,
                "API > REST > Users (Read and Edit)",
            },
            [Ws1Action.DeleteUser] = new[]
            {
                "Accounts > Users > Accounts > Add/Edit (Edit)",
                "Accounts > Users > Accounts > Edit (Edit)",
                UserDetailRead,
                AppsRead,
                "API > REST > Users (Read and Edit)",
            },
            [Ws1Action.LockDevice] = DeviceAction("Lock"),
            [Ws1Action.WipeDevice] = DeviceAction("Device Wipe"),
            // The public table stops at lock and wipe; the rows below are the simulator's choice (docs/api-behaviour.md §9).
            [Ws1Action.ClearDevicePasscode] = DeviceAction("Clear Passcode"),
            [Ws1Action.QueryDevice] = DeviceAction("Query"),
            [Ws1Action.RestartDevice] = DeviceAction("Reboot"),
            [Ws1Action.ShutDownDevice] = DeviceAction("Shutdown"),
            [Ws1Action.SendDeviceMessage] = DeviceAction("Send Message"),
            [Ws1Action.DeleteDevice] = DeviceAction("Delete Device"),
            // Approving, rejecting and unlocking let wipes go out: the simulator asks for the wipe rows (§9).
            [Ws1Action.ManageWipeProtection] = DeviceAction("Device Wipe"),
            // User and smart groups: the public table has no rows for them; the simulator's choice (docs/api-behaviour.md §9).
            [Ws1Action.ReadUserGroups] = new[] { "API > REST > Users (Read)", UserDetailRead },
            [Ws1Action.ChangeUserGroupMembers] = new[]
            {
                "Accounts > User Groups > User Groups > Add/Edit (Edit)",
                UserDetailRead,
                "API > REST > Users (Read and Edit)",
            },
            [Ws1Action.ReadSmartGroups] = new[] { "API > REST > Devices (Read)" },
        };

        /// <summary>What every device action needs: REST Devices (Edit), its own Device Details row and Device Details Edit.</summary>
        private static string[] DeviceAction(string row) => new[]
        {
            "API > REST > Devices (Read and Edit)",
            $"Device Management > Device Details > {row} (Edit)",
            "Device Management > Device Details > Edit (Edit)",
            UserDetailRead,
            AppsRead,
        };

        public static IReadOnlyList<string> For(Ws1Action action) =>
            action == Ws1Action.RawRequest ? ForPath("GET", null) : Needed[action];

        /// <summary>
        /// The rows a call needs, from its method and path where the path names an area: a raw request is not one of
        /// the module's actions, so the REST permission of its area is named, with the console rows left to the caller.
        /// </summary>
        public static IReadOnlyList<string> For(Ws1Action action, string method, string path) =>
            action == Ws1Action.RawRequest ? ForPath(method, path) : For(action);

        private static IReadOnlyList<string> ForPath(string method, string? path)
        {
            string p = (path ?? string.Empty).ToLowerInvariant();
            string? area = p.StartsWith("system/users", System.StringComparison.Ordinal) ? "Users"
                : p.StartsWith("mdm/", System.StringComparison.Ordinal) ? "Devices"
                : p.StartsWith("mam/", System.StringComparison.Ordinal) ? "Apps"
                : null;
            bool read = string.Equals(method, "GET", System.StringComparison.OrdinalIgnoreCase);
            string access = read ? "(Read)" : "(Read and Edit)";
            string rest = area != null ? $"API > REST > {area} {access}" : $"API > REST > Users, Devices or Apps {access}, whichever area the path belongs to";
            return read
                ? new[] { rest }
                : new[] { rest, "the console rows of what the call changes (Get-Help about_WorkspaceOneUem lists them for the module's own actions)" };
        }

        /// <summary>What a request not sent after a 403 refused the same action says (its 403 is the error).</summary>
        internal static string NotSentAfterRefusal(string accountName, Ws1Action action) =>
            $"Not sent: the admin role of account '{accountName}' may not {Describe(action)} (see the PermissionDenied error).";

        public static string Describe(Ws1Action action)
        {
            switch (action)
            {
                case Ws1Action.Connect: return "connect";
                case Ws1Action.ReadUsers: return "read users";
                case Ws1Action.ReadDevices: return "read devices";
                case Ws1Action.ReadApps: return "read apps";
                case Ws1Action.ReadGroups: return "read organization groups";
                case Ws1Action.AddUser: return "add a user";
                case Ws1Action.EditUser: return "change a user";
                case Ws1Action.DeleteUser: return "delete a user";
                case Ws1Action.LockDevice: return "lock a device";
                case Ws1Action.WipeDevice: return "wipe a device";
                case Ws1Action.ClearDevicePasscode: return "clear a device's passcode";
                case Ws1Action.QueryDevice: return "query (sync) a device";
                case Ws1Action.RestartDevice: return "restart a device";
                case Ws1Action.ShutDownDevice: return "shut down a device";
                case Ws1Action.SendDeviceMessage: return "send a message to a device";
                case Ws1Action.DeleteDevice: return "delete a device";
                case Ws1Action.ManageWipeProtection: return "approve, reject or unlock wipes held by wipe protection";
                case Ws1Action.RawRequest: return "make this call";
                case Ws1Action.ReadUserGroups: return "read user groups";
                case Ws1Action.ChangeUserGroupMembers: return "change the members of a user group";
                case Ws1Action.ReadSmartGroups: return "read smart groups";
                default: return action.ToString();
            }
        }
    }
}
