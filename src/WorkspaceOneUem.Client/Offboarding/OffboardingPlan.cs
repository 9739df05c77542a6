using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WorkspaceOneUem.Client.Resolution;

namespace WorkspaceOneUem.Client.Offboarding
{
    /// <summary>
    /// Every step of every user of an offboarding run, worked out from the tenant's state before anything is sent: what
    /// will be sent (<see cref="OffboardingAction.ToSend"/>) and what is settled already (done, nothing to do, held).
    /// </summary>
    public sealed class OffboardingPlan
    {
        internal OffboardingPlan(IReadOnlyList<OffboardingUserPlan> users)
        {
            Users = users;
        }

        /// <summary>One per user, in input order; a user named twice is planned once.</summary>
        public IReadOnlyList<OffboardingUserPlan> Users { get; }

        public IEnumerable<OffboardingAction> Actions => Users.SelectMany(u => u.Actions);

        /// <summary>The wipes the run would send: what -MaxDevices bounds.</summary>
        public int WipeCount => Actions.Count(a => a.ToSend && a.Step == Ws1OffboardingStep.WipeDevice);

        /// <summary>The users those wipes belong to.</summary>
        public int WipeUserCount => Users.Count(u => u.Actions.Any(a => a.ToSend && a.Step == Ws1OffboardingStep.WipeDevice));
    }

    /// <summary>The steps of one user: a user found (or found deleted) in its account, or one that could not be planned.</summary>
    public sealed class OffboardingUserPlan
    {
        private readonly List<OffboardingAction> _actions = new List<OffboardingAction>();

        internal OffboardingUserPlan(UserOutcome outcome, Ws1User? user, string? userName, long? userId)
        {
            Outcome = outcome;
            User = user;
            UserName = userName;
            UserId = userId;
        }

        /// <summary>How the user was resolved: the reference given, its kind (Found, NotFound, ...), its message.</summary>
        public UserOutcome Outcome { get; }

        /// <summary>The account's session; null when the input named an account that is not open.</summary>
        public Ws1Session? Session => Outcome.Session;

        public string? AccountName => Outcome.Session?.AccountName ?? Outcome.AccountName;

        /// <summary>The user as the tenant holds it now; null when it is gone or was not found.</summary>
        public Ws1User? User { get; }

        public string? UserName { get; }
        public long? UserId { get; }

        /// <summary>Not found, but the tenant still shows it existed (a device or a wipe of it): deleted before, maybe by an earlier run.</summary>
        public bool IsDeleted { get; internal set; }

        /// <summary>Why the user cannot be offboarded (not found, not connected, ...), for the caller's error; null when it was planned.</summary>
        public string? Problem { get; internal set; }

        /// <summary>In step order, then device order.</summary>
        public IReadOnlyList<OffboardingAction> Actions => _actions;

        public IEnumerable<OffboardingAction> ToSend => _actions.Where(a => a.ToSend);

        /// <summary>"user 'ann' (id 5) on account 'Contoso'".</summary>
        public string Who
        {
            get
            {
                string name = UserName != null ? $"user '{UserName}'" : "user";
                string id = UserId.HasValue ? $" (id {UserId.Value.ToString(CultureInfo.InvariantCulture)})" : string.Empty;
                return $"{name}{id} on account '{AccountName}'";
            }
        }

        internal OffboardingAction Add(Ws1OffboardingStep step, Ws1Device? device = null, Ws1WipeType? wipeType = null, Ws1UserGroup? group = null)
        {
            var action = new OffboardingAction(this, step, device, wipeType, group);
            _actions.Add(action);
            return action;
        }

        /// <summary>Puts actions added later (the user groups, read for all users at once) in step order; within a step the order stays.</summary>
        internal void SortActions()
        {
            List<OffboardingAction> sorted = _actions.OrderBy(a => a.Step).ToList();
            _actions.Clear();
            _actions.AddRange(sorted);
        }

        /// <summary>The user and what would be sent for it, in one sentence: what a confirmation prompt shows.</summary>
        public string Describe()
        {
            var parts = new List<string>();
            foreach (IGrouping<Ws1OffboardingStep, OffboardingAction> step in ToSend.GroupBy(a => a.Step))
            {
                switch (step.Key)
                {
                    case Ws1OffboardingStep.Disable:
                        parts.Add("disable");
                        break;
                    case Ws1OffboardingStep.LockDevice:
                        parts.Add($"lock {Count(step.Count(), "device")}");
                        break;
                    case Ws1OffboardingStep.WipeDevice:
                        parts.Add(string.Join(", ", step.Select(a => $"{(a.WipeType == Ws1WipeType.Full ? "full" : "enterprise")} wipe of device {a.Device!.Describe()} ({OffboardingOptions.Describe(a.Device.Ownership)})")));
                        break;
                    case Ws1OffboardingStep.RemoveFromUserGroup:
                        parts.Add($"remove from {Count(step.Count(), "custom user group")} ({string.Join(", ", step.Select(a => a.Group!.Describe()))})");
                        break;
                    case Ws1OffboardingStep.Delete:
                        parts.Add("delete");
                        break;
                }
            }
            string email = User?.Email is { Length: > 0 } given ? $"{given}, " : string.Empty;
            string id = UserId.HasValue ? $"id {UserId.Value.ToString(CultureInfo.InvariantCulture)}" : "id unknown";
            return $"user '{UserName}' ({email}{id}) on account '{AccountName}': {string.Join("; ", parts)}";
        }

