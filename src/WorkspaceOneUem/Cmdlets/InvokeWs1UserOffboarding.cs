using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Text;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Offboarding;
using WorkspaceOneUem.Client.Resolution;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Invoke-Ws1UserOffboarding: the leaver command. Takes users (names, ids, piped, or a CSV file), plans every step
    /// the caller picked for every user and device from the tenant's state before anything is sent
    /// (<see cref="OffboardingPlanner"/>), shows that plan with -WhatIf, bounds the wipes with -MaxDevices, asks once per
    /// user listing its steps (ConfirmImpact High; -Force skips it, -WhatIf beats -Force), and then runs the steps in
    /// their fixed order, account by account (<see cref="OffboardingRun"/>). One result per user and step (and device).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "Ws1UserOffboarding", DefaultParameterSetName = UserNameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
        HelpUri = HelpLinks.Base + "Invoke-Ws1UserOffboarding.md")]
    [OutputType(typeof(Ws1OffboardingResult))]
    public sealed class InvokeWs1UserOffboarding : Ws1Cmdlet
    {
        public const int DefaultMaxDevices = 10;

        private const string UserNameSet = "UserName";
        private const string IdSet = "Id";
        private const string InputObjectSet = "InputObject";
        private const string PathSet = "Path";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = UserNameSet)]
        [ValidateNotNullOrEmpty]
        public string[]? UserName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [Alias("UserId")]
        [ValidateRange(1, long.MaxValue)]
        public long[]? Id { get; set; }

        /// <summary>Users from Get-Ws1User, user names, ids, or objects with UserName and/or Id (Import-Csv rows).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public PSObject[]? InputObject { get; set; }

        /// <summary>A CSV file with a UserName and/or Id column (and optionally Email, AccountName).</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string? AccountName { get; set; }

        [Parameter]
        public SwitchParameter Disable { get; set; }

        [Parameter]
        public SwitchParameter LockDevice { get; set; }

        [Parameter]
        public SwitchParameter WipeDevice { get; set; }

        [Parameter]
        public SwitchParameter RemoveFromUserGroup { get; set; }

        [Parameter]
        public SwitchParameter Delete { get; set; }

        [Parameter]
        public Ws1WipeType EmployeeOwnedWipe { get; set; } = Ws1WipeType.Enterprise;

        [Parameter]
        public Ws1WipeType CorporateWipe { get; set; } = Ws1WipeType.Full;

        [Parameter]
        public Ws1WipeType UndefinedOwnershipWipe { get; set; } = Ws1WipeType.Enterprise;

        /// <summary>The most wipes the whole run may send.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxDevices { get; set; } = DefaultMaxDevices;

        [Parameter]
        [SecureStringTransformation]
        [ValidateNotNull]
        public SecureString? UnlockPin { get; set; }

        [Parameter]
        public DeviceLookupPlan DeviceLookup { get; set; } = DeviceLookupPlan.Auto;

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int Timeout { get; set; } = CommandFollowing.DefaultTimeoutSeconds;

        [Parameter]
        [ValidateRange(0.05, 600)]
        public double? PollInterval { get; set; }

        private OffboardingOptions? _options;
        private UserReferences? _users;

        protected override void BeginProcessing()
        {
            var steps = new List<Ws1OffboardingStep>();
            if (Disable) steps.Add(Ws1OffboardingStep.Disable);
            if (LockDevice) steps.Add(Ws1OffboardingStep.LockDevice);
            if (WipeDevice) steps.Add(Ws1OffboardingStep.WipeDevice);
            if (RemoveFromUserGroup) steps.Add(Ws1OffboardingStep.RemoveFromUserGroup);
            if (Delete) steps.Add(Ws1OffboardingStep.Delete);
            if (steps.Count == 0)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("No step picked: give one or more of -Disable, -LockDevice, -WipeDevice, -RemoveFromUserGroup, -Delete. Nothing was sent."),
                    "Ws1.NothingToDo", ErrorCategory.InvalidArgument, null));
            UnlockPinDeviceActionCmdlet.CheckUnlockPin(this, UnlockPin);
            if (!WipeDevice && new[] { nameof(EmployeeOwnedWipe), nameof(CorporateWipe), nameof(UndefinedOwnershipWipe) }.Any(MyInvocation.BoundParameters.ContainsKey))
                WriteWarning("The wipe types are not used: -WipeDevice was not given, so nothing is wiped.");
            _options = new OffboardingOptions(steps)
            {
                EmployeeOwnedWipe = EmployeeOwnedWipe,
                CorporateWipe = CorporateWipe,
                UndefinedOwnershipWipe = UndefinedOwnershipWipe,
                UnlockPin = UnlockPin,
            };
        }

        // Collect only: every user is planned, shown and asked for once the whole input is known.
        protected override void ProcessRecord()
        {
            bool devices = LockDevice || WipeDevice;
            _users = _users ?? NewUserReferences(AccountName, devices ? DeviceLookup : (DeviceLookupPlan?)null);
            if (ParameterSetName == PathSet)
            {
                foreach (PSObject row in ReadCsv(Path!)) // mandatory in this parameter set
                    _users.AddPiped(row);
                return;
            }
            _users.AddInput(InputObject, Id, UserName);
        }

        /// <summary>The rows of the CSV file, read by Import-Csv itself, so that they are what piping Import-Csv would give.</summary>
        private IEnumerable<PSObject> ReadCsv(string path)
        {
            string file = FileSystemPath(path);
            if (!File.Exists(file))
                ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"The CSV file '{path}' does not exist. Nothing was sent.", file),
                    "Ws1.InputFileNotFound", ErrorCategory.ObjectNotFound, path));
            var rows = InvokeCommand.InvokeScript("Import-Csv -LiteralPath $args[0]", false, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, file);
            if (rows.Count == 0)
                WriteWarning($"The CSV file '{path}' has no rows: nobody to offboard.");
            return rows;
        }

        protected override void EndProcessing()
        {
            if (_users == null)
            {
                base.EndProcessing();
                return;
            }
            IReadOnlyList<UserOutcome> outcomes = Await(ct => _users.Resolver.FinishAsync(ct));
            foreach (DevicePlanChoice choice in _users.Resolver.Plans)
                WriteVerbose(choice.ToString());
            OffboardingPlan plan = Await(ct => new OffboardingPlanner(_options!).PlanAsync(outcomes, ct));
            foreach (OffboardingUserPlan user in plan.Users.Where(u => u.Problem != null))
                WriteError(_users.ErrorOf(user.Outcome, user.Problem));

            if (WhatIfRequested)
            {
                ShowPlan(plan);
                StopWhenTooManyWipes(plan);
                base.EndProcessing();
                return;
            }
            StopWhenTooManyWipes(plan);
            foreach (OffboardingUserPlan user in plan.Users.Where(u => u.Problem != null))
                Emit(user.Actions.Select(a => a.Settled!), writeErrors: false); // settled when planned; its error is written

            // One question per user, listing what would be sent for it; a user with nothing to send needs none.
            List<OffboardingUserPlan> approved = plan.Users
                .Where(u => u.Problem == null && (!u.ToSend.Any() || ShouldProcess(u.Describe(), "Offboard", Force)))
                .ToList();
            foreach (IGrouping<Ws1Session, OffboardingUserPlan> account in approved.GroupBy(u => u.Session!))
                Run(account.Key, account.ToList());
            base.EndProcessing();
        }

        /// <summary>-WhatIf: a line for every request the run would send (user, step, device), then the settled steps as results.</summary>
        private void ShowPlan(OffboardingPlan plan)
        {
            foreach (OffboardingAction action in plan.Actions.Where(a => a.ToSend))
                ShouldProcess(action.Target, action.Operation);
            foreach (OffboardingUserPlan user in plan.Users)
                Emit(user.Actions.Where(a => !a.ToSend).Select(a => a.Settled!), writeErrors: user.Problem == null);
        }

        /// <summary>More wipes than -MaxDevices stops the whole run before anything is asked or sent.</summary>
        private void StopWhenTooManyWipes(OffboardingPlan plan)
        {
            int wipes = plan.WipeCount;
            if (wipes <= MaxDevices)
                return;
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException($"This would wipe {wipes} devices of {plan.WipeUserCount} user(s), more than -MaxDevices {MaxDevices}. Nothing was sent. Check the plan with -WhatIf, then run again with -MaxDevices {wipes} if that is intended."),
                "Ws1.TooManyDevices", ErrorCategory.LimitsExceeded, wipes));
        }

        private void Run(Ws1Session session, List<OffboardingUserPlan> users)
        {
            var run = new OffboardingRun(session, users, _options!) { FollowTimeout = TimeSpan.FromSeconds(Timeout) };
            if (Wait)
            {
                run.Follower = new DeviceCommandFollower();
                if (PollInterval.HasValue)
                    run.Follower.PollInterval = TimeSpan.FromSeconds(PollInterval.Value);
            }
            IReadOnlyList<Ws1OffboardingResult> results;
            try
            {
                results = Await(ct => run.RunAsync(ct));
            }
            catch (Exception ex) when (CancelToken.IsCancellationRequested && (ex is OperationCanceledException || ex is PipelineStoppedException))
            {
                TellStopped(session, run);
                throw;
            }
            Emit(results, writeErrors: true);
        }

        /// <summary>Writes results (a held one says how to release it), and each failure gets its error record (one per request).</summary>
        private void Emit(IEnumerable<Ws1OffboardingResult> results, bool writeErrors)
        {
            var errors = new List<Ws1OffboardingResult>();
            foreach (Ws1OffboardingResult result in results)
            {
                WriteObject(result);
                if (writeErrors && (result.Status == Ws1OffboardingStatus.Failed || result.Status == Ws1OffboardingStatus.OutcomeUnknown))
                    errors.Add(result);
            }
            foreach (IGrouping<object, Ws1OffboardingResult> failure in errors.GroupBy(r => (object?)r.GetError() ?? r))
            {
                Ws1OffboardingResult[] concerned = failure.ToArray();
                object target = concerned.Length == 1 ? (object)concerned[0] : concerned;
                Ws1OffboardingResult first = concerned[0];
                Ws1ApiException? error = first.GetError();
                WriteError(error != null
                    ? ErrorFrom(error, target)
                    : new ErrorRecord(new InvalidOperationException($"{first.Step} of user '{first.UserName}' on account '{first.AccountName}'{(first.Target.Length > 0 ? ", " + first.Target : string.Empty)}: {first.Reason}"),
                        "Ws1.OffboardingStepFailed", ErrorCategory.InvalidResult, target));
            }
        }

        /// <summary>
        /// Ctrl+C stops the pipeline, so its results cannot be written: the host is told what was done and where it
        /// stopped. Running the same command again finishes the rest, since what is done is read from the tenant.
        /// </summary>
        private void TellStopped(Ws1Session session, OffboardingRun run)
        {
            var text = new StringBuilder();
            text.Append($"Stopped while offboarding on account '{session.AccountName}'");
            if (run.CurrentStep.HasValue)
                text.Append($", during {run.CurrentStep} (its requests on the wire may or may not have been carried out)");
            text.Append(". Finished before the stop: ");
            IReadOnlyList<Ws1OffboardingResult> done = run.Results;
            text.Append(done.Count == 0 ? "nothing" : string.Join("; ", done.Select(r => r.ToString())));
            text.Append(". Run the same command again to finish: what is done is recognised from the tenant and not sent again.");
            try
            {
                Host?.UI?.WriteWarningLine(text.ToString());
            }
            catch (Exception ex) when (ex is PipelineStoppedException || ex is InvalidOperationException || ex is NotSupportedException)
            {
                // A host that cannot show it now: the stop itself still ends the command.
            }
        }
    }
}
