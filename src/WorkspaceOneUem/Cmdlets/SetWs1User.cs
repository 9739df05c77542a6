using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Client.Resolution;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Set-Ws1User: changes the given fields of users (only those are sent) and moves them to another organization
    /// group. Users come from -Id, -UserName (exact) or the pipeline, each changed on its own account.
    /// </summary>
    /// <remarks>
    /// Changes are sent once the input has ended: moving users while an upstream Get-Ws1User -OrganizationGroupId is
    /// still paging through that group would shift its pages and skip users.
    /// </remarks>
    [Cmdlet(VerbsCommon.Set, "Ws1User", DefaultParameterSetName = UserNameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        HelpUri = HelpLinks.Base + "Set-Ws1User.md")]
    [OutputType(typeof(Ws1User))]
    public sealed class SetWs1User : UserChangeCmdlet
    {
        public SetWs1User()
            : base("Set")
        {
        }

        [Parameter]
        [AllowEmptyString]
        public string? Email { get; set; }

        [Parameter]
        [AllowEmptyString]
        public string? FirstName { get; set; }

        [Parameter]
        [AllowEmptyString]
        public string? LastName { get; set; }

        [Parameter]
        [AllowEmptyString]
        public string? DisplayName { get; set; }

        /// <summary>The user's phone number (ContactNumber on the wire).</summary>
        [Parameter]
        [AllowEmptyString]
        [Alias("ContactNumber")]
        public string? PhoneNumber { get; set; }

        [Parameter]
        [AllowEmptyString]
        public string? MobileNumber { get; set; }

        [Parameter]
        [AllowEmptyString]
        public string? CustomAttribute1 { get; set; }

        [Parameter]
        [AllowEmptyString]
        public string? CustomAttribute2 { get; set; }

        [Parameter]
        [AllowEmptyString]
        public string? CustomAttribute3 { get; set; }

        [Parameter]
        [AllowEmptyString]
        public string? CustomAttribute4 { get; set; }

        [Parameter]
        [AllowEmptyString]
        public string? CustomAttribute5 { get; set; }

        /// <summary>Custom attributes by number (1..5) or name (CustomAttribute1..5).</summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable? CustomAttribute { get; set; }

        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        [ArgumentCompleter(typeof(OrganizationGroupCompleter))]
        public long? OrganizationGroupId { get; set; }



        private static readonly (string Parameter, string Wire)[] Fields =
        {
            (nameof(Email), "Email"), (nameof(FirstName), "FirstName"), (nameof(LastName), "LastName"),
            (nameof(DisplayName), "DisplayName"), (nameof(PhoneNumber), "ContactNumber"), (nameof(MobileNumber), "MobileNumber"),
            (nameof(CustomAttribute1), "CustomAttribute1"), (nameof(CustomAttribute2), "CustomAttribute2"), (nameof(CustomAttribute3), "CustomAttribute3"),
            (nameof(CustomAttribute4), "CustomAttribute4"), (nameof(CustomAttribute5), "CustomAttribute5"),
        };

        private readonly Ws1UserUpdate _update = new Ws1UserUpdate();
        private readonly Dictionary<Ws1Session, Ws1OrganizationGroup?> _targets = new Dictionary<Ws1Session, Ws1OrganizationGroup?>();

        protected override void BeginProcessing()
        {
            foreach ((string parameter, string wire) in Fields)
            {
                if (MyInvocation.BoundParameters.TryGetValue(parameter, out object? value))
                    _update.Set(wire, (string?)value ?? string.Empty);
            }
            if (CustomAttribute != null)
                AddCustomAttributes(CustomAttribute);
            _update.OrganizationGroupId = OrganizationGroupId;
            if (_update.IsEmpty)
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("Nothing to change: give the fields to set (-Email, -FirstName, -LastName, -DisplayName, -PhoneNumber, -MobileNumber, -CustomAttribute1..5 or -CustomAttribute) or -OrganizationGroupId."),
                    "Ws1.NothingToChange", ErrorCategory.InvalidArgument, null));
            Ws1ApiException? problem = _update.FindProblem();
            if (problem != null)
                ThrowTerminatingError(ErrorFrom(problem, null));
        }

        private void AddCustomAttributes(Hashtable attributes)
        {
            foreach (DictionaryEntry entry in attributes)
            {
                string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture)?.Trim() ?? string.Empty;
                string? wire = key.Length == 1 && key[0] >= '1' && key[0] <= '5' ? "CustomAttribute" + key
                    : key.Length == "CustomAttribute1".Length && key.StartsWith("CustomAttribute", StringComparison.OrdinalIgnoreCase) && key[key.Length - 1] >= '1' && key[key.Length - 1] <= '5'
                        ? "CustomAttribute" + key[key.Length - 1]
                        : null;
                if (wire == null)
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-CustomAttribute has the key '{key}'; the keys are 1 to 5 (or CustomAttribute1 to CustomAttribute5). Nothing was sent."),
                        "Ws1.InvalidCustomAttribute", ErrorCategory.InvalidArgument, key));
                // wire is set: ThrowTerminatingError above does not return.
                if (MyInvocation.BoundParameters.ContainsKey(wire!))
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException($"{wire} is given twice, as -{wire} and in -CustomAttribute. Give it once. Nothing was sent."),
                        "Ws1.InvalidCustomAttribute", ErrorCategory.InvalidArgument, key));
                object? value = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
                _update.Set(wire!, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
            }
        }

        /// <summary>Asks with the fields that change, old -> new; a user already as asked is written, not sent.</summary>
        protected override bool Approve(Ws1Session session, Ws1User user)
        {
            Ws1OrganizationGroup? target = null;
            if (_update.OrganizationGroupId.HasValue && !TryFindTarget(session, out target))
                return false;
            string who = $"user '{user.UserName}' (id {user.Id}) on account '{session.AccountName}'";
            if (_update.Fields.Count == 0 && _update.MovesNothing(user))
            {
                WriteVerbose($"{who} is in organization group '{user.OrganizationGroupName}' ({user.OrganizationGroupId}) already: nothing to send.");
                if (PassThru)
                    WriteObject(user);
                return false;
            }
            return ShouldProcess($"{who}: {_update.Describe(user, target?.Name)}", "Set", Force);
        }

        /// <summary>One update (and move) per user: the API has no bulk update.</summary>
        protected override void Send(Ws1Session session, List<Ws1User> users)
        {
            foreach (Ws1User user in users)
                Change(session, user);
        }

        /// <summary>The group to move to, read once per account: a group that is not there stops every move on that account before anything is sent.</summary>
        private bool TryFindTarget(Ws1Session session, [NotNullWhen(true)] out Ws1OrganizationGroup? target)
        {
            if (_targets.TryGetValue(session, out target))
                return target != null;
            long id = _update.OrganizationGroupId!.Value; // the caller asks only for an update that names a group
            try
            {
                target = Await(ct => session.Groups.GetAsync(id, ct));
            }
            catch (Ws1ApiException ex) when (ex.Kind == Ws1ErrorKind.NotFound)
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"No organization group with id {id} on account '{session.AccountName}', so no user there was changed. Find the group with Get-Ws1OrganizationGroup -AccountName '{session.AccountName}'.", ex),
                    "Ws1.OrganizationGroupNotFound", ErrorCategory.ObjectNotFound, id));
            }
            catch (Ws1ApiException ex)
            {
                WriteError(ErrorFrom(ex, id));
            }
            _targets[session] = target;
            return target != null;
        }

        private void Change(Ws1Session session, Ws1User user)
        {
            try
            {
                Await(async ct =>
                {
                    await session.Users.UpdateAsync(user, _update, ct).ConfigureAwait(false);
                    return true;
                });
            }
            catch (Ws1ApiException ex)
            {
                WriteError(ChangeError(ex, user));
                return;
            }
            if (PassThru)
            {
                Ws1User? changed = UserWithId(session, user.Id);
                if (changed != null)
                    WriteObject(changed);
            }
        }
    }
}
