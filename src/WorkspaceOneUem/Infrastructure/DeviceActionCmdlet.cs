using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Resolution;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>One device an action may touch, the session it belongs to, and why it would be skipped (or null).</summary>
    internal sealed class DeviceTarget
    {
        public DeviceTarget(Ws1Session session, Ws1Device device, string? skipReason)
        {
            Session = session;
            Device = device;
            SkipReason = skipReason;
        }

        public Ws1Session Session { get; }
        public Ws1Device Device { get; }
        public string? SkipReason { get; }
    }

    /// <summary>
    /// What the commands that act on devices share: taking users (all their devices, exact user match) or devices
    /// (piped from Get-Ws1Device, by id or serial number), each in its own account; asking per device on the
    /// pipeline thread; and, once the input has ended, sending the command for the approved devices in as few
    /// requests as the API allows (<see cref="DeviceCommandBatch"/>), with one result per device. A 403 stops that
    /// account's remaining devices (they would fail the same way). A cmdlet names its command, and may check the
    /// whole set of devices before anything is asked (<see cref="Check"/>, for -MaxDevices).
    /// </summary>
    public abstract class DeviceActionCmdlet : Ws1Cmdlet
    {
        protected const string InputObjectSet = "InputObject";
        protected const string NameSet = "UserName";
        protected const string IdSet = "UserId";
        protected const string DeviceIdSet = "DeviceId";
        protected const string SerialNumberSet = "SerialNumber";

        private const int SendingProgressId = 0x57_32;

        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<Ws1Session> _accounts = new List<Ws1Session>();
        private readonly Dictionary<Ws1Session, List<Ws1Device>> _approved = new Dictionary<Ws1Session, List<Ws1Device>>();

        /// <summary>
        /// Users from Get-Ws1User (all their devices) or devices from Get-Ws1Device, each acted on in its own account;
        /// user names, ids, or objects with Id/UserName/AccountName (taken as users).
        /// </summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public PSObject[]? InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        public string[]? UserName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [ValidateRange(1, long.MaxValue)]
        public long[]? UserId { get; set; }

        /// <summary>Device ids, read first so that the rules apply to what the tenant holds now.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceIdSet)]
        [ValidateRange(1, long.MaxValue)]
        public long[]? DeviceId { get; set; }

        /// <summary>Device serial numbers, looked up exactly.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SerialNumberSet)]
        [ValidateNotNullOrEmpty]
        public string[]? SerialNumber { get; set; }

        /// <summary>One account; no wildcards. Piped users or devices of another account are refused, not acted on.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string? AccountName { get; set; }

        /// <summary>
        /// How the devices of many users are found: Auto picks whichever of one search per user and one listing of the
        /// account's devices needs fewer requests; PerUser and Listing force one.
        /// </summary>
        [Parameter(ParameterSetName = InputObjectSet)]
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = IdSet)]
        public DeviceLookupPlan DeviceLookup { get; set; } = DeviceLookupPlan.Auto;

        /// <summary>Follow each device until the tenant shows the command done (or -Timeout): writes outcomes instead of results.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: how long to follow, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int Timeout { get; set; } = CommandFollowing.DefaultTimeoutSeconds;

        /// <summary>With -Wait: the longest pause between two rounds of reads, in seconds.</summary>
        [Parameter]
        [ValidateRange(0.05, 600)]
        public double? PollInterval { get; set; }

        private readonly List<KeyValuePair<Ws1Session, Ws1DeviceCommandResult>> _toFollow = new List<KeyValuePair<Ws1Session, Ws1DeviceCommandResult>>();

        /// <summary>The command this cmdlet sends.</summary>
        protected abstract Ws1DeviceCommand Command { get; }

        /// <summary>The unlock PIN sent with a macOS lock or full wipe; none for other commands.</summary>
        protected virtual SecureString? CommandUnlockPin => null;

        /// <summary>The message a message command carries.</summary>
        protected virtual DeviceMessage? CommandMessage => null;

        /// <summary>True where -Force answers the prompt (never -WhatIf).</summary>
        protected virtual bool Forced => false;

        /// <summary>Looks at every device the invocation found before any is asked for; may stop the invocation.</summary>
        private protected virtual void Check(IReadOnlyList<DeviceTarget> targets)
        {
        }

        private UserReferences? _users;
        private DeviceReferences? _devices;

        // Collect only: the devices are found, asked for and sent to once the whole input is known.
        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case DeviceIdSet:
                    Devices().AddGiven(DeviceId, null);
                    break;
                case SerialNumberSet:
                    Devices().AddGiven(null, SerialNumber);
                    break;
                case InputObjectSet:
                    foreach (PSObject item in InputObject!) // mandatory in this parameter set
                    {
                        if (item.BaseObject is Ws1Device device)
                            Devices().AddPiped(device);
                        else
                            Users().AddPiped(item);
                    }
                    break;
                default:
                    Users().AddGiven(UserId, UserName);
                    break;
            }
        }

        protected override void EndProcessing()
        {
            List<DeviceTarget> targets = Targets();
            Check(targets);
            Consider(targets);
            SendApproved();
            base.EndProcessing();
        }

        private UserReferences Users() => _users = _users ?? NewUserReferences(AccountName, DeviceLookup);

        private DeviceReferences Devices() => _devices = _devices ?? NewDeviceReferences(AccountName);

        /// <summary>
        /// Once the input has ended: the devices of every user, in input order, then the devices named directly; each
        /// device once per invocation. Where a user or device is resolved and how devices are found is the client's
        /// (<see cref="UserResolver"/>, <see cref="DeviceResolver"/>).
        /// </summary>
        private List<DeviceTarget> Targets()
        {
            var targets = new List<DeviceTarget>();
            // Rest() hands out Found outcomes only: they carry their session and user or device, and a user's devices
            // (this command's resolver asks for them).
            foreach (UserOutcome user in _users?.Rest() ?? Enumerable.Empty<UserOutcome>())
            {
                if (user.Devices!.Count == 0)
                {
                    WriteWarning($"User '{user.User!.UserName}' on account '{user.Session!.AccountName}' has no devices; nothing to {DeviceCommandRules.Verb(Command)}.");
                    continue;
                }
                foreach (Ws1Device device in user.Devices)
                    AddTarget(targets, user.Session!, device);
            }
            foreach (DeviceOutcome found in _devices?.Rest() ?? Enumerable.Empty<DeviceOutcome>())
                AddTarget(targets, found.Session!, found.Device!);
            return targets;
        }

        private void AddTarget(List<DeviceTarget> targets, Ws1Session session, Ws1Device device)
        {
            if (_seen.Add(session.AccountName + "\n" + device.Id))
                targets.Add(new DeviceTarget(session, device, DeviceCommandRules.SkipReason(device, Command)));
        }

        /// <summary>
        /// Stops the invocation before anything is asked or sent when more than <paramref name="maxDevices"/> devices
        /// would be acted on: for the commands that cannot be undone (wipe, delete).
        /// </summary>
        private protected void StopWhenMoreThan(int maxDevices, IReadOnlyList<DeviceTarget> targets)
        {
            List<DeviceTarget> acting = targets.Where(t => t.SkipReason == null).ToList();
            if (acting.Count <= maxDevices)
                return;
            int users = acting.Select(t => t.Session.AccountName + "\n" + t.Device.UserName).Distinct(StringComparer.OrdinalIgnoreCase).Count();
            string verb = DeviceCommandRules.Verb(Command);
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException($"This would {verb} {acting.Count} devices of {users} user(s), more than -MaxDevices {maxDevices}. Nothing was sent. Check the devices with Get-Ws1Device, then run again with -MaxDevices {acting.Count} if that is intended."),
                "Ws1.TooManyDevices", ErrorCategory.LimitsExceeded, acting.Count));
        }

        /// <summary>
        /// Asks for each device and keeps the approved ones for <see cref="SendApproved"/>; nothing is sent here. A
        /// device that cannot take the command is reported Skipped at once; a declined one (or -WhatIf) gets no result.
        /// </summary>
        private void Consider(IEnumerable<DeviceTarget> targets)
        {
            foreach (DeviceTarget target in targets)
            {
                Ws1Device device = target.Device;
                if (target.SkipReason != null)
                {
                    Emit(target.Session, new[] { Ws1DeviceCommandResult.Skipped(device, Command, target.SkipReason) });
                    continue;
                }
                string what = device.UserName != null
                    ? $"device {device.Describe()} of user '{device.UserName}' on account '{target.Session.AccountName}'"
                    : $"device {device.Describe()} on account '{target.Session.AccountName}'";
                if (!ShouldProcess(what, DeviceCommandRules.CommandText(Command), Forced))
                    continue;
                if (!_approved.TryGetValue(target.Session, out List<Ws1Device>? devices))
                {
                    _approved[target.Session] = devices = new List<Ws1Device>();
                    _accounts.Add(target.Session);
                }
                devices.Add(device);
            }
        }

        /// <summary>Sends the command for the approved devices, account by account, and writes one result per device.</summary>
        private void SendApproved()
        {
            for (int i = 0; i < _accounts.Count; i++)
            {
                Ws1Session session = _accounts[i];
                try
                {
                    Send(session, _approved[session]);
                }
                catch (Exception ex) when (CancelToken.IsCancellationRequested && (ex is OperationCanceledException || ex is PipelineStoppedException))
                {
                    foreach (Ws1Session later in _accounts.Skip(i + 1))
                        TellStopped(later, Array.Empty<Ws1DeviceCommandResult>(), NotSent(_approved[later]));
                    throw;
                }
            }
            if (Wait)
                CommandFollowing.Run(this, _toFollow, Timeout, PollInterval);
        }

        /// <summary>Writes results, or keeps them to follow with -Wait.</summary>
        private void Emit(Ws1Session session, IEnumerable<Ws1DeviceCommandResult> results)
        {
            foreach (Ws1DeviceCommandResult result in results)
            {
                if (Wait)
                    _toFollow.Add(new KeyValuePair<Ws1Session, Ws1DeviceCommandResult>(session, result));
                else
                    WriteObject(result);
            }
        }

        private List<Ws1DeviceCommandResult> NotSent(IEnumerable<Ws1Device> devices) =>
            devices.Select(d => Ws1DeviceCommandResult.For(d, Command, Ws1DeviceCommandStatus.NotSent, "Not sent: the command was stopped first.")).ToList();

        /// <summary>
        /// Ctrl+C stops the pipeline, so nothing more can be written to it: the host is told, device by device, what
        /// was done, what was on the wire (outcome unknown) and what was not sent, so nobody has to guess.
        /// </summary>
        private void TellStopped(Ws1Session session, IReadOnlyCollection<Ws1DeviceCommandResult> done, IReadOnlyCollection<Ws1DeviceCommandResult> unsettled)
        {
            string command = DeviceCommandRules.CommandText(Command);
            var text = new System.Text.StringBuilder();
            text.Append($"Stopped while sending {command} on account '{session.AccountName}': {done.Count} device(s) answered before the stop");
            foreach (IGrouping<Ws1DeviceCommandStatus, Ws1DeviceCommandResult> group in unsettled.GroupBy(r => r.Status))
            {
                string what = group.Key == Ws1DeviceCommandStatus.OutcomeUnknown ? "OutcomeUnknown (on the wire: may or may not have taken it; check before sending again)"
                    : group.Key == Ws1DeviceCommandStatus.NotSent ? "NotSent" : group.Key.ToString();
                text.Append($"; {group.Count()} {what}: device id(s) {string.Join(", ", group.Select(r => r.DeviceId))}");
            }
            text.Append('.');
            try
            {
                Host?.UI?.WriteWarningLine(text.ToString());
            }
            catch (Exception ex) when (ex is PipelineStoppedException || ex is InvalidOperationException || ex is NotSupportedException)
            {
                // A host that cannot show it now: the exception below still ends the command.
            }
        }

        private void Send(Ws1Session session, List<Ws1Device> devices)
        {
            string command = DeviceCommandRules.CommandText(Command);
            DeviceCommandBatch? batch = null;
            var answered = new List<Ws1DeviceCommandResult>();
            try
            {
                batch = session.Devices.Batch(devices, Command, CommandUnlockPin, BulkLimits(session, devices), CommandMessage);
                Dictionary<long, Ws1Device> byId = devices.ToDictionary(d => d.Id);
                var progress = new ProgressRecord(SendingProgressId, $"Sending {command} to devices on account '{session.AccountName}'", $"0 of {batch.Count} devices");
                // A wipe's result waits for the wipe-protection queue, read once all are sent.
                var wipes = new List<Ws1DeviceCommandResult>();
                try
                {
                    WriteProgress(progress);
                    while (!batch.IsComplete)
                    {
                        IReadOnlyList<Ws1DeviceCommandResult> step = Await(ct => batch.SendNextAsync(ct));
                        answered.AddRange(step);
                        List<ErrorRecord> errors = ErrorsOf(step, byId);
                        if (DeviceCommandRules.IsWipe(Command))
                            wipes.AddRange(step);
                        else
                            Emit(session, step);
                        errors.ForEach(WriteError);
                        progress.StatusDescription = $"{answered.Count} of {batch.Count} devices";
                        progress.PercentComplete = (int)(answered.Count * 100L / batch.Count);
                        WriteProgress(progress);
                    }
                }
                finally
                {
                    CompleteProgress(progress);
                }
                if (wipes.Count > 0)
                    Emit(session, Await(ct => session.Devices.ApplyWipeProtectionAsync(wipes, ct)));
            }
            catch (Exception ex) when (CancelToken.IsCancellationRequested && (ex is OperationCanceledException || ex is PipelineStoppedException))
            {
                IReadOnlyList<Ws1DeviceCommandResult> unsettled = batch != null
                    ? batch.Stopped()
                    : NotSent(devices);
                TellStopped(session, answered, unsettled);
                throw;
            }
        }

        /// <summary>The tenant's bulk limits, read only when some device can go in bulk; without them each device gets its own request.</summary>
        private Ws1BulkCommandLimits? BulkLimits(Ws1Session session, List<Ws1Device> devices)
        {
            if (!devices.Any(d => DeviceCommandRules.CanSendInBulk(d, Command, CommandUnlockPin)))
                return null;
            Ws1BulkCommandLimits? limits = Await(ct => session.Devices.GetBulkLimitsOrWarnAsync(ct));
            if (limits != null)
            {
                long limit = limits.For(Command);
                WriteVerbose(limit > 0
                    ? $"Account '{session.AccountName}' takes {DeviceCommandRules.CommandText(Command)} for at most {limit} devices per bulk request."
                    : $"Account '{session.AccountName}' sets no bulk limit for {DeviceCommandRules.CommandText(Command)}: each device gets its own request.");
            }
            return limits;
        }

        /// <summary>
        /// One error record per failure: a request that failed as a whole gives one record for all its devices, a
        /// bulk fault one for its device. The client's message tells a device without a PIN it needs how to give
        /// one; the record carries that as its recommended action too.
        /// </summary>
        private List<ErrorRecord> ErrorsOf(IEnumerable<Ws1DeviceCommandResult> results, Dictionary<long, Ws1Device> devices)
        {
            var errors = new List<ErrorRecord>();
            foreach (IGrouping<Ws1ApiException, Ws1DeviceCommandResult> failure in results.Where(r => r.GetError() != null).GroupBy(r => r.GetError()!))
            {
                Ws1ApiException ex = failure.Key;
                Ws1Device[] concerned = failure.Select(r => devices[r.DeviceId]).ToArray();
                ErrorRecord error = ErrorFrom(ex, concerned.Length == 1 ? (object)concerned[0] : concerned);
                if (ex.ErrorCode == DeviceApi.UnlockPinRequiredErrorCode && CommandUnlockPin == null)
                    error.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = DeviceApi.UnlockPinAdvice };
                errors.Add(error);
            }
            return errors;
        }
    }
}
