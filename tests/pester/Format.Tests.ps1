# Every type a cmdlet says it emits has a table view, and the tables a person sees first fit 120 columns.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $module = Import-Module (Get-TestModuleManifest) -Force -PassThru
    $script:OutputTypes = @($module.ExportedCmdlets.Values | ForEach-Object { $_.OutputType } |
        Where-Object { $_.Type -and $_.Type.Namespace -like 'WorkspaceOneUem*' -and -not $_.Type.IsEnum } |
        ForEach-Object { $_.Type.FullName } | Sort-Object -Unique | ForEach-Object { @{ TypeName = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $script:Sim = Start-TestSimulator -Users 300 -Seed 5
    $script:Sim2 = Start-TestSimulator -Users 40 -Seed 6
    Connect-Ws1Uem -Server $Sim2.Url -Credential (New-TestCredential) -ApiKey $Sim2.TenantCode -AccountName 'Fabrikam' -RequestsPerMinute 100000 | Out-Null
    Connect-Ws1Uem -Server $Sim.Url -Credential (New-TestCredential) -ApiKey $Sim.TenantCode -AccountName 'Contoso Europe Production' -RequestsPerMinute 100000 | Out-Null

    # The header of every table in the text: no header may wrap onto a second line.
    function Get-WrappedHeader([string[]] $Lines) {
        for ($i = 0; $i -lt $Lines.Count; $i++) {
            if ($Lines[$i] -match '^\s*-+(\s+-+)*\s*$' -and $i -ge 2) {
                $above = $Lines[$i - 2]
                if ($above.Trim() -and $above -notmatch '^\s*AccountName: ') { $Lines[$i - 2]; $Lines[$i - 1] }
            }
        }
    }
}

AfterAll {
    Disconnect-Ws1Uem -All
    Stop-Ws1Simulator $script:Sim
    Stop-Ws1Simulator $script:Sim2
}

Describe 'Format views' {
    It '<TypeName> has a table view' -ForEach $OutputTypes {
        $views = @(Get-FormatData -TypeName $TypeName -PowerShellVersion $PSVersionTable.PSVersion)
        # Each view's control: a type can also have a list view.
        $views.FormatViewDefinition.Control | ForEach-Object { $_.GetType().Name } | Should -Contain 'TableControl'
    }

    It 'the default tables fit 120 and 80 columns with no wrapped header: <Name>' -ForEach @(
        @{ Name = 'users'; Script = { Get-Ws1User -AccountName * | Where-Object Id -le 3 } }
        @{ Name = 'devices'; Script = { Get-Ws1Device -AccountName * | Where-Object Id -le 3 } }
        @{ Name = 'apps'; Script = { Get-Ws1App | Select-Object -First 5 } }
        @{ Name = 'device apps'; Script = { Get-Ws1Device | Select-Object -First 3 | Get-Ws1App | Select-Object -First 5 } }
        @{ Name = 'connections'; Script = { Get-Ws1UemConnection } }
        @{ Name = 'connection test'; Script = { Test-Ws1UemConnection -AccountName * } }
        @{ Name = 'inventory'; Script = { Get-Ws1Inventory -AccountName * -Include Users } }
        @{ Name = 'lock results'; Script = { Get-Ws1User | Where-Object EnrolledDeviceCount -gt 1 | Select-Object -First 2 | Lock-Ws1UserDevice -Confirm:$false } }
        @{ Name = 'wipe log'; Script = {
                Get-Ws1User | Where-Object EnrolledDeviceCount -gt 1 | Select-Object -Last 2 | Invoke-Ws1UserDeviceWipe -WipeType Enterprise -Force | Out-Null
                Get-Ws1DeviceWipe -AccountName * } }
        @{ Name = 'wipe lock'; Script = { Get-Ws1DeviceWipeLock -AccountName * } }
        @{ Name = 'command outcomes'; Script = { Get-Ws1User | Where-Object EnrolledDeviceCount -gt 1 | Select-Object -First 2 | Lock-Ws1UserDevice -Confirm:$false -Wait -Timeout 1 -PollInterval 0.5 } }
        @{ Name = 'organization groups'; Script = { Get-Ws1OrganizationGroup -AccountName * } }
        @{ Name = 'user groups'; Script = { Get-Ws1UserGroup -AccountName * } }
        @{ Name = 'smart groups'; Script = { Get-Ws1SmartGroup -AccountName * } }
        @{ Name = 'user group members'; Script = { Get-Ws1UserGroupMember -GroupName 'Executives' -AccountName * } }
        @{ Name = 'membership results'; Script = { Get-Ws1UserGroupMember -GroupName 'Pilot Users' | Select-Object -First 3 | Add-Ws1UserGroupMember -GroupName 'Executives' -Confirm:$false } }
        @{ Name = 'offboarding results'; Script = { Get-Ws1User | Where-Object EnrolledDeviceCount -gt 1 | Select-Object -Skip 4 -First 2 | Invoke-Ws1UserOffboarding -Disable -LockDevice -RemoveFromUserGroup -Force } }
    ) {
        $objects = @(& $Script)
        $objects.Count | Should -BeGreaterThan 0
        foreach ($width in 120, 80) {
            $lines = @($objects | Format-Table | Out-String -Width $width -Stream)
            ($lines | Where-Object { $_.TrimEnd().Length -gt $width }) | Should -BeNullOrEmpty -Because "every line fits $width columns"
            Get-WrappedHeader $lines | Should -BeNullOrEmpty -Because "no header wraps at $width columns"
            # A table view, not the default list of every property.
            ($lines | Where-Object { $_ -match '^\s*-+(\s+-+)*\s*$' }) | Should -Not -BeNullOrEmpty
        }
    }

    It 'keeps the account visible when results come from several accounts, at 80 columns too' {
        $lines = @(Get-Ws1User -AccountName * | Where-Object Id -le 2 | Out-String -Width 80 -Stream)
        $lines | Should -Contain '   AccountName: Contoso Europe Production'
        $lines | Should -Contain '   AccountName: Fabrikam'
        # What matters most stays at 80 columns: id, name, status, type and device count.
        ($lines | Where-Object { $_ -match '^\s*Id\s+UserName\s+Status\s+Type\s+Devices' }).Count | Should -Be 2
    }

    It 'shows why a device was skipped, in full, at 120 columns' {
        $skipped = Get-Ws1Device | Where-Object EnrollmentStatus -eq 'Unenrolled' | Select-Object -First 1
        $skipped | Should -Not -BeNullOrEmpty
        $result = Get-Ws1User -UserName $skipped.UserName | Lock-Ws1UserDevice -WhatIf:$false -Confirm:$false | Where-Object Status -eq 'Skipped' | Select-Object -First 1
        # Wrapped onto as many lines as it needs, not cut: the whole message is there once line breaks are taken out.
        $text = ($result | Out-String -Width 120) -replace '\s+', ''
        $text.Contains(($result.Message -replace '\s+', '')) | Should -BeTrue
    }

    It 'shows the reason of each offboarding step in full, with its user and step, at 120 columns' {
        $user = Get-Ws1User -Status Active | Where-Object EnrolledDeviceCount -gt 0 | Select-Object -Last 1
        $results = @($user | Invoke-Ws1UserOffboarding -Disable -LockDevice -Force)
        $results.Count | Should -BeGreaterThan 1
        $lines = @($results | Out-String -Width 120 -Stream)
        $lines | Should -Contain '   AccountName: Contoso Europe Production'
        $text = ($lines -join '') -replace '\s+', ''
        foreach ($result in $results) { $text.Contains(($result.Reason -replace '\s+', '')) | Should -BeTrue }
        @($lines | Where-Object { $_ -match "^$([regex]::Escape($user.UserName))\s+(Disable|Lock)\s" }).Count | Should -Be $results.Count
    }
}
