using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Resolution;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// What every cmdlet of the module shares: picking sessions by account name, running client calls
    /// so that Ctrl+C cancels them, writing the client's log on the pipeline thread, and turning API
    /// failures into ErrorRecords with stable ids and real categories.
    /// </summary>
    public abstract class Ws1Cmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        // StopProcessing comes on another thread and may meet Dispose: the gate keeps Cancel off a disposed source.
        private readonly object _stopGate = new object();
        private bool _disposed;
        private readonly CmdletLog _log = new CmdletLog();

        protected internal CancellationToken CancelToken => _stop.Token;

        internal Ws1SessionRegistry Registry => Ws1SessionRegistry.Current;

        /// <summary>
        /// A resolver for the users this command's input names (see <see cref="UserReferences"/>): objects of another
        /// account than <paramref name="requiredAccountName"/> are refused, and objects that name no account are looked
        /// up in it (or the default). <paramref name="devices"/> asks for their devices too, found by that plan.
        /// </summary>
        internal UserReferences NewUserReferences(string? requiredAccountName, DeviceLookupPlan? devices) =>
            new UserReferences(this, new UserResolver(name => Registry.Find(name), () => ResolveSession(requiredAccountName), requiredAccountName, devices));

        /// <summary>A resolver for devices named directly (piped devices, ids, serial numbers), routed as users are.</summary>
        internal DeviceReferences NewDeviceReferences(string? requiredAccountName) =>
            new DeviceReferences(this, new DeviceResolver(name => Registry.Find(name), () => ResolveSession(requiredAccountName), requiredAccountName));

        /// <summary>The session a piped object (a user, a device) belongs to, or null when it names none or that one is not open (the error is written).</summary>
        internal Ws1Session? SessionOfObject(string? accountName, object target)
        {
            if (accountName == null || accountName.Length == 0)
            {
                WriteError(new ErrorRecord(new ArgumentException($"'{target}' carries no AccountName, so the tenant it belongs to is unknown. Pass it through Get-Ws1User or Get-Ws1Device, or give -UserName with -AccountName."),
                    "Ws1.MissingAccountName", ErrorCategory.InvalidArgument, target));
                return null;
            }
            Ws1Session? session = Registry.Find(accountName);
            if (session == null)
                WriteError(NotConnectedError(accountName));
            return session;
        }

        /// <summary>The user with this id, or null with the error written (ObjectNotFound for an id that does not exist).</summary>
        internal Ws1User? UserWithId(Ws1Session session, long id)
        {
            try
            {
                return Await(ct => session.Users.GetAsync(id, ct));
            }
            catch (Ws1ApiException ex) when (ex.Kind == Ws1ErrorKind.NotFound)
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"No user with id {id} on account '{session.AccountName}'.", ex),
                    "Ws1.UserNotFound", ErrorCategory.ObjectNotFound, id));
            }
            catch (Ws1ApiException ex)
            {
                WriteError(ErrorFrom(ex, id));
            }
            return null;
        }

        protected override void StopProcessing()
        {
            lock (_stopGate)
            {
                if (!_disposed)
                    _stop.Cancel();
            }
        }

        /// <summary>
        /// PowerShell calls this once the command has ended, however it ended (EndProcessing does not run after a
        /// stop or a terminating error). Calls it started that still run are of no use to anyone now: they are
        /// cancelled, not left to run on against the tenant.
        /// </summary>
        public void Dispose()
        {
            lock (_stopGate)
            {
                if (_disposed)
                    return;
                _disposed = true;
                _stop.Cancel();
                _stop.Dispose();
            }
        }

        protected override void EndProcessing() => FlushLog();

        /// <summary>The session for one account name, or the default session; terminating error when there is none.</summary>
        protected Ws1Session ResolveSession(string? accountName)
        {
            if (accountName == null || accountName.Length == 0)
            {
                string? name = Registry.DefaultAccountName;
                if (name == null)
                    ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("Not connected to a Workspace ONE UEM tenant. Run Connect-Ws1Uem first."),
                        "Ws1.NotConnected", ErrorCategory.ConnectionError, null));
                // ThrowTerminatingError does not return; the default account name is always an open session's.
                return Registry.Find(name!)!;
            }
            if (WildcardPattern.ContainsWildcardCharacters(accountName))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-AccountName '{accountName}' contains wildcards; this command acts on one account. Give its exact name."),
                    "Ws1.AccountNameWildcard", ErrorCategory.InvalidArgument, accountName));
            Ws1Session? session = Registry.Find(accountName);
            if (session == null)
                ThrowTerminatingError(NotConnectedError(accountName));
            return session!; // ThrowTerminatingError does not return
        }

        /// <summary>
        /// Sessions for reads: several names and wildcards; no name means the default session. A name that is not
        /// connected is an error; a wildcard that matches no connection is a warning, or an error when
        /// <paramref name="forChange"/> (a command that changes something must not quietly do nothing).
        /// </summary>
        protected IReadOnlyList<Ws1Session> ResolveSessions(string[]? accountNames, bool forChange = false)
        {
            if (accountNames == null || accountNames.Length == 0)
                return new[] { ResolveSession(null) };
            var found = new List<Ws1Session>();
            foreach (string name in accountNames)
            {
                if (WildcardPattern.ContainsWildcardCharacters(name))
                {
                    NameFilterSet? pattern = WildcardFilters("AccountName", new[] { name });
                    List<Ws1Session> matches = Registry.All().Where(s => NameFilterSet.Matches(pattern, s.AccountName)).ToList();
                    if (matches.Count == 0)
                    {
                        string text = $"-AccountName '{name}' matches no open connection. {OpenAccountsText()}";
                        if (forChange)
                            WriteError(new ErrorRecord(new InvalidOperationException(text), "Ws1.AccountNameNoMatch", ErrorCategory.ObjectNotFound, name));
                        else
                            WriteWarning(text);
                    }
                    found.AddRange(matches);
                    continue;
                }
                Ws1Session? session = Registry.Find(name);
                if (session == null)
                    WriteError(NotConnectedError(name));
                else
                    found.Add(session);
            }
            return found.Distinct().ToList();
        }

        /// <summary>
        /// The filters a wildcard parameter's values make. Stops the command before anything is sent on a value
        /// longer than the API takes (Ws1.ValueTooLong) or a pattern PowerShell rejects (Ws1.InvalidWildcard).
        /// </summary>
        internal NameFilterSet? WildcardFilters(string parameter, string[]? values)
        {
            RefuseTooLong(parameter, values);
            try
            {
                return NameFilterSet.From("-" + parameter, values);
            }
            catch (InvalidWildcardException ex)
            {
                ThrowTerminatingError(ex.ToErrorRecord());
                return null;
            }
        }

        /// <summary>Stops the command before anything is sent when a value is longer than the API takes (a server answers 414 or 400).</summary>
        internal void RefuseTooLong(string parameter, params string?[]? values)
        {
            foreach (string? value in values ?? new string?[0])
            {
                string? problem = Ws1Limits.FindTooLong("-" + parameter, value);
                if (problem != null)
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException(problem), "Ws1.ValueTooLong", ErrorCategory.InvalidArgument, value));
            }
        }

        /// <summary>No session under this name: the error lists the open ones, so a misspelt name is seen at once.</summary>
        internal ErrorRecord NotConnectedError(string? accountName) =>
            new ErrorRecord(new InvalidOperationException($"No connection named '{accountName}'. {OpenAccountsText()} Run Connect-Ws1Uem -AccountName '{accountName}' to open it."),
                "Ws1.AccountNotConnected", ErrorCategory.ObjectNotFound, accountName);

        private string OpenAccountsText()
        {
            IReadOnlyList<Ws1Session> open = Registry.All();
            return open.Count == 0
                ? "No connection is open in this session."
                : "Open account names: " + string.Join(", ", open.Select(s => $"'{s.AccountName}'")) + ".";
        }

        /// <summary>
        /// ShouldProcess for a change with -Force: -WhatIf (given, or the caller's $WhatIfPreference) beats -Force,
        /// which beats the prompt ConfirmImpact and $ConfirmPreference ask for; an explicit -Confirm still asks.
        /// </summary>
        protected bool ShouldProcess(string target, string action, bool force)
        {
            if (force && !WhatIfRequested && !IsRequested("Confirm", null))
            {
                WriteVerbose($"{action} {target} (-Force: not confirmed).");
                return true;
            }
            return ShouldProcess(target, action);
        }

        /// <summary>
        /// ShouldProcess that, where PowerShell cannot ask (pwsh -NonInteractive, a host without a console), ends
        /// with an error that names the switch unattended use needs instead of the host's generic prompt error.
        /// </summary>
        protected new bool ShouldProcess(string target, string action)
        {
            try
            {
                return base.ShouldProcess(target, action);
            }
            catch (Exception ex) when (ex is PSInvalidOperationException || ex is System.Management.Automation.Host.HostException)
            {
                string force = MyInvocation.MyCommand.Parameters.ContainsKey("Force") ? " (or -Force)" : string.Empty;
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException($"{MyInvocation.MyCommand.Name} asks before it does '{action}' on {target}, and this PowerShell cannot ask (it runs non-interactively). For unattended use add -Confirm:$false{force}; run it with -WhatIf first to see what it would do.", ex),
                    "Ws1.ConfirmationNotPossible", ErrorCategory.InvalidOperation, target));
                return false;
            }
        }

        /// <summary>Whether this invocation only shows what it would do: -WhatIf, or the caller's $WhatIfPreference.</summary>
        protected bool WhatIfRequested => IsRequested("WhatIf", "WhatIfPreference");

        private bool IsRequested(string parameter, string? preference)
        {
            if (MyInvocation.BoundParameters.TryGetValue(parameter, out object? bound))
                return LanguagePrimitives.IsTrue(bound);
            return preference != null && LanguagePrimitives.IsTrue(GetVariableValue(preference));
        }

        /// <summary>Runs a client call to completion on the pipeline thread, writing its log as it goes.</summary>
        protected internal T Await<T>(Func<CancellationToken, Task<T>> call) => Wait(Start(call));

        /// <summary>Starts a client call that logs to this cmdlet and stops with it; <see cref="Wait"/> for its result.</summary>
        protected internal Task<T> Start<T>(Func<CancellationToken, Task<T>> call) => WithLog(() => call(_stop.Token));

        /// <summary>Waits on the pipeline thread for a call made with <see cref="Start"/>, writing its log as it goes.</summary>
        protected internal T Wait<T>(Task<T> task)
        {
            try
            {
                return Block(task);
            }
            finally
            {
                CompleteListingProgress();
            }
        }

        /// <summary>
        /// A path of the file system provider, relative to PowerShell's current location like any file parameter. A path
        /// of another provider, or one PowerShell cannot resolve, ends the command with <paramref name="errorId"/>, the
        /// reason, and <paramref name="advice"/>.
        /// </summary>
        protected string FileSystemPath(string path, string errorId = "Ws1.NotAFileSystemPath", string? advice = null)
        {
            string reason;
            try
            {
                string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                if (string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                    return resolved;
                reason = "provider " + provider.Name;
            }
            catch (Exception ex) when (ex is RuntimeException || ex is NotSupportedException || ex is InvalidOperationException)
            {
                reason = ex.Message.TrimEnd('.');
            }
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"'{path}' is not a file system path ({reason}).{(advice == null ? string.Empty : " " + advice)}"),
                errorId, ErrorCategory.InvalidArgument, path));
            return path;
        }

        /// <summary>
        /// Streams a client sequence to the pipeline. The client never blocks a thread; this and <see cref="Block"/>
        /// are where the module does, on the pipeline thread, because PowerShell's pipeline is synchronous.
        /// </summary>
        protected internal IEnumerable<T> Stream<T>(IAsyncEnumerable<T> source)
        {
            IAsyncEnumerator<T> e = WithLog(() => source.GetAsyncEnumerator(_stop.Token));
            Func<ValueTask<bool>> moveNext = e.MoveNextAsync; // made once: this loop runs once per record of a listing
            try
            {
                while (true)
                {
                    // Items of a page already read come back at once; only a page still on the wire is waited for.
                    ValueTask<bool> next = WithLog(moveNext);
                    bool more = next.IsCompletedSuccessfully ? next.Result : Block(next.AsTask());
                    FlushLog();
                    if (!more)
                        yield break;
                    yield return e.Current;
                }
            }
            finally
            {
                // Stopped early (Select-Object -First) or failed: disposing cancels what the listing still has on the wire.
                ValueTask disposed = WithLog(() => e.DisposeAsync());
                if (!disposed.IsCompletedSuccessfully)
                    Block(WaitQuietly(disposed.AsTask()));
                CompleteListingProgress();
            }
        }

        private static async Task<bool> WaitQuietly(Task task)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is Ws1ApiException)
            {
                // Ending a listing early: what was cancelled on the wire has nothing more to say.
            }
            return true;
        }

        /// <summary>Runs <paramref name="start"/> with this cmdlet's log as the client's, so the tasks it starts report here.</summary>
        private TResult WithLog<TResult>(Func<TResult> start)
        {
            IWs1Log? outer = Ws1Diagnostics.Current;
            Ws1Diagnostics.Current = _log;
            try
            {
                return start();
            }
            finally
            {
                Ws1Diagnostics.Current = outer;
            }
        }

        /// <summary>Blocks the pipeline thread until the task ends, writing the client's log every 50 ms meanwhile.</summary>
        private T Block<T>(Task<T> task)
        {
            // Wait without Task.Wait, which would wrap a failure in an AggregateException.
            while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(50))
                FlushLog();
            FlushLog();
            return task.GetAwaiter().GetResult();
        }

        protected void FlushLog()
        {
            while (_log.TryTake(out CmdletLog.Entry entry))
            {
                switch (entry.Kind)
                {
                    case CmdletLog.Kind.Warning:
                        WriteWarning(entry.Text);
                        break;
                    case CmdletLog.Kind.Progress:
                        WriteListingProgress(entry);
                        break;
                    case CmdletLog.Kind.Waiting:
                        _waitProgress = new ProgressRecord(WaitProgressId, "Waiting to retry", entry.Text) { SecondsRemaining = (int)Math.Min(int.MaxValue, entry.Total) };
                        WriteProgress(_waitProgress);
                        break;
                    default:
                        // The next request's line: the wait is over.
                        CompleteWaitProgress();
                        WriteVerbose(entry.Text);
                        break;
                }
            }
        }

        private const int ListingProgressId = 0x57_31;
        private const int WaitProgressId = 0x57_33;
        private ProgressRecord? _listingProgress;
        private ProgressRecord? _waitProgress;

        private void CompleteWaitProgress()
        {
            if (_waitProgress == null)
                return;
            CompleteProgress(_waitProgress);
            _waitProgress = null;
        }

        private void WriteListingProgress(CmdletLog.Entry entry)
        {
            string activity = entry.Text.Length > 0 ? char.ToUpperInvariant(entry.Text[0]) + entry.Text.Substring(1) : "Listing";
            _listingProgress = new ProgressRecord(ListingProgressId, activity, $"{entry.Done:N0} of {entry.Total:N0}")
            {
                PercentComplete = entry.Total > 0 ? (int)Math.Min(100, entry.Done * 100 / entry.Total) : -1,
            };
            WriteProgress(_listingProgress);
        }

        /// <summary>Closes a listing's progress bar, so none is left hanging when a listing ends or stops.</summary>
        private void CompleteListingProgress()
        {
            CompleteWaitProgress();
            if (_listingProgress == null)
                return;
            CompleteProgress(_listingProgress);
            _listingProgress = null;
        }

        /// <summary>Closes a progress bar however the work ended: done, failed, or stopped with Ctrl+C.</summary>
        protected internal void CompleteProgress(ProgressRecord progress)
        {
            // A new record: hosts and streams may keep the records written, which must not change under them.
            var completed = new ProgressRecord(progress.ActivityId, progress.Activity, progress.StatusDescription)
            {
                RecordType = ProgressRecordType.Completed,
                PercentComplete = progress.PercentComplete,
                SecondsRemaining = progress.SecondsRemaining,
            };
            try
            {
                WriteProgress(completed);
            }
            catch (PipelineStoppedException)
            {
                // The pipeline is being stopped; PowerShell clears the bar itself.
            }
            catch (InvalidOperationException)
            {
                // Written from outside the pipeline's own calls (a stopped pipeline): nothing to clear.
            }
        }

        /// <summary>An API failure as an ErrorRecord: ErrorId "Ws1.&lt;Kind&gt;", category from the kind.</summary>
        internal static ErrorRecord ErrorFrom(Ws1ApiException ex, object? target)
        {
            var record = new ErrorRecord(ex, "Ws1." + ex.Kind, CategoryOf(ex.Kind), target);
            return record;
        }

        internal static ErrorCategory CategoryOf(Ws1ErrorKind kind)
        {
            switch (kind)
            {
                case Ws1ErrorKind.InvalidApiKey:
                case Ws1ErrorKind.InvalidCredentials:
                case Ws1ErrorKind.NoApiAccess:
                case Ws1ErrorKind.TokenRejected:
                case Ws1ErrorKind.Unauthorized:
                case Ws1ErrorKind.ProxyAuthenticationRequired:
                case Ws1ErrorKind.CertificatePasswordInvalid:
                case Ws1ErrorKind.CertificateRejected:
                    return ErrorCategory.AuthenticationError;
                case Ws1ErrorKind.CertificateFileNotFound:
                    return ErrorCategory.ObjectNotFound;
                case Ws1ErrorKind.CertificateUnreadable:
                    return ErrorCategory.InvalidData;
                case Ws1ErrorKind.CertificateNoPrivateKey:
                case Ws1ErrorKind.CertificateExpired:
                case Ws1ErrorKind.CertificateNotYetValid:
                    return ErrorCategory.InvalidArgument;
                case Ws1ErrorKind.CertificateUnusable:
                    return ErrorCategory.SecurityError;
                case Ws1ErrorKind.PermissionDenied:
                    return ErrorCategory.PermissionDenied;
                case Ws1ErrorKind.NotFound:
                    return ErrorCategory.ObjectNotFound;
                case Ws1ErrorKind.BadRequest:
                case Ws1ErrorKind.ValueTooLong:
                    return ErrorCategory.InvalidArgument;
                case Ws1ErrorKind.AlreadyExists:
                    return ErrorCategory.ResourceExists;
                case Ws1ErrorKind.Throttled:
                case Ws1ErrorKind.QuotaExhausted:
                    return ErrorCategory.LimitsExceeded;
                case Ws1ErrorKind.Timeout:
                    return ErrorCategory.OperationTimeout;
                case Ws1ErrorKind.ConnectionFailed:
                case Ws1ErrorKind.ConnectionClosed:
                    return ErrorCategory.ConnectionError;
                case Ws1ErrorKind.HtmlResponse:
                case Ws1ErrorKind.XmlResponse:
                case Ws1ErrorKind.EmptyResponse:
                case Ws1ErrorKind.MalformedResponse:
                case Ws1ErrorKind.UnexpectedShape:
                case Ws1ErrorKind.Redirected:
                    return ErrorCategory.InvalidResult;
                case Ws1ErrorKind.ResponseTooLarge:
                    return ErrorCategory.LimitsExceeded;
                case Ws1ErrorKind.CertificateInvalid:
                    return ErrorCategory.SecurityError;
                case Ws1ErrorKind.OutcomeUnknown:
                    return ErrorCategory.OperationStopped;
                case Ws1ErrorKind.DirectorySyncedGroup:
                    return ErrorCategory.InvalidOperation;
                default:
                    return ErrorCategory.NotSpecified;
            }
        }
    }
}
