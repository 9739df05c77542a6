using System;
using System.Collections.Generic;
using System.Management.Automation;
using WorkspaceOneUem.Client;

namespace WorkspaceOneUem.Infrastructure
{
    /// <summary>
    /// What the wipe-protection cmdlets share: the organization group they act at, given by id or uuid, or by default
    /// the account's customer group (the one group wipe protection is set at), found once per account.
    /// </summary>
    public abstract class WipeProtectionCmdlet : Ws1Cmdlet
    {
        private readonly Dictionary<Ws1Session, Ws1OrganizationGroup?> _groups = new Dictionary<Ws1Session, Ws1OrganizationGroup?>();

        /// <summary>The organization group's numeric id; by default the account's customer group.</summary>
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        [ArgumentCompleter(typeof(OrganizationGroupCompleter))]
        public long? OrganizationGroupId { get; set; }

        /// <summary>The organization group's uuid, which the wipe-protection calls take; saves looking the id up.</summary>
        [Parameter]
        [ValidatePattern("^[0-9A-Fa-f-]{32,36}$")]
        public string? OrganizationGroupUuid { get; set; }

        protected override void BeginProcessing()
        {
            if (OrganizationGroupId.HasValue && OrganizationGroupUuid != null)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give -OrganizationGroupId or -OrganizationGroupUuid, not both."),
                    "Ws1.AmbiguousOrganizationGroup", ErrorCategory.InvalidArgument, OrganizationGroupId));
        }

        /// <summary>The group to act at on this account, or null with the error written.</summary>
        internal Ws1OrganizationGroup? GroupOf(Ws1Session session)
        {
            if (_groups.TryGetValue(session, out Ws1OrganizationGroup? known))
                return known;
            Ws1OrganizationGroup? group = null;
            try
            {
                if (OrganizationGroupUuid != null)
                    group = new Ws1OrganizationGroup { Uuid = OrganizationGroupUuid, Name = OrganizationGroupUuid };
                else if (OrganizationGroupId.HasValue)
                    group = Await(ct => session.Groups.GetAsync(OrganizationGroupId.Value, ct));
                else
                    group = Await(ct => session.Groups.GetCustomerGroupAsync(ct));
                WriteVerbose($"Wipe protection of account '{session.AccountName}' at organization group '{group.Name}' (uuid {group.Uuid}).");
            }
            catch (Ws1ApiException ex)
            {
                WriteError(ErrorFrom(ex, session.AccountName));
            }
            _groups[session] = group;
            return group;
        }
    }
}
