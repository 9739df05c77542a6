using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>One device an action may touch, the session it belongs to, and why it would be skipped (or null).</summary>
    internal sealed class DeviceTarget
    {
        public Ws1Session Session { get; set; }
        public Ws1Device Device { get; set; }
        public string SkipReason { get; set; }
    }

    /// <summary>
    /// What the commands that act on a user's devices share: taking users from the pipeline, by exact name or
    /// by id; finding their devices (exact user match); and sending the command per device after ShouldProcess,
    /// with one result per device. A 403 stops that account's remaining devices (they would fail the same way).
    /// </summary>
    public abstract class DeviceActionCmdlet : Ws1Cmdlet
    {
        protected const string InputObjectSet = "InputObject";
        protected const string NameSet = "UserName";
        protected const string IdSet = "UserId";

        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<Ws1Session> _denied = new HashSet<Ws1Session>();
        private UserDeviceFinder _finder;

        /// <summary>Users from Get-Ws1User (each acted on in its own account), user names, ids, or objects with Id/UserName/AccountName.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public PSObject[] InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        public string[] UserName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [ValidateRange(1, long.MaxValue)]
        public long[] UserId { get; set; }

        /// <summary>One account; no wildcards. Piped users of another account are refused, not acted on.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string AccountName { get; set; }

        /// <summary>The 6-digit PIN that macOS devices need for lock and full wipe; sent with the v2 command.</summary>
        [Parameter]
        [SecureStringTransformation]
        [ValidateNotNull]
        public SecureString UnlockPin { get; set; }

        /// <summary>The command this cmdlet sends.</summary>
        protected abstract Ws1DeviceCommand Command { get; }

        private UserDeviceFinder Finder => _finder ?? (_finder = new UserDeviceFinder(this));

        protected override void BeginProcessing()
        {
            if (UnlockPin != null && !DeviceApi.IsValidUnlockPin(UnlockPin))
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-UnlockPin must be exactly 6 digits."),
                    "Ws1.InvalidUnlockPin", ErrorCategory.InvalidArgument, null));
            }
        }

        /// <summary>ShouldProcess for one device; overridden where -Force may skip the prompt.</summary>
        protected virtual bool Approve(string target, string action) => ShouldProcess(target, action);

        /// <summary>The devices of the users in the current pipeline input, each once per invocation.</summary>
        internal List<DeviceTarget> CollectTargets()
        {
            var targets = new List<DeviceTarget>();
            foreach ((Ws1Session session, Ws1User user) in UsersOfInput())
            {
                List<Ws1Device> devices = Finder.DevicesOf(session, NameFilter.Exact(user.UserName)).ToList();
                if (devices.Count == 0)
                {
                    WriteWarning($"User '{user.UserName}' on account '{session.AccountName}' has no devices; nothing to {DeviceApi.CommandText(Command).ToLowerInvariant()}.");
                    continue;
                }
                foreach (Ws1Device device in devices)
                {
                    if (!_seen.Add(session.AccountName + "\n" + device.Id))
                        continue;
                    targets.Add(new DeviceTarget { Session = session, Device = device, SkipReason = DeviceApi.SkipReason(device) });
                }
            }
            return targets;
        }

        private IEnumerable<(Ws1Session, Ws1User)> UsersOfInput()
        {
            if (ParameterSetName == InputObjectSet)
            {
                foreach (PSObject item in InputObject)
                {
                    if (item.BaseObject is Ws1Device device)
                    {
                        // A device's Id is no user id: refuse rather than guess which user was meant.
                        WriteError(new ErrorRecord(new ArgumentException($"Device {device.Describe()} was piped in; this command acts on users. Pipe users (Get-Ws1User), or give -UserName '{device.UserName}'."),
                            "Ws1.DeviceInput", ErrorCategory.InvalidArgument, device));
                        continue;
                    }
                    foreach ((Ws1Session, Ws1User) found in Finder.UsersOf(UserInput.From(item), AccountName, () => ResolveSession(AccountName)))
                        yield return found;
                }
                yield break;
            }

            Ws1Session session = ResolveSession(AccountName);
            if (ParameterSetName == IdSet)
            {
                foreach (long id in UserId)
                {
                    Ws1User user = Finder.UserWithId(session, id);
                    if (user != null)
                        yield return (session, user);
                }
                yield break;
            }
            foreach (string name in UserName)
            {
                foreach (Ws1User user in Finder.UsersNamed(session, name))
                    yield return (session, user);
            }
        }

        /// <summary>Asks for each device, sends, and writes one result per device (none for a device declined or under -WhatIf).</summary>
        internal void Execute(IEnumerable<DeviceTarget> targets)
        {
            foreach (DeviceTarget target in targets)
            {
                Ws1Device device = target.Device;
                if (target.SkipReason != null)
                {
                    WriteObject(Ws1DeviceCommandResult.Skipped(device, Command, target.SkipReason));
                    continue;
                }
                if (_denied.Contains(target.Session))
                {
                    WriteObject(Ws1DeviceCommandResult.For(device, Command, Ws1DeviceCommandStatus.Failed,
                        $"Not sent: the admin role of account '{device.AccountName}' may not {Ws1Permissions.Describe(Action)} (see the PermissionDenied error)."));
                    continue;
                }
                string what = $"device {device.Describe()} of user '{device.UserName}' on account '{device.AccountName}'";
                if (!Approve(what, DeviceApi.CommandText(Command)))
                    continue;
                // One device per batch for now; the batch is where bulk commands plug in.
                foreach (Ws1DeviceCommandResult result in SendBatch(target.Session, new[] { device }))
                    WriteObject(result);
            }
        }

        private Ws1Action Action => Command == Ws1DeviceCommand.Lock ? Ws1Action.LockDevice : Ws1Action.WipeDevice;

        private List<Ws1DeviceCommandResult> SendBatch(Ws1Session session, IReadOnlyList<Ws1Device> devices)
        {
            var results = new List<Ws1DeviceCommandResult>();
            foreach (Ws1Device device in devices)
            {
                try
                {
                    results.Add(Await(ct => session.Devices.SendCommandAsync(device, Command, UnlockPin, ct)));
                }
                catch (Ws1ApiException ex)
                {
                    results.Add(Failure(session, device, ex));
                }
            }
            if (Command != Ws1DeviceCommand.Lock)
                results = Await(ct => session.Devices.ApplyWipeProtectionAsync(results, ct)).ToList();
            return results;
        }

        private Ws1DeviceCommandResult Failure(Ws1Session session, Ws1Device device, Ws1ApiException ex)
        {
            ErrorRecord error = ErrorFrom(ex, device);
            Ws1DeviceCommandResult result = Ws1DeviceCommandResult.Failed(device, Command, ex);
            if (ex.Kind == Ws1ErrorKind.PermissionDenied)
            {
                _denied.Add(session);
            }
            else if (ex.ErrorCode == DeviceApi.UnlockPinRequiredErrorCode && UnlockPin == null)
            {
                string advice = "Give the device's 6-digit unlock PIN with -UnlockPin; it is sent with the v2 command.";
                result.Message += " " + advice;
                error.ErrorDetails = new ErrorDetails(ex.Message + " " + advice) { RecommendedAction = advice };
            }
            WriteError(error);
            return result;
        }
    }
}
