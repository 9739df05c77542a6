using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WorkspaceOneUem.Client.Resolution;

namespace WorkspaceOneUem.Client.Offboarding
{
    /// <summary>
    /// Works out every step of every user before anything is sent, from what the tenant holds now: a user inactive
    /// already is not disabled again; a device pending a wipe or unenrolled is not wiped again, nor locked; a device
    /// whose newest wipe is held (or was rejected) in the wipe log gets no second wipe; a user that is gone is taken
    /// as deleted before only when the tenant still shows it existed. Users come from a <see cref="UserResolver"/>,
    /// with their devices when a device step is picked. Knows nothing of PowerShell.
    /// </summary>
    public sealed class OffboardingPlanner
    {
        private readonly OffboardingOptions _options;
        private readonly Dictionary<Ws1Session, Ws1OrganizationGroup> _customerGroups = new Dictionary<Ws1Session, Ws1OrganizationGroup>();

        public OffboardingPlanner(OffboardingOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
        }

        /// <summary>One plan per user, in the outcomes' order; a user named twice is planned once.</summary>
        public async Task<OffboardingPlan> PlanAsync(IReadOnlyList<UserOutcome> outcomes, CancellationToken ct)
        {
            if (outcomes == null)
                throw new ArgumentNullException(nameof(outcomes));
            var users = new List<OffboardingUserPlan>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (UserOutcome outcome in outcomes)
            {
                OffboardingUserPlan plan;
                if (outcome.Kind == UserOutcomeKind.Found)
                    plan = Found(outcome);
                else if (outcome.Kind == UserOutcomeKind.NotFound && _options.Has(Ws1OffboardingStep.Delete) && outcome.Session != null && outcome.Reference.UserName != null)
                    plan = await GoneAsync(outcome, ct).ConfigureAwait(false);
                else
                    plan = Unresolved(outcome, outcome.Message, outcome.Error);
                // A problem is the input's own (each gets its error); a user planned is planned once per account.
                if (plan.Problem != null || seen.Add(plan.AccountName + "\n" + (plan.UserId?.ToString(CultureInfo.InvariantCulture) ?? "name:" + plan.UserName)))
                    users.Add(plan);
            }
            if (_options.Has(Ws1OffboardingStep.RemoveFromUserGroup))
                await ReadUserGroupsAsync(users, ct).ConfigureAwait(false);
            await ReadWipeLogAsync(users, ct).ConfigureAwait(false);
            foreach (OffboardingUserPlan user in users)
                HoldBackIncomplete(user);
            return new OffboardingPlan(users);
        }

        private OffboardingUserPlan Found(UserOutcome outcome)
        {
            Ws1User user = outcome.User!; // Found outcomes carry their user
            var plan = new OffboardingUserPlan(outcome, user, user.UserName, user.Id);
            AddSteps(plan, outcome.Devices ?? Array.Empty<Ws1Device>(), outcome.DeviceError);
            return plan;
        }

        /// <summary>
        /// A user not found, with -Delete picked: deleted before (by an earlier run, say) when the tenant still shows it
        /// existed: a device record that names it exactly (devices keep the name of a deleted user) or an entry of the
        /// wipe log. Without such a trace it is an error, as everywhere: a misspelt name must not pass for done.
        /// </summary>
        private async Task<OffboardingUserPlan> GoneAsync(UserOutcome outcome, CancellationToken ct)
        {
            Ws1Session session = outcome.Session!;
            string name = outcome.Reference.UserName!;
            try
            {
                List<Ws1Device> devices = await DevicesNamingAsync(session, name, ct).ConfigureAwait(false);
                if (devices.Count == 0 && !await WipeLogNamesAsync(session, name, ct).ConfigureAwait(false))
                {
                    return Unresolved(outcome, outcome.Message +
                        " Nothing on the tenant names it either (no device, no entry in the wipe log), so it is not taken for a user deleted before: check the name.", outcome.Error);
                }
                var plan = new OffboardingUserPlan(outcome, null, devices.FirstOrDefault()?.UserName ?? name, outcome.Reference.Id) { IsDeleted = true };
                AddSteps(plan, devices, null);
                return plan;
            }
            catch (Ws1ApiException ex)
            {
                return Unresolved(outcome, $"{outcome.Message} Whether it was deleted before could not be read: {ex.Message}", ex);
            }
        }

        private static async Task<List<Ws1Device>> DevicesNamingAsync(Ws1Session session, string name, CancellationToken ct)
        {
            var devices = new List<Ws1Device>();
            await foreach (Ws1Device device in session.Devices.SearchAsync(new DeviceSearch { UserName = name }, ct).ConfigureAwait(false))
            {
                if (string.Equals(device.UserName, name, StringComparison.OrdinalIgnoreCase))
                    devices.Add(device);
            }
            return devices;
        }

