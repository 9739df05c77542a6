# Unattended use: a fresh, non-interactive pwsh per run, as Azure Automation and scheduled tasks start them.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Manifest = Get-TestModuleManifest
    $script:Sim = Start-TestSimulator -Users 300 -Seed 31
    $script:Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $script:Runbook = Join-Path $PSScriptRoot '../../docs/examples/Invoke-Ws1LeaverRunbook.ps1'
    # The folder that holds WorkspaceOneUem/<version>/, so 'Import-Module WorkspaceOneUem' finds it by name.
    $script:ModuleRoot = Split-Path (Split-Path (Split-Path $Manifest))
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) "ws1-unattended-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $Work | Out-Null

    Import-Module $Manifest -Force
    $cred = New-TestCredential
    Connect-Ws1Uem -Server $Sim.Url -Credential $cred -ApiKey $Sim.TenantCode -AccountName Setup -RequestsPerMinute 100000 | Out-Null
    $script:Leavers = @(Get-Ws1User -AccountName Setup -Status Active | Where-Object EnrolledDeviceCount -gt 0 | Select-Object -First 2 -ExpandProperty UserName)

    function Invoke-Runbook([string[]] $UserNames) {
        $csv = Join-Path $Work "leavers-$([guid]::NewGuid().ToString('n')).csv"
        $UserNames | ForEach-Object { [pscustomobject]@{ UserName = $_ } } | Export-Csv -LiteralPath $csv -NoTypeInformation
        $log = "$csv.log"
        $command = "`$cred = [pscredential]::new('apiadmin', (ConvertTo-SecureString 'Sim-Admin-Pass-1' -AsPlainText -Force)); " +
            "`$key = ConvertTo-SecureString '$($Sim.TenantCode)' -AsPlainText -Force; " +
            "& '$Runbook' -Server '$($Sim.Url)' -Credential `$cred -ApiKey `$key -LeaverCsv '$csv' -LogPath '$log'"
        $saved = $env:PSModulePath
        try {
            $env:PSModulePath = $ModuleRoot + [IO.Path]::PathSeparator + $saved
            $output = & $Pwsh -NoProfile -NonInteractive -Command $command 2>&1
            $exit = $LASTEXITCODE
        }
        finally {
            $env:PSModulePath = $saved
        }
        [pscustomobject]@{ Exit = $exit; Output = ($output -join "`n"); Log = (Get-Content -Raw -LiteralPath $log) }
    }
}

AfterAll {
    Disconnect-Ws1Uem -All -ErrorAction SilentlyContinue
    Stop-Ws1Simulator $script:Sim
    Remove-Item -Recurse -Force $script:Work -ErrorAction SilentlyContinue
}

Describe 'The runbook example in docs/examples' {
    It 'deactivates the leavers, locks their devices, logs each outcome and exits 1 when one leaver is unknown' {
        Invoke-Ws1SimulatorControl $Sim 'journal' -Method DELETE | Out-Null
        $run = Invoke-Runbook @($Leavers[0], 'no.such.leaver')
        $run.Exit | Should -Be 1 -Because $run.Output
        $run.Log | Should -BeLike "*$($Leavers[0]): deactivated; * device lock(s) queued.*"
        $run.Log | Should -BeLike "*no.such.leaver: FAILED Disable Failed: No user named exactly 'no.such.leaver'*"
        $run.Log | Should -BeLike '*Done with 1 failure(s).*'
        $run.Output | Should -Not -BeLike '*NonInteractive*'
        $journal = @(Invoke-Ws1SimulatorControl $Sim 'journal')
        @($journal | Where-Object { $_.Method -eq 'POST' -and $_.Path -like '*/deactivate' }).Count | Should -Be 1
        @($journal | Where-Object { $_.Method -eq 'POST' -and $_.Path -like '*/commands*' }).Count | Should -BeGreaterThan 0
    }

    It 'exits 0 when every leaver was handled, and never shows the key or the password' {
        $run = Invoke-Runbook @($Leavers[1])
        $run.Exit | Should -Be 0 -Because $run.Output
        $run.Log | Should -BeLike '*Done with 0 failure(s).*'
        (Get-Ws1User -AccountName Setup -UserName $Leavers[1]).Status | Should -Be 'Inactive'
        ($run.Output + $run.Log).Contains($Sim.TenantCode) | Should -BeFalse
        ($run.Output + $run.Log).Contains('Sim-Admin-Pass-1') | Should -BeFalse
    }
}

Describe 'An action that would prompt, under pwsh -NonInteractive' {
    It 'ends with an error naming -Confirm:$false, and sends nothing' {
        Invoke-Ws1SimulatorControl $Sim 'journal' -Method DELETE | Out-Null
        $command = "Import-Module '$Manifest'; " +
            "Connect-Ws1Uem -Server '$($Sim.Url)' -ApiKey '$($Sim.TenantCode)' -Credential ([pscredential]::new('apiadmin', (ConvertTo-SecureString 'Sim-Admin-Pass-1' -AsPlainText -Force))) | Out-Null; " +
            "try { Remove-Ws1User -UserName '$($Leavers[0])' -ErrorAction Stop } catch { 'ID=' + `$_.FullyQualifiedErrorId; 'MSG=' + `$_.Exception.Message }"
        $out = (& $Pwsh -NoProfile -NonInteractive -Command $command 2>&1) -join "`n"
        $out | Should -BeLike '*ID=Ws1.ConfirmationNotPossible,*'
        $out | Should -BeLike '*-Confirm:$false (or -Force)*'
        @(Invoke-Ws1SimulatorControl $Sim 'journal' | Where-Object Method -eq 'DELETE').Count | Should -Be 0
    }
}
