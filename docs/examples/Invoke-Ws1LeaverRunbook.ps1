<#
.SYNOPSIS
    An unattended runbook: deactivates leavers and locks their devices, logs every outcome, and exits non-zero
    when anything failed.
.DESCRIPTION
    Written for Azure Automation, a scheduled task or any job runner that starts a fresh, non-interactive
    PowerShell for each run. Nothing prompts: every change carries -Confirm:$false. Errors go to the log (and
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

    foreach ($leaver in $leavers) {
        try {
            # Exact match: 'ann' never touches 'joann'. -ErrorAction Stop turns a not-found into a catchable error.
            $user = Get-Ws1User -UserName $leaver.UserName -AccountName Tenant
            if (-not $user) { throw "No user named '$($leaver.UserName)'." }
            $user | Disable-Ws1User -Confirm:$false
            $results = @($user | Lock-Ws1UserDevice -Confirm:$false -WarningAction SilentlyContinue)
            $queued = @($results | Where-Object Status -eq 'Queued').Count
            $notDone = @($results | Where-Object Status -in 'Failed', 'OutcomeUnknown', 'NotSent')
            Write-Log "$($user.UserName): deactivated; $queued device lock(s) queued."
            foreach ($r in $notDone) {
                $failures++
                Write-Log "$($user.UserName): device $($r.DeviceId) $($r.Status): $($r.Message)"
            }
        }
        catch {
            $failures++
            Write-Log "$($leaver.UserName): FAILED [$($_.FullyQualifiedErrorId)] $($_.Exception.Message)"
        }
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