        /// <summary>Whether the wipe log of the account's customer group (its subtree too) has a wipe for exactly this user name.</summary>
        private async Task<bool> WipeLogNamesAsync(Ws1Session session, string name, CancellationToken ct)
        {
            if (!_customerGroups.TryGetValue(session, out Ws1OrganizationGroup? customer))
                _customerGroups[session] = customer = await session.Groups.GetCustomerGroupAsync(ct).ConfigureAwait(false);
            await foreach (Ws1DeviceWipe wipe in session.WipeProtection.ListAsync(customer.Uuid, new DeviceWipeSearch { SearchText = name }, ct).ConfigureAwait(false))
            {
                if (string.Equals(wipe.UserName, name, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
            return false;
        }

        /// <summary>The picked steps of a user found, or found deleted (no <see cref="OffboardingUserPlan.User"/>), in step order.</summary>
        private void AddSteps(OffboardingUserPlan plan, IReadOnlyList<Ws1Device> devices, Ws1ApiException? deviceError)
        {
            bool gone = plan.IsDeleted;
            foreach (Ws1OffboardingStep step in _options.Steps)
            {
                switch (step)
                {
                    case Ws1OffboardingStep.LockDevice:
                    case Ws1OffboardingStep.WipeDevice:
                        AddDeviceSteps(plan, step, devices, deviceError);
                        break;
                    case Ws1OffboardingStep.Disable:
                        OffboardingAction disable = plan.Add(step);
                        if (gone)
                            disable.Settle(Ws1OffboardingStatus.AlreadyDone, DeletedAlready);
                        else if (plan.User!.Status == Ws1UserStatus.Inactive)
                            disable.Settle(Ws1OffboardingStatus.AlreadyDone, "The user is inactive already: nothing was sent.");
                        break;
                    case Ws1OffboardingStep.RemoveFromUserGroup:
                        // A user found gets its groups once every user is known (ReadUserGroupsAsync): one listing for all.
                        if (gone)
                            plan.Add(step).Settle(Ws1OffboardingStatus.AlreadyDone, DeletedAlready);
                        break;
                    case Ws1OffboardingStep.Delete:
                        OffboardingAction delete = plan.Add(step);
                        if (gone)
                            delete.Settle(Ws1OffboardingStatus.AlreadyDone, DeletedAlready);
                        break;
                }
            }
        }

        private const string DeletedAlready = "The user is gone from the tenant (deleted before; devices or wipes of it remain): nothing was sent.";

        private void AddDeviceSteps(OffboardingUserPlan plan, Ws1OffboardingStep step, IReadOnlyList<Ws1Device> devices, Ws1ApiException? deviceError)
        {
            if (deviceError != null)
            {
                plan.Add(step).Settle(Ws1OffboardingStatus.Failed, "The user's devices could not be read: " + deviceError.Message, deviceError);
                return;
            }
            if (devices.Count == 0)
            {
                plan.Add(step).Settle(Ws1OffboardingStatus.Skipped, "The user has no devices: nothing to " + (step == Ws1OffboardingStep.LockDevice ? "lock." : "wipe."));
                return;
            }
            foreach (Ws1Device device in devices.OrderBy(d => d.Id))
            {
                if (step == Ws1OffboardingStep.LockDevice)
                {
                    OffboardingAction lockDevice = plan.Add(step, device);
                    string? skip = DeviceCommandRules.SkipReason(device, Ws1DeviceCommand.Lock);
                    if (skip != null)
                        lockDevice.Settle(Ws1OffboardingStatus.Skipped, skip);
                    continue;
                }
                string status = device.EnrollmentStatus ?? "unknown";
                if (string.Equals(status, Ws1Device.Enrolled, StringComparison.OrdinalIgnoreCase))
                {
                    plan.Add(step, device, _options.WipeTypeFor(device.Ownership));
                    continue;
                }
                OffboardingAction wipe = plan.Add(step, device);
                if (DeviceCommandRules.IsWipePending(status))
                    wipe.Settle(Ws1OffboardingStatus.AlreadyDone, $"A wipe is pending on the device already (enrollment status {status}): nothing was sent.");
                else if (DeviceCommandRules.IsUnenrolled(status))
                    wipe.Settle(Ws1OffboardingStatus.AlreadyDone, "The device is Unenrolled (wiped or unenrolled before): nothing was sent.");
                else
                    wipe.Settle(Ws1OffboardingStatus.Skipped, $"The device is not enrolled (enrollment status {status}), so it cannot take a wipe: nothing was sent.");
            }
        }

        /// <summary>
        /// The custom user groups of every user found, read once per account for all its users (no call answers "the
        /// groups of a user": the custom groups and their members are listed). A user in none is AlreadyDone. Groups
        /// synced from a directory are left alone: their members follow the directory, and the API cannot change them.
        /// </summary>
        private static async Task ReadUserGroupsAsync(List<OffboardingUserPlan> users, CancellationToken ct)
        {
            foreach (IGrouping<Ws1Session, OffboardingUserPlan> account in users.Where(u => u.User != null && u.Problem == null).GroupBy(u => u.Session!).ToList())
            {
                IReadOnlyDictionary<long, IReadOnlyList<Ws1UserGroup>> groups;
                try
                {
                    groups = await account.Key.UserGroups.FindCustomGroupsOfUsersAsync(account.Select(u => u.User!.Id), ct).ConfigureAwait(false);
                }
                catch (Ws1ApiException ex)
                {
                    foreach (OffboardingUserPlan user in account)
                    {
                        user.Add(Ws1OffboardingStep.RemoveFromUserGroup).Settle(Ws1OffboardingStatus.Failed, "The user groups of the user could not be read: " + ex.Message, ex);
                        user.SortActions();
                    }
                    continue;
                }
                foreach (OffboardingUserPlan user in account)
                {
                    IReadOnlyList<Ws1UserGroup> held = groups.TryGetValue(user.User!.Id, out IReadOnlyList<Ws1UserGroup>? found) ? found : Array.Empty<Ws1UserGroup>();
                    if (held.Count == 0)
                        user.Add(Ws1OffboardingStep.RemoveFromUserGroup).Settle(Ws1OffboardingStatus.AlreadyDone, "The user is in no custom user group: nothing was sent.");
                    foreach (Ws1UserGroup group in held)
                        user.Add(Ws1OffboardingStep.RemoveFromUserGroup, group: group);
                    user.SortActions();
                }
            }
        }

        /// <summary>
        /// An enrolled device may still have a wipe waiting: held by wipe protection, or rejected there by an admin. Its
        /// newest entry in the wipe log decides, read once per organization group: HELD is reported Held and not sent
        /// again (a second wipe would only be held too); ABORTED is an admin's decision, not overridden by a re-run.
        /// </summary>
        private static async Task ReadWipeLogAsync(List<OffboardingUserPlan> users, CancellationToken ct)
        {
            var wipes = users.Where(u => u.Session != null).SelectMany(u => u.ToSend).Where(a => a.Step == Ws1OffboardingStep.WipeDevice && a.Device!.OrganizationGroupUuid is { Length: > 0 });
            foreach (IGrouping<(Ws1Session Session, string Group), OffboardingAction> group in wipes.GroupBy(a => (a.User.Session!, a.Device!.OrganizationGroupUuid!)).ToList())
            {
                var ids = new HashSet<long>(group.Select(a => a.Device!.Id));
                Dictionary<long, Ws1DeviceWipe> newest;
                try
                {
                    newest = await group.Key.Session.WipeProtection.NewestByDeviceAsync(group.Key.Group, ids, ct).ConfigureAwait(false);
                }
                catch (Ws1ApiException ex)
                {
                    foreach (OffboardingAction wipe in group)
                        wipe.Settle(Ws1OffboardingStatus.Failed, "Whether a wipe of this device is held already could not be read from the wipe log, so none was sent: " + ex.Message, ex);
                    continue;
                }
                foreach (OffboardingAction wipe in group)
                {
                    if (!newest.TryGetValue(wipe.Device!.Id, out Ws1DeviceWipe? entry))
                        continue;
                    string when = entry.RequestedOn?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "at an unknown time";
                    if (entry.IsHeld())
                        wipe.Settle(Ws1OffboardingStatus.Held, $"A {entry.WipeType ?? "wipe"} of this device requested {when} is HELD by the tenant's wipe protection: no second wipe was sent." + WipeRelease.Hint(wipe.User.AccountName));
                    else if (entry.IsAborted)
                        wipe.Settle(Ws1OffboardingStatus.Skipped, $"A {entry.WipeType ?? "wipe"} of this device requested {when} was rejected in the wipe log (ABORTED): an admin's decision, so no wipe was sent. Wipe it with Invoke-Ws1UserDeviceWipe if it must be wiped.");
                }
            }
        }

        /// <summary>
        /// A user whose plan could not be completed (its devices or wipe log could not be read) gets nothing sent: half a
        /// plan could disable or delete a user whose devices were never looked at.
        /// </summary>
        private static void HoldBackIncomplete(OffboardingUserPlan user)
        {
            OffboardingAction? failed = user.Actions.FirstOrDefault(a => a.Settled?.Status == Ws1OffboardingStatus.Failed);
            if (failed == null)
                return;
            foreach (OffboardingAction action in user.ToSend.ToList())
                action.Settle(Ws1OffboardingStatus.Skipped, $"Not sent: the plan for this user is incomplete (its {failed.Step} step failed).");
        }

        /// <summary>A user that cannot be offboarded: its first step fails with the reason, the others are skipped.</summary>
        private OffboardingUserPlan Unresolved(UserOutcome outcome, string message, Ws1ApiException? error)
        {
            var plan = new OffboardingUserPlan(outcome, null, outcome.Reference.UserName ?? outcome.User?.UserName, outcome.Reference.Id) { Problem = message };
            bool first = true;
            foreach (Ws1OffboardingStep step in _options.Steps)
            {
                plan.Add(step).Settle(first ? Ws1OffboardingStatus.Failed : Ws1OffboardingStatus.Skipped, first ? message : "Not sent: the user could not be offboarded (see the Failed step).", first ? error : null);
                first = false;
            }
            return plan;
        }
    }
}
