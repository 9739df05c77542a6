<#
.SYNOPSIS
    An unattended runbook: deactivates leavers and locks their devices (Invoke-Ws1UserOffboarding), logs every
    outcome, and exits non-zero when anything failed. Add -WipeDevice, -RemoveFromUserGroup and -Delete for a
    full leaver run.
.DESCRIPTION
    Written for Azure Automation, a scheduled task or any job runner that starts a fresh, non-interactive
    PowerShell for each run. Nothing prompts: every change carries -Force (or -Confirm:$false). Errors go to the log (and
    to the error stream, which the job runner keeps); secrets never do.

    Where the credentials come from:
      - Azure Automation: $cred = Get-AutomationPSCredential -Name 'Ws1Admin'
                          $key  = (Get-AutomationPSCredential -Name 'Ws1ApiKey').Password
      - A scheduled task on Windows, with a credential saved once by the task's own account:
                          Get-Credential | Export-Clixml "$env:LOCALAPPDATA\ws1-admin.xml"   (DPAPI-protected)
                          $cred = Import-Clixml "$env:LOCALAPPDATA\ws1-admin.xml"
      - OAuth works the same way: Connect-Ws1Uem -ClientId $id -ClientSecret $secret -Region na.
.EXAMPLE
    ./Invoke-Ws1LeaverRunbook.ps1 -Server as1234.awmdm.com -Credential $cred -ApiKey $key -LeaverCsv ./leavers.csv -LogPath ./leavers.log
    The CSV has a UserName column. The script's exit code is 0 when every leaver was handled, 1 otherwise.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Server,
    [Parameter(Mandatory)] [pscredential] $Credential,
    [Parameter(Mandatory)] [securestring] $ApiKey,
    [Parameter(Mandatory)] [string] $LeaverCsv,
    [string] $LogPath = (Join-Path ([IO.Path]::GetTempPath()) 'ws1-leavers.log')
)

$ErrorActionPreference = 'Stop'
function Write-Log([string] $Text) {
    $line = '{0:yyyy-MM-dd HH:mm:ss} {1}' -f (Get-Date), $Text
    Add-Content -LiteralPath $LogPath -Value $line
    Write-Output $line
}

$failures = 0
try {
    Import-Module WorkspaceOneUem
    Connect-Ws1Uem -Server $Server -Credential $Credential -ApiKey $ApiKey -AccountName Tenant | Out-Null
    $leavers = @(Import-Csv -LiteralPath $LeaverCsv)
    Write-Log "Handling $($leavers.Count) leaver(s)."

    # One command plans every step for every leaver before it sends anything, matches names exactly ('ann' never
    # touches 'joann') and returns one result per user, step and device. Running it again is safe: what was done
    # is recognised from the tenant and not sent twice, so a failed run is finished by the next one.
    $results = @($leavers | Invoke-Ws1UserOffboarding -AccountName Tenant -Disable -LockDevice -Force -ErrorAction Continue)
    foreach ($user in $results | Group-Object UserName) {
        $notDone = @($user.Group | Where-Object Status -in 'Failed', 'OutcomeUnknown', 'Held')
        if ($notDone) {
            $failures++
            foreach ($r in $notDone) { Write-Log "$($user.Name): FAILED $((@("$($r.Step)", $r.Target, "$($r.Status)") | Where-Object { $_ }) -join ' '): $($r.Reason)" }
            continue
        }
        $locks = @($user.Group | Where-Object { $_.Step -eq 'LockDevice' -and $_.Status -eq 'Done' }).Count
        Write-Log "$($user.Name): deactivated; $locks device lock(s) queued."
    }
}
catch {
    $failures++
    Write-Log "Run FAILED [$($_.FullyQualifiedErrorId)] $($_.Exception.Message)"
}
finally {
    Disconnect-Ws1Uem -All -Confirm:$false -ErrorAction SilentlyContinue
}

Write-Log "Done with $failures failure(s)."
exit ([int]($failures -gt 0))