        internal static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n.ToString(CultureInfo.InvariantCulture)} {noun}s";
    }

    /// <summary>One step of one user, for one device where the step acts on devices: to send, or settled when planned.</summary>
    public sealed class OffboardingAction
    {
        internal OffboardingAction(OffboardingUserPlan user, Ws1OffboardingStep step, Ws1Device? device, Ws1WipeType? wipeType, Ws1UserGroup? group)
        {
            User = user;
            Step = step;
            Device = device;
            WipeType = wipeType;
            Group = group;
        }

        public OffboardingUserPlan User { get; }
        public Ws1OffboardingStep Step { get; }

        /// <summary>The device, for the device steps; null there only when the user has none.</summary>
        public Ws1Device? Device { get; }

        /// <summary>The custom user group to take the user out of; null when the user is in none.</summary>
        public Ws1UserGroup? Group { get; }

        /// <summary>For a wipe to send: the wipe the device's ownership calls for.</summary>
        public Ws1WipeType? WipeType { get; }

        /// <summary>The device command this action sends, for the device steps.</summary>
        public Ws1DeviceCommand? Command =>
            Step == Ws1OffboardingStep.LockDevice ? Ws1DeviceCommand.Lock
            : Step == Ws1OffboardingStep.WipeDevice && WipeType.HasValue ? DeviceCommandRules.WipeCommand(WipeType.Value)
            : (Ws1DeviceCommand?)null;

        /// <summary>The result decided when planned (done already, nothing to do, held, failed to read); null when it is to be sent.</summary>
        public Ws1OffboardingResult? Settled { get; internal set; }

        public bool ToSend => Settled == null;

        /// <summary>What is done, as -WhatIf and -Confirm show it: "Disable user", "Full wipe (factory reset) of a corporate-dedicated device".</summary>
        public string Operation
        {
            get
            {
                switch (Step)
                {
                    case Ws1OffboardingStep.Disable:
                        return "Disable user (deactivate)";
                    case Ws1OffboardingStep.LockDevice:
                        return DeviceCommandRules.CommandText(Ws1DeviceCommand.Lock);
                    case Ws1OffboardingStep.WipeDevice:
                        return Command.HasValue && Device != null
                            ? $"{DeviceCommandRules.CommandText(Command.Value)} of {OffboardingOptions.DescribeDevice(Device.Ownership)}"
                            : "Wipe";
                    case Ws1OffboardingStep.RemoveFromUserGroup:
                        return "Remove from custom user group";
                    default:
                        return "Delete user";
                }
            }
        }

        /// <summary>What it is done to, as -WhatIf and -Confirm show it.</summary>
        public string Target =>
            Device != null ? $"device {Device.Describe()} of user '{User.UserName}' on account '{User.AccountName}'"
            : Group != null ? $"user '{User.UserName}' (id {User.UserId}) in user group {Group.Describe()} on account '{User.AccountName}'"
            : User.Who;

        /// <summary>A result for this action: its user, step and device filled in.</summary>
        internal Ws1OffboardingResult Result(Ws1OffboardingStatus status, string? reason, Ws1ApiException? error = null, string? correlationId = null) => new Ws1OffboardingResult
        {
            AccountName = User.AccountName,
            UserName = User.UserName,
            UserId = User.UserId,
            Step = Step,
            Status = status,
            DeviceId = Device?.Id,
            DeviceName = Device?.FriendlyName,
            SerialNumber = Device?.SerialNumber,
            Platform = Device?.Platform,
            Ownership = Device?.Ownership,
            WipeType = WipeType, // set for wipes only
            UserGroupId = Group?.Id,
            UserGroupName = Group?.Name,
            Reason = reason,
            Error = error,
            CorrelationId = correlationId ?? error?.CorrelationId,
        };

        internal void Settle(Ws1OffboardingStatus status, string reason, Ws1ApiException? error = null) => Settled = Result(status, reason, error);

        public override string ToString() => $"{Operation}: {Target}";
    }
}
