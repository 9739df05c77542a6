using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// What every cmdlet of the module shares: picking sessions by account name, running client calls
    /// so that Ctrl+C cancels them, writing the client's log on the pipeline thread, and turning API
    /// failures into ErrorRecords with stable ids and real categories.
    /// </summary>
    public abstract class Ws1Cmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly CmdletLog _log;

        protected Ws1Cmdlet()
        {
            _log = new CmdletLog(FlushLog);
        }

        protected internal CancellationToken CancelToken => _stop.Token;

        internal Ws1SessionRegistry Registry => Ws1SessionRegistry.Current;

        private UserDeviceFinder _finder;

        /// <summary>Resolves users and devices from names, ids and piped objects, each in its own account.</summary>
        internal UserDeviceFinder Finder => _finder ?? (_finder = new UserDeviceFinder(this));

        private UserDeviceLookups _deviceLookups;

        /// <summary>Looks up the devices of piped users several at once, handing results back in input order.</summary>
        internal UserDeviceLookups DeviceLookups => _deviceLookups ?? (_deviceLookups = new UserDeviceLookups(this));

        protected override void StopProcessing() => _stop.Cancel();

        protected override void EndProcessing() => FlushLog();

        /// <summary>The session for one account name, or the default session; terminating error when there is none.</summary>
        protected Ws1Session ResolveSession(string accountName)
        {
            if (string.IsNullOrEmpty(accountName))
            {
                string name = Registry.DefaultAccountName;
                if (name == null)
                    ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("Not connected to a Workspace ONE UEM tenant. Run Connect-Ws1Uem first."),
                        "Ws1.NotConnected", ErrorCategory.ConnectionError, null));
                return Registry.Find(name);
            }
            if (WildcardPattern.ContainsWildcardCharacters(accountName))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-AccountName '{accountName}' contains wildcards; this command acts on one account. Give its exact name."),
                    "Ws1.AccountNameWildcard", ErrorCategory.InvalidArgument, accountName));
            Ws1Session session = Registry.Find(accountName);
            if (session == null)
                ThrowTerminatingError(NotConnectedError(accountName));
            return session;
        }

        /// <summary>Sessions for reads: several names and wildcards; no name means the default session.</summary>
        protected IReadOnlyList<Ws1Session> ResolveSessions(string[] accountNames)
        {
            if (accountNames == null || accountNames.Length == 0)
                return new[] { ResolveSession(null) };
            var found = new List<Ws1Session>();
            foreach (string name in accountNames)
            {
                if (WildcardPattern.ContainsWildcardCharacters(name))
                {
                    found.AddRange(Registry.Match(name));
                    continue;
                }
                Ws1Session session = Registry.Find(name);
                if (session == null)
                    WriteError(NotConnectedError(name));
                else
                    found.Add(session);
            }
            return found.Distinct().ToList();
        }

        internal static ErrorRecord NotConnectedError(string accountName) =>
            new ErrorRecord(new InvalidOperationException($"No connection named '{accountName}'. Run Connect-Ws1Uem -AccountName '{accountName}', or Get-Ws1UemConnection to see the open ones."),
                "Ws1.AccountNotConnected", ErrorCategory.ObjectNotFound, accountName);

        /// <summary>
        /// ShouldProcess for a change with -Force: -WhatIf (given, or the caller's $WhatIfPreference) beats -Force,
        /// which beats the prompt ConfirmImpact and $ConfirmPreference ask for; an explicit -Confirm still asks.
        /// </summary>
        protected bool ShouldProcess(string target, string action, bool force)
        {
            if (force && !IsRequested("WhatIf", "WhatIfPreference") && !IsRequested("Confirm", null))
            {
                WriteVerbose($"{action} {target} (-Force: not confirmed).");
                return true;
            }
            return ShouldProcess(target, action);
        }

        private bool IsRequested(string parameter, string preference)
        {
            if (MyInvocation.BoundParameters.TryGetValue(parameter, out object bound))
                return LanguagePrimitives.IsTrue(bound);
            return preference != null && LanguagePrimitives.IsTrue(GetVariableValue(preference));
        }

        /// <summary>Runs a client call to completion on the pipeline thread, writing its log as it goes.</summary>
        protected internal T Await<T>(Func<CancellationToken, Task<T>> call) => Wait(Start(call));

        /// <summary>Starts a client call that logs to this cmdlet and stops with it; <see cref="Wait"/> for its result.</summary>
        protected internal Task<T> Start<T>(Func<CancellationToken, Task<T>> call)
        {
            IWs1Log outer = Ws1Diagnostics.Current;
            Ws1Diagnostics.Current = _log;
            _log.OwnedBy(Thread.CurrentThread);
            try
            {
                return call(_stop.Token);
            }
            finally
            {
                Ws1Diagnostics.Current = outer;
            }
        }

        /// <summary>Waits on the pipeline thread for a call made with <see cref="Start"/>, writing its log as it goes.</summary>
        protected internal T Wait<T>(Task<T> task)
        {
            // Wait without Task.Wait, which would wrap a failure in an AggregateException.
            try
            {
                while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(50))
                    FlushLog();
                FlushLog();
                return task.GetAwaiter().GetResult();
            }
            finally
            {
                CompleteListingProgress();
            }
        }

        /// <summary>Streams a client enumeration, writing the log between items.</summary>
        protected internal IEnumerable<T> Stream<T>(IEnumerable<T> source)
        {
            IWs1Log outer = Ws1Diagnostics.Current;
            _log.OwnedBy(Thread.CurrentThread);
            using (IEnumerator<T> e = source.GetEnumerator())
            {
                try
                {
                    while (true)
                    {
                        bool more;
                        Ws1Diagnostics.Current = _log;
                        try
                        {
                            more = e.MoveNext();
                        }
                        finally
                        {
                            Ws1Diagnostics.Current = outer;
                            FlushLog();
                        }
                        if (!more)
                            yield break;
                        yield return e.Current;
                    }
                }
                finally
                {
                    CompleteListingProgress();
                }
            }
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
                    default:
                        WriteVerbose(entry.Text);
                        break;
                }
            }
        }

        private const int ListingProgressId = 0x57_31;
        private ProgressRecord _listingProgress;

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
            if (_listingProgress == null)
                return;
            CompleteProgress(_listingProgress);
            _listingProgress = null;
        }

        /// <summary>Closes a progress bar however the work ended: done, failed, or stopped with Ctrl+C.</summary>
        protected internal void CompleteProgress(ProgressRecord progress)
        {
            progress.RecordType = ProgressRecordType.Completed;
            try
            {
                WriteProgress(progress);
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
        internal static ErrorRecord ErrorFrom(Ws1ApiException ex, object target)
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
                    return ErrorCategory.AuthenticationError;
                case Ws1ErrorKind.PermissionDenied:
                    return ErrorCategory.PermissionDenied;
                case Ws1ErrorKind.NotFound:
                    return ErrorCategory.ObjectNotFound;
                case Ws1ErrorKind.BadRequest:
                    return ErrorCategory.InvalidArgument;
                case Ws1ErrorKind.AlreadyExists:
                    return ErrorCategory.ResourceExists;
                case Ws1ErrorKind.Throttled:
                case Ws1ErrorKind.QuotaExhausted:
                    return ErrorCategory.LimitsExceeded;
                case Ws1ErrorKind.Timeout:
                    return ErrorCategory.OperationTimeout;
                case Ws1ErrorKind.ConnectionFailed:
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
                default:
                    return ErrorCategory.NotSpecified;
            }
        }
    }
}
