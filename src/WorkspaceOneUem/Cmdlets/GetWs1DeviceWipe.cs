using System;
using System.Linq;
using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Get-Ws1DeviceWipe: the wipe log of an organization group (by default the account's customer group, child groups
    /// included), every page, streaming; the API's filters are sent to the server.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Ws1DeviceWipe", HelpUri = HelpLinks.Base + "Get-Ws1DeviceWipe.md")]
    [OutputType(typeof(Ws1DeviceWipe))]
    public sealed class GetWs1DeviceWipe : WipeProtectionCmdlet
    {
        [Parameter]
        [ValidateSet("Approved", "Held", "Queued", "Aborted", IgnoreCase = true)]
        public string[]? Status { get; set; }

        [Parameter]
        public Ws1WipeType WipeType { get; set; }

        /// <summary>Why the wipe was sent, as the API names it: ADMIN_ACTION, BULK_API_ACTION, COMPLIANCE, USER_DISABLED, ...</summary>
        [Parameter]
        [ValidatePattern("^[A-Za-z_]+$")]
        public string? Source { get; set; }

        [Parameter]
        public Ws1DeviceOwnership[]? Ownership { get; set; }

        /// <summary>Requested at or after this time (the tenant's time, as the log shows it).</summary>
        [Parameter]
        public DateTime Since { get; set; }

        /// <summary>Requested at or before this time; a date without a time takes in that whole day.</summary>
        [Parameter]
        public DateTime Until { get; set; }

        /// <summary>Part of the device's friendly name, serial number or user name (matched partially by the API).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SearchText { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string[]? AccountName { get; set; }

        private DeviceWipeSearch? _filter;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            RefuseTooLong(nameof(SearchText), SearchText);
            bool bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);
            _filter = new DeviceWipeSearch
            {
                SearchText = SearchText,
                Statuses = Status?.Select(s => s.ToUpperInvariant()).ToList(),
                WipeType = bound(nameof(WipeType)) ? (WipeType == Ws1WipeType.Full ? "DEVICE_WIPE" : "ENTERPRISE_WIPE") : null,
                WipeSource = Source?.ToUpperInvariant(),
                Ownerships = Ownership?.Select(OwnershipName).ToList(),
                Since = bound(nameof(Since)) ? Since : (DateTime?)null,
                Until = bound(nameof(Until)) ? Until : (DateTime?)null,
            };
        }

        protected override void ProcessRecord()
        {
            foreach (Ws1Session session in ResolveSessions(AccountName))
            {
                Ws1OrganizationGroup? group = GroupOf(session);
                if (group == null)
                    continue;
                try
                {
                    foreach (Ws1DeviceWipe wipe in Stream(session.WipeProtection.ListAsync(group.Uuid, _filter, CancelToken)))
                        WriteObject(wipe);
                }
                catch (Ws1ApiException ex)
                {
                    WriteError(ErrorFrom(ex, session.AccountName));
                }
            }
        }

        private static string OwnershipName(Ws1DeviceOwnership ownership)
        {
            switch (ownership)
            {
                case Ws1DeviceOwnership.CorporateDedicated: return "CORPORATE_DEDICATED";
                case Ws1DeviceOwnership.CorporateShared: return "CORPORATE_SHARED";
                case Ws1DeviceOwnership.EmployeeOwned: return "EMPLOYEE_OWNED";
                default: return "UNKNOWN";
            }
        }
    }
}
