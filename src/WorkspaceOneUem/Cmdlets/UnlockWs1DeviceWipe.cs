using System.Management.Automation;
using WorkspaceOneUem.Client;
using WorkspaceOneUem.Infrastructure;

namespace WorkspaceOneUem.Cmdlets
{
    /// <summary>
    /// Unlock-Ws1DeviceWipe: resets the wipe-protection threshold count of one account, so the next wipes go out
    /// instead of being held (ConfirmImpact High). Wipes already held stay held: Approve- or Deny-Ws1DeviceWipe them.
    /// </summary>
    [Cmdlet(VerbsCommon.Unlock, "Ws1DeviceWipe", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Base + "Unlock-Ws1DeviceWipe.md")]
    [OutputType(typeof(Ws1DeviceWipeLock))]
    public sealed class UnlockWs1DeviceWipe : WipeProtectionCmdlet
    {
        /// <summary>One account; no wildcards.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountNameCompleter))]
        public string? AccountName { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes the lock's state after the reset.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            Ws1Session session = ResolveSession(AccountName);
            Ws1OrganizationGroup? group = GroupOf(session);
            if (group != null && ShouldProcess($"wipe protection at organization group '{group.Name}' on account '{session.AccountName}' (the next wipes go out instead of being held)",
                    "Unlock (reset the wipe count)", Force))
            {
                try
                {
                    Await(async ct =>
                    {
                        await session.WipeProtection.UnlockAsync(group, ct).ConfigureAwait(false);
                        return true;
                    });
                    if (PassThru)
                        WriteObject(Await(ct => session.WipeProtection.GetLockAsync(group, ct)));
                }
                catch (Ws1ApiException ex)
                {
                    WriteError(ErrorFrom(ex, group.Name));
                }
            }
            base.EndProcessing();
        }
    }
}
