using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// What Approve- and Deny-Ws1DeviceWipe share: held wipes piped from Get-Ws1DeviceWipe (or named by uuid and
    /// looked up in the group's log), asked for one by one, then sent in one request per account and group once the
    /// input has ended. Only HELD wipes are sent: the API refuses the whole request when one is not held.
    /// </summary>
    public abstract class WipeDecisionCmdlet : WipeProtectionCmdlet
    {
        protected const string InputObjectSet = "InputObject";
        protected const string UuidSet = "Uuid";

        private readonly List<(Ws1Session Session, string Group)> _order = new List<(Ws1Session, string)>();
        private readonly Dictionary<(Ws1Session, string), List<Ws1DeviceWipe>> _approved = new Dictionary<(Ws1Session, string), List<Ws1DeviceWipe>>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private Dictionary<string, Ws1DeviceWipe>? _held;

        /// <summary>Wipes from Get-Ws1DeviceWipe; each is sent to the account and group it was read from.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public Ws1DeviceWipe[]? InputObject { get; set; }

        /// <summary>Uuids of held wipes of the group (-OrganizationGroupId, or the customer group) of -AccountName.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UuidSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Uuid { get; set; }

        /// <summary>One account, for -Uuid; no wildcards.</summary>
        [Parameter(ParameterSetName = UuidSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string? AccountName { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>True to approve, false to reject.</summary>
        protected abstract bool Approves { get; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == UuidSet)
            {
                Ws1Session session = ResolveSession(AccountName);
                Ws1OrganizationGroup? group = GroupOf(session);
                if (group == null || !ReadHeld(session, group))
                    return;
                // -Uuid is mandatory in this parameter set; ReadHeld returned true, so the held wipes are read.
                foreach (string uuid in Uuid!)
                {
                    if (_held!.TryGetValue(uuid.Trim(), out Ws1DeviceWipe? wipe))
                        Consider(session, wipe);
                    else
                        WriteError(new ErrorRecord(new ItemNotFoundException(
                            $"No held wipe with uuid '{uuid}' in organization group '{group.Name}' on account '{session.AccountName}': it was approved or rejected already, or never held. Get-Ws1DeviceWipe -Status Held -AccountName '{session.AccountName}' lists the held ones."),
                            "Ws1.WipeNotFound", ErrorCategory.ObjectNotFound, uuid));
                }
                return;
            }
            foreach (Ws1DeviceWipe wipe in InputObject!) // mandatory in this parameter set
            {
                Ws1Session? session = SessionOfObject(wipe.AccountName, wipe);
                if (session == null)
                    continue;
                if (string.IsNullOrEmpty(wipe.Uuid) || string.IsNullOrEmpty(wipe.OrganizationGroupUuid))
                {
                    WriteError(new ErrorRecord(new ArgumentException($"The wipe {wipe.Describe()} carries no uuid or organization group, so it cannot be named to the API. Pipe it from Get-Ws1DeviceWipe."),
                        "Ws1.WipeIncomplete", ErrorCategory.InvalidArgument, wipe));
                    continue;
                }
                if (!wipe.IsHeld())
                {
                    WriteError(new ErrorRecord(new InvalidOperationException(
                        $"The {wipe.Describe()} on account '{wipe.AccountName}' is {wipe.Status}, not HELD; only held wipes can be approved or rejected. Nothing was sent for it. Filter with Get-Ws1DeviceWipe -Status Held."),
                        "Ws1.WipeNotHeld", ErrorCategory.InvalidOperation, wipe));
                    continue;
                }
                Consider(session, wipe);
            }
        }

        /// <summary>The group's held wipes by uuid, read once (every page): what -Uuid may name.</summary>
        private bool ReadHeld(Ws1Session session, Ws1OrganizationGroup group)
        {
            if (_held != null)
                return true;
            try
            {
                var filter = new DeviceWipeSearch { Statuses = new[] { Ws1DeviceWipe.HeldStatus } };
                _held = new Dictionary<string, Ws1DeviceWipe>(StringComparer.OrdinalIgnoreCase);
                foreach (Ws1DeviceWipe wipe in Stream(session.WipeProtection.ListAsync(group.Uuid, filter, CancelToken)))
                {
                    if (wipe.IsHeld() && wipe.Uuid is { Length: > 0 })
                        _held[wipe.Uuid] = wipe;
                }
                return true;
            }
            catch (Ws1ApiException ex)
            {
                _held = null;
                WriteError(ErrorFrom(ex, session.AccountName));
                return false;
            }
        }

        private void Consider(Ws1Session session, Ws1DeviceWipe wipe)
        {
            if (!_seen.Add(session.AccountName + "\n" + wipe.Uuid))
                return;
            string requested = wipe.RequestedOn?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "at an unknown time";
            string target = $"held {wipe.Describe()}, requested {requested}, on account '{session.AccountName}'";
            if (!ShouldProcess(target, Approves ? "Approve wipe (the device is wiped)" : "Reject wipe (the device is not wiped)", Force))
                return;
            // Both callers pass wipes that carry their uuid and group (checked on input, or read from the group's log).
            var key = (session, wipe.OrganizationGroupUuid!);
            if (!_approved.TryGetValue(key, out List<Ws1DeviceWipe>? list))
            {
                _approved[key] = list = new List<Ws1DeviceWipe>();
                _order.Add(key);
            }
            list.Add(wipe);
        }

        protected override void EndProcessing()
        {
            foreach ((Ws1Session session, string group) in _order)
            {
                List<Ws1DeviceWipe> wipes = _approved[(session, group)];
                try
                {
                    WriteObject(Await(ct => session.WipeProtection.DecideAsync(group, wipes, Approves, ct)), enumerateCollection: true);
                }
                catch (Ws1ApiException ex)
                {
                    // One request, one error: it names every wipe it carried.
                    WriteError(ErrorFrom(ex, wipes.Count == 1 ? (object)wipes[0] : wipes.ToArray()));
                }
            }
            base.EndProcessing();
        }
    }
}
