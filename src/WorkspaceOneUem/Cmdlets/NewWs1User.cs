using System;
using System.Management.Automation;
using System.Security;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// New-Ws1User: creates an enrollment user and returns it as read back from the server. Input the server
    /// would reject is refused before any request; a user name in use is a ResourceExists error naming the
    /// existing user. Parameters bind by property name, so CSV rows can be piped in.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "Ws1User", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpLinks.Base + "New-Ws1User.md")]
    [OutputType(typeof(Ws1User))]
    public sealed class NewWs1User : Ws1Cmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; } = null!; // Mandatory in every parameter set: bound before ProcessRecord

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Email { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? FirstName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? LastName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? DisplayName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SecureStringTransformation]
        public SecureString? Password { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Ws1SecurityType SecurityType { get; set; } = Ws1SecurityType.Basic;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, long.MaxValue)]
        [ArgumentCompleter(typeof(OrganizationGroupCompleter))]
        public long? OrganizationGroupId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Role { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? ContactNumber { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string? AccountName { get; set; }

        protected override void ProcessRecord()
        {
            var user = new NewUser
            {
                UserName = UserName.Trim(),
                Email = Email,
                FirstName = FirstName,
                LastName = LastName,
                DisplayName = DisplayName,
                Password = Password,
                SecurityType = SecurityType,
                OrganizationGroupId = OrganizationGroupId,
                Role = Role,
                ContactNumber = ContactNumber,
            };
            string? problem = user.FindProblem(out string? property);
            if (problem != null)
            {
                WriteError(new ErrorRecord(new ArgumentException(problem), "Ws1.Invalid" + property, ErrorCategory.InvalidArgument, UserName));
                return;
            }
            if (SecurityType == Ws1SecurityType.Directory && Password != null)
                WriteWarning($"'{UserName}' is a Directory user, who signs in with directory credentials: -Password is not sent.");

            Ws1Session? session = AccountName != null ? SessionOfObject(AccountName, UserName) : ResolveSession(null);
            if (session == null)
                return;
            string email = user.Email is { Length: > 0 } given ? given : "no email";
            if (!ShouldProcess($"{SecurityType} user '{user.UserName}' ({email}) on account '{session.AccountName}'", "Create"))
                return;

            long id;
            try
            {
                id = Await(ct => session.Users.AddAsync(user, ct));
            }
            catch (Ws1ApiException ex)
            {
                WriteError(CreateError(session, user.UserName, ex));
                return;
            }
            Ws1User? created = UserWithId(session, id);
            if (created != null)
                WriteObject(created);
        }

        /// <summary>
        /// Servers word a duplicate differently (or just say 400); that the name is taken now is what proves it,
        /// and the error then names the user who holds it.
        /// </summary>
        private ErrorRecord CreateError(Ws1Session session, string userName, Ws1ApiException ex)
        {
            if (ex.Kind == Ws1ErrorKind.AlreadyExists || ex.Kind == Ws1ErrorKind.BadRequest)
            {
                Ws1User? existing = ExistingUser(session, userName);
                if (existing != null)
                {
                    string email = existing.Email is { Length: > 0 } given ? given : "no email";
                    var exists = new Ws1ApiException(Ws1ErrorKind.AlreadyExists,
                        $"A user named '{existing.UserName}' already exists on account '{session.AccountName}' (id {existing.Id}, {email}, {existing.Status}). Nothing was created.",
                        ex.StatusCode, ex.ErrorCode, ex.CorrelationId, ex);
                    return ErrorFrom(exists, existing);
                }
            }
            return ErrorFrom(ex, userName);
        }

        private Ws1User? ExistingUser(Ws1Session session, string userName)
        {
            try
            {
                foreach (Ws1User user in Await(ct => session.Users.FindByUserNameAsync(userName, ct)))
                    return user;
            }
            catch (Ws1ApiException)
            {
                // The lookup only explains the refusal; when it fails, the server's own error is reported.
            }
            return null;
        }
    }
}
