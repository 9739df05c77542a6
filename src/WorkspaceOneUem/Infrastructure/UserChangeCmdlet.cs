using System;
using System.Collections.Generic;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Resolution;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// What the cmdlets that change users share (Remove-, Enable-, Disable- and Set-Ws1User): the users to act on
    /// from -Id, -UserName (exact) or the pipeline, each on its own account, each once; one confirmation per user;
    /// -Force and -WhatIf; and the change, sent per account once the input has ended (<see cref="Send"/>).
    /// </summary>
    /// <remarks>
    /// Changes are sent once the input has ended, in bulk calls of at most 500 users: removing or deactivating
    /// users while an upstream Get-Ws1User is still paging through them would shift its pages and skip users.
    /// </remarks>
    public abstract class UserChangeCmdlet : Ws1Cmdlet
    {
        internal const string IdSet = "Id";
        internal const string UserNameSet = "UserName";
        internal const string InputObjectSet = "InputObject";

        private readonly string _action;
        private readonly List<Ws1Session> _accounts = new List<Ws1Session>();
        private readonly Dictionary<Ws1Session, List<Ws1User>> _approved = new Dictionary<Ws1Session, List<Ws1User>>();
        private readonly HashSet<(Ws1Session, long)> _seen = new HashSet<(Ws1Session, long)>();

        /// <param name="action">The operation as ShouldProcess shows it: "Remove", "Enable", "Disable", "Set".</param>
        protected UserChangeCmdlet(string action)
        {
            _action = action;
        }

        /// <summary>User ids. -UserId is the same, the name the device actions use, so one name works everywhere.</summary>
        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [Alias("UserId")]
        [ValidateRange(1, long.MaxValue)]
        public long[]? Id { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = UserNameSet)]
        [ValidateNotNullOrEmpty]
        public string[]? UserName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject[]? InputObject { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string? AccountName { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }


        private UserReferences? _users;

        protected override void ProcessRecord()
        {
            _users = _users ?? NewUserReferences(AccountName, devices: null);
            _users.AddInput(InputObject, Id, UserName);
            // Ready() and Rest() hand out Found outcomes only, which carry their session.
            foreach (UserOutcome found in _users.Ready())
                Consider(found.Session!, found.User);
        }

        protected override void EndProcessing()
        {
            if (_users != null)
            {
                foreach (UserOutcome found in _users.Rest())
                    Consider(found.Session!, found.User);
            }
            foreach (Ws1Session session in _accounts)
                Send(session, _approved[session]);
            base.EndProcessing();
        }

        /// <summary>Sends the change for the approved users of one account; writes results and errors.</summary>
        protected abstract void Send(Ws1Session session, List<Ws1User> users);

        /// <summary>Asks for one user (ShouldProcess, -Force); false leaves the user out.</summary>
        protected virtual bool Approve(Ws1Session session, Ws1User user)
        {
            string email = user.Email is { Length: > 0 } given ? given : "no email";
            return ShouldProcess($"user '{user.UserName}' ({email}, id {user.Id}) on account '{session.AccountName}'", _action, Force);
        }

        /// <summary>A failed change as an error record: a user that is gone is ObjectNotFound.</summary>
        protected ErrorRecord ChangeError(Ws1ApiException error, Ws1User user) =>
            error.Kind == Ws1ErrorKind.NotFound
                ? new ErrorRecord(error, "Ws1.UserNotFound", ErrorCategory.ObjectNotFound, user)
                : ErrorFrom(error, user);

        private void Consider(Ws1Session session, Ws1User? user)
        {
            if (user == null || !_seen.Add((session, user.Id)) || !Approve(session, user))
                return;
            if (!_approved.TryGetValue(session, out List<Ws1User>? users))
            {
                _approved[session] = users = new List<Ws1User>();
                _accounts.Add(session);
            }
            users.Add(user);
        }
    }
}
