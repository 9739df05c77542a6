using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace WorkspaceOneUem.Client.Offboarding
{
    /// <summary>
    /// Carries out the planned steps of the users of one account, step by step in the fixed order (disable, lock, wipe,
    /// user groups, delete), each step for all its users at once in as few requests as the API allows. Only what the
    /// plan left to send is sent, each request once: an answer that was lost is OutcomeUnknown, never resent. A step
    /// that did not finish for a user (failed, outcome unknown, wipe held) stops that user's later steps; the other users
    /// go on. Knows nothing of PowerShell.
    /// </summary>
    public sealed class OffboardingRun
    {
        private readonly Ws1Session _session;
        private readonly IReadOnlyList<OffboardingUserPlan> _users;
        private readonly OffboardingOptions _options;
        private readonly Dictionary<OffboardingAction, Ws1OffboardingResult> _results = new Dictionary<OffboardingAction, Ws1OffboardingResult>();

        // Settled while running, before their step came: devices the tenant wiped itself when their user was disabled.
        private readonly Dictionary<OffboardingAction, Ws1OffboardingResult> _settledEarly = new Dictionary<OffboardingAction, Ws1OffboardingResult>();
        private readonly Dictionary<OffboardingUserPlan, string> _stopped = new Dictionary<OffboardingUserPlan, string>();
        private Ws1BulkCommandLimits? _limits;
        private bool _limitsRead;

        /// <param name="users">Planned users of <paramref name="session"/>'s account; their settled actions are reported as planned.</param>
        public OffboardingRun(Ws1Session session, IReadOnlyList<OffboardingUserPlan> users, OffboardingOptions options)
        {
            _session = session ?? throw new ArgumentNullException(nameof(session));
            _users = users ?? throw new ArgumentNullException(nameof(users));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (users.Any(u => u.Session != session))
                throw new ArgumentException("Every user of a run belongs to its session's account.", nameof(users));
        }

        /// <summary>Follows the wipes sent until the tenant shows them done (-Wait); null sends them and moves on.</summary>
        public DeviceCommandFollower? Follower { get; set; }

        /// <summary>With <see cref="Follower"/>: how long to follow the wipes.</summary>
        public TimeSpan FollowTimeout { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>The step being sent; null before the run and once it has ended.</summary>
        public Ws1OffboardingStep? CurrentStep { get; private set; }

        /// <summary>The results so far, in plan order: user by user, step by step, device by device.</summary>
        public IReadOnlyList<Ws1OffboardingResult> Results =>
            _users.SelectMany(u => u.Actions).Where(a => _results.ContainsKey(a)).Select(a => _results[a]).ToList();

        /// <summary>Runs every step; returns one result per planned action, in plan order.</summary>
        public async Task<IReadOnlyList<Ws1OffboardingResult>> RunAsync(CancellationToken ct)
        {
            foreach (Ws1OffboardingStep step in _options.Steps)
            {
                CurrentStep = step;
                var sending = new List<OffboardingAction>();
                foreach (OffboardingAction action in _users.SelectMany(u => u.Actions).Where(a => a.Step == step))
                {
                    if (action.Settled != null)
                        _results[action] = action.Settled;
                    else if (_settledEarly.TryGetValue(action, out Ws1OffboardingResult? early))
                        _results[action] = early;
                    else if (_stopped.TryGetValue(action.User, out string? why))
                        _results[action] = action.Result(Ws1OffboardingStatus.Skipped, why);
                    else
                        sending.Add(action);
                }
                if (sending.Count > 0)
                {
                    Ws1Diagnostics.Verbose($"{step} on account '{_session.AccountName}': {OffboardingUserPlan.Count(sending.Count, "action")} for {OffboardingUserPlan.Count(sending.Select(a => a.User).Distinct().Count(), "user")}.");
                    await SendAsync(step, sending, ct).ConfigureAwait(false);
                }
                // A step that did not finish stops the user's later steps, not the rest of this one.
                foreach (OffboardingAction action in _users.SelectMany(u => u.Actions).Where(a => a.Step == step))
                    NoteStop(action, _results[action]);
            }
            CurrentStep = null;
            return Results;
        }

        private void NoteStop(OffboardingAction action, Ws1OffboardingResult result)
        {
            if (_stopped.ContainsKey(action.User))
                return;
            if (result.Status == Ws1OffboardingStatus.Failed || result.Status == Ws1OffboardingStatus.OutcomeUnknown)
                _stopped[action.User] = $"Not sent: an earlier step failed ({action.Step}: {result.Status}).";
            else if (result.Status == Ws1OffboardingStatus.Held)
                _stopped[action.User] = "Not sent: an earlier step is held (a wipe waits for approval in wipe protection). Approve or reject it, then run again to finish.";
        }

        private Task SendAsync(Ws1OffboardingStep step, List<OffboardingAction> actions, CancellationToken ct)
        {
            switch (step)
            {
                case Ws1OffboardingStep.Disable:
                    return DisableAsync(actions, ct);
                case Ws1OffboardingStep.LockDevice:
                    return LockAsync(actions, ct);
                case Ws1OffboardingStep.WipeDevice:
                    return WipeAsync(actions, ct);
                case Ws1OffboardingStep.RemoveFromUserGroup:
                    return RemoveFromGroupsAsync(actions, ct);
                default:
                    return DeleteAsync(actions, ct);
            }
        }

        private async Task DisableAsync(List<OffboardingAction> actions, CancellationToken ct)
        {
            Ws1UserChangeResult answer = await _session.Users.DeactivateAsync(actions.Select(a => a.User.User!).ToList(), ct).ConfigureAwait(false);
            var byUser = actions.ToDictionary(a => a.User.User!.Id);
            foreach (Ws1User user in answer.Changed)
                _results[byUser[user.Id]] = byUser[user.Id].Result(Ws1OffboardingStatus.Done, "Deactivated: the user can no longer sign in or enroll, and holds no license.");
            foreach (Ws1UserChangeFailure failure in answer.Failed)
                _results[byUser[failure.User.Id]] = FromError(byUser[failure.User.Id], failure.Error);
            await RecheckDevicesAsync(answer.Changed.Select(u => byUser[u.Id].User).ToList(), ct).ConfigureAwait(false);
        }

        /// <summary>
        /// A tenant may be set to wipe the devices of a user it deactivates (the wipe log shows those with the source
        /// USER_DISABLED). The devices of the users just disabled are read again, one search per user: a device the
        /// tenant has put into a wipe gets neither a lock nor a second wipe.
        /// </summary>
        private async Task RecheckDevicesAsync(List<OffboardingUserPlan> disabled, CancellationToken ct)
        {
            List<OffboardingUserPlan> users = disabled.Where(u => u.ToSend.Any(a => a.Device != null)).ToList();
            if (users.Count == 0)
                return;
            using (var gate = new SemaphoreSlim(Math.Max(1, _session.PageConcurrency)))
            {
                await Task.WhenAll(users.Select(async user =>
                {
                    await gate.WaitAsync(ct).ConfigureAwait(false);
                    try
                    {
                        var now = new Dictionary<long, Ws1Device>();
                        await foreach (Ws1Device device in _session.Devices.SearchAsync(new DeviceSearch { UserName = user.UserName }, ct).ConfigureAwait(false))
                            now[device.Id] = device;
                        lock (_settledEarly)
                        {
                            foreach (OffboardingAction action in user.ToSend.Where(a => a.Device != null))
                            {
                                if (now.TryGetValue(action.Device!.Id, out Ws1Device? device) && !string.Equals(device.EnrollmentStatus, Ws1Device.Enrolled, StringComparison.OrdinalIgnoreCase))
                                    _settledEarly[action] = MovedSinceDisable(action, device.EnrollmentStatus ?? "unknown");
                            }
                        }
                    }
                    catch (Ws1ApiException ex)
                    {
                        Ws1Diagnostics.Warning($"The devices of user '{user.UserName}' on account '{_session.AccountName}' could not be read again after it was disabled, so its device steps go out as planned: {ex.Message}");
                    }
                    finally
                    {
                        gate.Release();
                    }
                })).ConfigureAwait(false);
            }
        }

        private static Ws1OffboardingResult MovedSinceDisable(OffboardingAction action, string status)
        {
            string cause = $"The device went to {status} once the user was disabled (the tenant wipes the devices of disabled users: wipe source USER_DISABLED)";
            if (action.Step == Ws1OffboardingStep.LockDevice)
                return action.Result(Ws1OffboardingStatus.Skipped, cause + ": it was not locked.");
            if (!DeviceCommandRules.IsWipePending(status) && !DeviceCommandRules.IsUnenrolled(status))
                return action.Result(Ws1OffboardingStatus.Skipped, cause + ": it can take no wipe.");
            string lost = action.WipeType == Ws1WipeType.Full && status.IndexOf("Enterprise", StringComparison.OrdinalIgnoreCase) >= 0
                ? " The full wipe planned for it can no longer be sent: reset the device by hand if it must be erased."
                : string.Empty;
            return action.Result(Ws1OffboardingStatus.AlreadyDone, cause + ": no further wipe was sent." + lost);
        }

        private async Task LockAsync(List<OffboardingAction> actions, CancellationToken ct)
        {
            List<Ws1DeviceCommandResult> sent = await SendDeviceCommandAsync(Ws1DeviceCommand.Lock, actions, ct).ConfigureAwait(false);
            Settle(actions, sent);
        }

        /// <summary>Full and enterprise wipes, each in as few requests as the API allows; then held ones are read from the wipe log.</summary>
        private async Task WipeAsync(List<OffboardingAction> actions, CancellationToken ct)
        {
            var sent = new List<Ws1DeviceCommandResult>();
            foreach (IGrouping<Ws1DeviceCommand, OffboardingAction> command in actions.GroupBy(a => a.Command!.Value))
            {
                // Full and enterprise wipes need the same permission: after a 403 on one, the other is not sent either.
                if (Refusal(sent) != null)
                    sent.AddRange(command.Select(a => Ws1DeviceCommandResult.For(a.Device!, command.Key, Ws1DeviceCommandStatus.Failed,
                        Ws1Permissions.NotSentAfterRefusal(_session.AccountName, Ws1Action.WipeDevice))));
                else
                    sent.AddRange(await SendDeviceCommandAsync(command.Key, command.ToList(), ct).ConfigureAwait(false));
            }
            IReadOnlyList<Ws1DeviceCommandResult> checkedResults = await _session.Devices.ApplyWipeProtectionAsync(sent, ct).ConfigureAwait(false);
            Settle(actions, checkedResults);
            if (Follower != null)
                await FollowAsync(actions, ct).ConfigureAwait(false);
        }

        private async Task<List<Ws1DeviceCommandResult>> SendDeviceCommandAsync(Ws1DeviceCommand command, List<OffboardingAction> actions, CancellationToken ct)
        {
            List<Ws1Device> devices = actions.Select(a => a.Device!).ToList();
            Ws1BulkCommandLimits? limits = devices.Any(d => DeviceCommandRules.CanSendInBulk(d, command, _options.UnlockPin)) ? await LimitsAsync(ct).ConfigureAwait(false) : null;
            DeviceCommandBatch batch = _session.Devices.Batch(devices, command, _options.UnlockPin, limits);
            var sent = new List<Ws1DeviceCommandResult>();
            while (!batch.IsComplete)
                sent.AddRange(await batch.SendNextAsync(ct).ConfigureAwait(false));
            return sent;
        }

        /// <summary>The tenant's bulk limits, read once per run; without them each device gets its own request.</summary>
        private async Task<Ws1BulkCommandLimits?> LimitsAsync(CancellationToken ct)
        {
            if (!_limitsRead)
                _limits = await _session.Devices.GetBulkLimitsOrWarnAsync(ct).ConfigureAwait(false);
            _limitsRead = true;
            return _limits;
        }

        /// <summary>The 403 among these results, if one was refused for want of a permission.</summary>
        private static Ws1ApiException? Refusal(IEnumerable<Ws1DeviceCommandResult> results) =>
            results.Select(r => r.Error).FirstOrDefault(e => e?.Kind == Ws1ErrorKind.PermissionDenied);

        /// <summary>
        /// The steps' results from the commands' results. A device not sent after a 403 carries that 403, so the
        /// refusal is one error, not one more per device.
        /// </summary>
        private void Settle(List<OffboardingAction> actions, IReadOnlyCollection<Ws1DeviceCommandResult> sent)
        {
            Ws1ApiException? refusal = Refusal(sent);
            Dictionary<long, OffboardingAction> byDevice = actions.ToDictionary(a => a.Device!.Id);
            foreach (Ws1DeviceCommandResult result in sent)
            {
                OffboardingAction action = byDevice[result.DeviceId];
                Ws1OffboardingResult settled;
                switch (result.Status)
                {
                    case Ws1DeviceCommandStatus.Queued:
                        settled = action.Result(Ws1OffboardingStatus.Done, result.Message, correlationId: result.CorrelationId);
                        break;
                    case Ws1DeviceCommandStatus.Held:
                        settled = action.Result(Ws1OffboardingStatus.Held, result.Message, correlationId: result.CorrelationId);
                        break;
                    case Ws1DeviceCommandStatus.OutcomeUnknown:
                        settled = action.Result(Ws1OffboardingStatus.OutcomeUnknown, result.Message, result.Error, result.CorrelationId);
                        break;
                    default:
                        settled = action.Result(result.Error?.Kind == Ws1ErrorKind.OutcomeUnknown ? Ws1OffboardingStatus.OutcomeUnknown : Ws1OffboardingStatus.Failed,
                            result.Message, result.Error ?? refusal, result.CorrelationId); // failed without an error of its own: not sent after the 403
                        break;
                }
                settled.Command = result;
                _results[action] = settled;
            }
        }

        /// <summary>-Wait: follows the wipes the tenant queued until each device is Unenrolled, or held or aborted, or the time is up.</summary>
        private async Task FollowAsync(List<OffboardingAction> actions, CancellationToken ct)
        {
            List<OffboardingAction> queued = actions.Where(a => _results[a].Status == Ws1OffboardingStatus.Done && _results[a].Command != null).ToList();
            if (queued.Count == 0)
                return;
            var commands = queued.Select(a => new KeyValuePair<Ws1Session, Ws1DeviceCommandResult>(_session, _results[a].Command!)).ToList();
            IReadOnlyList<Ws1DeviceCommandOutcome> outcomes = await Follower!.FollowAsync(commands, FollowTimeout, ct).ConfigureAwait(false);
            for (int i = 0; i < queued.Count; i++)
            {
                Ws1OffboardingResult sent = _results[queued[i]];
                Ws1DeviceCommandOutcome outcome = outcomes[i];
                switch (outcome.Status)
                {
                    case Ws1DeviceCommandOutcomeStatus.Completed:
                        _results[queued[i]] = sent.With(Ws1OffboardingStatus.Done, outcome.Message);
                        break;
                    case Ws1DeviceCommandOutcomeStatus.Held:
                        _results[queued[i]] = sent.With(Ws1OffboardingStatus.Held, outcome.Message + WipeRelease.Hint(_session.AccountName));
                        break;
                    case Ws1DeviceCommandOutcomeStatus.Failed:
                        _results[queued[i]] = sent.With(Ws1OffboardingStatus.Failed, outcome.Message);
                        break;
                    default:
                        _results[queued[i]] = sent.With(Ws1OffboardingStatus.Done, $"{sent.Reason} Not carried out yet: {outcome.Message}");
                        break;
                }
            }
        }

        /// <summary>
        /// One request per user and group (the API has no bulk form), at most PageConcurrency at once. The first goes
        /// alone: a role that may not change members then costs one refused request, and the rest are not sent.
        /// </summary>
        private async Task RemoveFromGroupsAsync(List<OffboardingAction> actions, CancellationToken ct)
        {
            var waiting = new Queue<OffboardingAction>(actions);
            OffboardingAction first = waiting.Dequeue();
            await RemoveFromGroupAsync(first, ct).ConfigureAwait(false);
            if (_results[first].Error?.Kind == Ws1ErrorKind.PermissionDenied)
            {
                string message = Ws1Permissions.NotSentAfterRefusal(_session.AccountName, Ws1Action.ChangeUserGroupMembers);
                foreach (OffboardingAction action in waiting)
                    _results[action] = action.Result(Ws1OffboardingStatus.Failed, message, _results[first].Error); // the 403 is their error too: one record

                return;
            }
            using (var gate = new SemaphoreSlim(Math.Max(1, _session.PageConcurrency)))
            {
                await Task.WhenAll(waiting.Select(async action =>
                {
                    await gate.WaitAsync(ct).ConfigureAwait(false);
                    try
                    {
                        await RemoveFromGroupAsync(action, ct).ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }).ToList()).ConfigureAwait(false);
            }
        }

        private async Task RemoveFromGroupAsync(OffboardingAction action, CancellationToken ct)
        {
            Ws1OffboardingResult result;
            try
            {
                await _session.UserGroups.RemoveMemberAsync(action.Group!, action.User.User!, ct).ConfigureAwait(false);
                result = action.Result(Ws1OffboardingStatus.Done, $"Removed from user group {action.Group!.Describe()}.");
            }
            catch (Ws1ApiException ex)
            {
                result = FromError(action, ex);
            }
            lock (_results)
                _results[action] = result;
        }

        private async Task DeleteAsync(List<OffboardingAction> actions, CancellationToken ct)
        {
            Ws1UserChangeResult answer = await _session.Users.ChangeAsync(Ws1UserChange.Delete, actions.Select(a => a.User.User!).ToList(), ct).ConfigureAwait(false);
            var byUser = actions.ToDictionary(a => a.User.User!.Id);
            foreach (Ws1User user in answer.Changed)
                _results[byUser[user.Id]] = byUser[user.Id].Result(Ws1OffboardingStatus.Done, "Deleted.");
            foreach (Ws1UserChangeFailure failure in answer.Failed)
            {
                OffboardingAction action = byUser[failure.User.Id];
                // It was read when planned: a 404 now means it is gone, which is what was asked.
                _results[action] = failure.Error.Kind == Ws1ErrorKind.NotFound
                    ? action.Result(Ws1OffboardingStatus.AlreadyDone, "The user was gone when the delete was sent: nothing left to delete.", correlationId: failure.Error.CorrelationId)
                    : FromError(action, failure.Error);
            }
        }

        private static Ws1OffboardingResult FromError(OffboardingAction action, Ws1ApiException error) =>
            error.Kind == Ws1ErrorKind.OutcomeUnknown
                ? action.Result(Ws1OffboardingStatus.OutcomeUnknown, "Outcome unknown: it may have been carried out; it was not sent again. " + error.Message, error)
                : action.Result(Ws1OffboardingStatus.Failed, error.Message, error);
    }
}
