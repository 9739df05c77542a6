using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using WorkspaceOneUem.Client.Dtos;
using WorkspaceOneUem.Client.Http;

namespace WorkspaceOneUem.Client
{
    /// <summary>
    /// What a session can do, found out with the smallest harmless calls. Actions that change the tenant
    /// (lock, wipe, add or delete a user) cannot be probed without doing them, so they are listed as not probed,
    /// with the permissions they need.
    /// </summary>
    internal static class ConnectionTester
    {
        private static readonly Ws1Action[] UnprobedActions =
        {
            Ws1Action.LockDevice, Ws1Action.WipeDevice, Ws1Action.ClearDevicePasscode, Ws1Action.QueryDevice, Ws1Action.RestartDevice,
            Ws1Action.ShutDownDevice, Ws1Action.SendDeviceMessage, Ws1Action.DeleteDevice, Ws1Action.AddUser, Ws1Action.EditUser, Ws1Action.DeleteUser,
        };

        public static async Task<Ws1ConnectionTest> RunAsync(Ws1Session session, Ws1Transport transport, CancellationToken ct)
        {
            var test = new Ws1ConnectionTest { AccountName = session.AccountName, Server = session.Server };
            var checks = new List<Ws1ConnectionCheck>();
            test.Checks = checks;

            var connect = new Ws1ConnectionCheck { Name = "Reach and authenticate", RequiredPermissions = Ws1Permissions.For(Ws1Action.Connect) };
            checks.Add(connect);
            try
            {
                Ws1SystemInfo? info = await session.GetSystemInfoAsync(ct).ConfigureAwait(false);
                test.Reachable = true;
                test.Authenticated = true;
                test.ProductName = info?.ProductName;
                test.ProductVersion = info?.ProductVersion;
                connect.Result = Ws1CheckResult.Passed;
                connect.Message = $"{info?.ProductName} {info?.ProductVersion}".Trim();
            }
            catch (Ws1ApiException ex)
            {
                test.Reachable = IsReachable(ex);
                test.Authenticated = test.Reachable && !IsAuthentication(ex);
                connect.Result = ex.Kind == Ws1ErrorKind.PermissionDenied ? Ws1CheckResult.Denied : Ws1CheckResult.Failed;
                connect.Message = ex.Message;
            }

            bool canProbe = test.Reachable && test.Authenticated;
            test.CanReadUsers = await ProbeAsync(checks, "Read users", "system/users/search", Ws1Action.ReadUsers, SearchAnswer<UserSearchPage>.Read, canProbe, transport, ct).ConfigureAwait(false);
            test.CanReadDevices = await ProbeAsync(checks, "Read devices", "mdm/devices/search", Ws1Action.ReadDevices, SearchAnswer<DeviceSearchPage>.Read, canProbe, transport, ct).ConfigureAwait(false);
            test.CanReadApps = await ProbeAsync(checks, "Read apps", "mam/apps/search", Ws1Action.ReadApps, SearchAnswer<AppSearchPage>.Read, canProbe, transport, ct).ConfigureAwait(false);

            foreach (Ws1Action action in UnprobedActions)
            {
                checks.Add(new Ws1ConnectionCheck
                {
                    Name = Capitalize(Ws1Permissions.Describe(action)),
                    Result = Ws1CheckResult.NotProbed,
                    RequiredPermissions = Ws1Permissions.For(action),
                    Message = "Not probed: only doing it would tell, and that changes the tenant. RequiredPermissions lists what the role needs.",
                });
            }

            // Read after the probes: the quota figures are those of the last answer just received.
            Ws1RateLimitStatus? rate = session.RateLimit;
            if (rate != null)
            {
                test.RateLimit = rate.Limit;
                test.RateLimitRemaining = rate.Remaining;
                test.RateLimitResetsAt = rate.ResetsAt;
            }
            test.Status = StatusOf(test, connect, checks);
            return test;
        }

        private static string StatusOf(Ws1ConnectionTest test, Ws1ConnectionCheck connect, List<Ws1ConnectionCheck> checks)
        {
            if (!test.Reachable)
                return "Unreachable: " + connect.Message;
            if (!test.Authenticated)
                return "Not authenticated: " + connect.Message;
            if (connect.Result != Ws1CheckResult.Passed)
                return "Failed: " + connect.Message;
            List<Ws1ConnectionCheck> refused = checks.FindAll(c => c.Result == Ws1CheckResult.Denied || c.Result == Ws1CheckResult.Failed);
            if (refused.Count > 0)
                return string.Join(" ", refused.ConvertAll(c => $"{c.Name}: {c.Result}. {c.Message}"));
            string quota = test.RateLimit.HasValue ? $"; {test.RateLimitRemaining:N0} of {test.RateLimit:N0} requests left today" : string.Empty;
            return $"OK: {test.ProductName} {test.ProductVersion}{quota}".Trim();
        }

        /// <summary>
        /// A one-record first page: the cheapest read that proves the permission (204 counts as success). The page is
        /// read as a listing reads it, so an answer a listing could not use does not pass.
        /// </summary>
        private static async Task<bool> ProbeAsync<TPage>(List<Ws1ConnectionCheck> checks, string name, string path, Ws1Action action, Func<JsonReader, TPage> readPage,
            bool canProbe, Ws1Transport transport, CancellationToken ct)
            where TPage : class
        {
            var check = new Ws1ConnectionCheck { Name = name, RequiredPermissions = Ws1Permissions.For(action) };
            checks.Add(check);
            if (!canProbe)
            {
                check.Result = Ws1CheckResult.Failed;
                check.Message = "Not tried: the connection check failed.";
                return false;
            }
            var request = new ApiRequest(HttpMethod.Get, path + "?page=0&pagesize=1", action, $"probe: {Ws1Permissions.Describe(action)}");
            try
            {
                await transport.SendAsync(request, readPage, ct).ConfigureAwait(false);
                check.Result = Ws1CheckResult.Passed;
                return true;
            }
            catch (Ws1ApiException ex)
            {
                check.Result = ex.Kind == Ws1ErrorKind.PermissionDenied ? Ws1CheckResult.Denied : Ws1CheckResult.Failed;
                check.Message = ex.Message;
                return false;
            }
        }

        private static bool IsReachable(Ws1ApiException ex) =>
            ex.Kind != Ws1ErrorKind.ConnectionFailed && ex.Kind != Ws1ErrorKind.Timeout && ex.Kind != Ws1ErrorKind.HtmlResponse
            && ex.Kind != Ws1ErrorKind.XmlResponse && ex.Kind != Ws1ErrorKind.Redirected && ex.Kind != Ws1ErrorKind.CertificateInvalid
            && ex.Kind != Ws1ErrorKind.ProxyAuthenticationRequired;

        private static bool IsAuthentication(Ws1ApiException ex)
        {
            switch (ex.Kind)
            {
                case Ws1ErrorKind.InvalidApiKey:
                case Ws1ErrorKind.InvalidCredentials:
                case Ws1ErrorKind.NoApiAccess:
                case Ws1ErrorKind.TokenRejected:
                case Ws1ErrorKind.Unauthorized:
                case Ws1ErrorKind.CertificateRejected:
                case Ws1ErrorKind.CertificateExpired:
                case Ws1ErrorKind.CertificateNotYetValid:
                case Ws1ErrorKind.CertificateNoPrivateKey:
                case Ws1ErrorKind.CertificateUnusable:
                    return true;
                default:
                    return false;
            }
        }

        private static string Capitalize(string text) =>
            string.IsNullOrEmpty(text) ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
