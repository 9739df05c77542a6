# The user lifecycle against simulated tenants, in this child pwsh and in a -NonInteractive grandchild:
# exact matching, -WhatIf, unattended removal, accounts, errors and a 1,000-user bulk removal.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Manifest = Get-TestModuleManifest
    Import-Module $script:Manifest -Force
    # Two tenants whose seeded users share ids 1..40: acting on the wrong one would hit a real user there.
    $script:SimA = Start-TestSimulator -Users 40 -Seed 41
    $script:SimB = Start-TestSimulator -Users 40 -Seed 42
    $script:Cred = New-TestCredential
    $script:Pw = ConvertTo-SecureString 'Pw-123456' -AsPlainText -Force
    Connect-Ws1Uem -Server $SimA.Url -Credential $Cred -ApiKey $SimA.TenantCode -AccountName A -RequestsPerMinute 100000 | Out-Null
    Connect-Ws1Uem -Server $SimB.Url -Credential $Cred -ApiKey $SimB.TenantCode -AccountName B -RequestsPerMinute 100000 | Out-Null

    function Clear-Journal($Sim) { Invoke-Ws1SimulatorControl $Sim 'journal' -Method DELETE | Out-Null }
    function Get-Write($Sim) { @(Invoke-Ws1SimulatorControl $Sim 'journal' | Where-Object Method -ne 'GET') }
    function Get-Search($Sim) { @(Invoke-Ws1SimulatorControl $Sim 'journal' | Where-Object Path -like '*users/search') }
    function Test-User([string] $Account, [long] $Id) { $null -ne (Get-Ws1User -AccountName $Account -Id $Id -ErrorAction SilentlyContinue) }

    New-Ws1User -UserName ann -Email ann@x.example -Password $Pw -AccountName A | Out-Null
    New-Ws1User -UserName joann -Email joann@x.example -Password $Pw -AccountName A | Out-Null
}

AfterAll {
    Disconnect-Ws1Uem -All -ErrorAction SilentlyContinue
    $SimA, $SimB | Where-Object { $_ } | Stop-Ws1Simulator
}

Describe 'Get-Ws1User matching' {
    It 'returns only ann for -Email ann@x.example, although the API also matches joann' {
        Clear-Journal $SimA
        @(Get-Ws1User -AccountName A -Email ann@x.example).UserName | Should -Be 'ann'
        (Get-Search $SimA).Query | Should -BeLike '*email=ann%40x.example*'
    }

    It 'matches user names exactly and ignoring case' {
        @(Get-Ws1User -AccountName A -UserName ANN).UserName | Should -Be 'ann'
    }

    It 'uses PowerShell wildcard semantics when the value contains * or ?' {
        @(Get-Ws1User -AccountName A -Email '*ann@x.example' | Sort-Object UserName).UserName | Should -Be 'ann', 'joann'
        @(Get-Ws1User -AccountName A -UserName '?oann').UserName | Should -Be 'joann'
    }

    It 'returns nothing and no error when a name matches nobody' {
        $found = Get-Ws1User -AccountName A -Email 'nn@x.example' -ErrorVariable problems
        $found | Should -BeNullOrEmpty
        $problems | Should -BeNullOrEmpty
    }

    It 'takes user names and objects from the pipeline' {
        @('ann', [pscustomobject]@{ Email = 'joann@x.example'; AccountName = 'A' } | Get-Ws1User -AccountName A).UserName | Should -Be 'ann', 'joann'
    }
}

Describe '-WhatIf' {
    It 'sends no write from New, Remove, Enable or Disable, even with -Force' {
        Clear-Journal $SimA
        New-Ws1User -UserName whatif-user -Password $Pw -AccountName A -WhatIf
        Remove-Ws1User -UserName ann -AccountName A -WhatIf -Force
        Get-Ws1User -AccountName A -UserName joann | Remove-Ws1User -WhatIf
        Disable-Ws1User -Id 1 -AccountName A -WhatIf -Force
        Enable-Ws1User -Id 2 -AccountName A -WhatIf
        Get-Write $SimA | Should -BeNullOrEmpty
        @(Get-Ws1User -AccountName A -UserName ann, joann, whatif-user).Count | Should -Be 2
    }

    It 'is honoured from $WhatIfPreference over -Force' {
        Clear-Journal $SimA
        & { $WhatIfPreference = $true; Remove-Ws1User -Id 3 -AccountName A -Force }
        Get-Write $SimA | Should -BeNullOrEmpty
        Test-User A 3 | Should -BeTrue
    }
}

Describe 'Unattended in pwsh -NonInteractive' {
    BeforeAll {
        foreach ($name in 'u1', 'u2', 'u3', 'u4', 'u5') { New-Ws1User -UserName $name -Email "$name@x.example" -Password $Pw -AccountName A | Out-Null }
        $script:U4 = Get-Ws1User -AccountName A -UserName u4
        $child = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$Manifest'
`$cred = [pscredential]::new('apiadmin', (ConvertTo-SecureString 'Sim-Admin-Pass-1' -AsPlainText -Force))
Connect-Ws1Uem -Server '$($SimA.Url)' -Credential `$cred -ApiKey '$($SimA.TenantCode)' -AccountName A -RequestsPerMinute 100000 | Out-Null
Remove-Ws1User -UserName u1 -Confirm:`$false
Get-Ws1User -UserName u2 | Remove-Ws1User -Force
Disable-Ws1User -UserName u3 -Confirm:`$false
Remove-Ws1User -UserName u4 -WhatIf -Force
try { Remove-Ws1User -UserName u5 } catch { "PROMPT REFUSED: `$(`$_.Exception.Message)" }
'CHILD DONE'
"@
        $script:Output = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command $child 2>&1 | Out-String
        $script:ExitCode = $LASTEXITCODE
    }

    It 'runs to the end without waiting for input' {
        $Output | Should -BeLike '*CHILD DONE*'
        $ExitCode | Should -Be 0
    }

    It 'removes with -Confirm:$false and with -Force' {
        Get-Ws1User -AccountName A -UserName u1, u2 | Should -BeNullOrEmpty
    }

    It 'disables with -Confirm:$false' {
        (Get-Ws1User -AccountName A -UserName u3).Status | Should -Be 'Inactive'
    }

    It 'only says what -WhatIf would do, naming the user name, email and account' {
        $Output | Should -BeLike "*What if: Performing the operation `"Remove`" on target `"user 'u4' (u4@x.example, id $($U4.Id)) on account 'A'`"*"
        Get-Ws1User -AccountName A -UserName u4 | Should -Not -BeNullOrEmpty
    }

    It 'refuses to remove without -Force or -Confirm:$false rather than hang on a prompt' {
        $Output | Should -BeLike '*PROMPT REFUSED*'
        Get-Ws1User -AccountName A -UserName u5 | Should -Not -BeNullOrEmpty
    }
}

Describe 'Objects piped from several accounts' {
    It 'removes each from its own account' {
        Clear-Journal $SimA
        Clear-Journal $SimB
        $removed = @(Get-Ws1User -AccountName A -Id 5) + @(Get-Ws1User -AccountName B -Id 6) | Remove-Ws1User -Force -PassThru
        $removed | ForEach-Object { "$($_.AccountName):$($_.Id)" } | Should -Be 'A:5', 'B:6'
        (Get-Write $SimA).Path | Should -Be '/API/system/users/5/delete'
        (Get-Write $SimB).Path | Should -Be '/API/system/users/6/delete'
        (Get-Write $SimA).Method | Should -Be 'DELETE'
        Test-User A 6 | Should -BeTrue
        Test-User B 5 | Should -BeTrue
    }

    It 'refuses an object of one account when -AccountName names another' {
        Clear-Journal $SimB
        Get-Ws1User -AccountName A -Id 7 | Remove-Ws1User -AccountName B -Force -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'Ws1.AccountMismatch,*'
        Get-Write $SimB | Should -BeNullOrEmpty
        Test-User B 7 | Should -BeTrue
    }
}

Describe 'Errors' {
    It 'reports a duplicate user name as ResourceExists naming the existing user' {
        $ann = Get-Ws1User -AccountName A -UserName ann
        $err = { New-Ws1User -UserName ANN -Email other@x.example -Password $Pw -AccountName A -ErrorAction Stop } |
            Should -Throw -ErrorId 'Ws1.AlreadyExists,WorkspaceOneUem.Cmdlets.NewWs1User' -PassThru
        $err.CategoryInfo.Category | Should -Be 'ResourceExists'
        $err.Exception.Message | Should -BeLike "*'ann'*id $($ann.Id)*ann@x.example*"
        $err.TargetObject.Id | Should -Be $ann.Id
    }

    It 'refuses a Basic user without a password and a malformed email before any request' {
        Clear-Journal $SimA
        { New-Ws1User -UserName bob -Email bob@x.example -AccountName A -ErrorAction Stop } |
            Should -Throw -ErrorId 'Ws1.InvalidPassword,WorkspaceOneUem.Cmdlets.NewWs1User'
        $err = { New-Ws1User -UserName bob -Email 'bob@x' -Password $Pw -AccountName A -ErrorAction Stop } |
            Should -Throw -ErrorId 'Ws1.InvalidEmail,WorkspaceOneUem.Cmdlets.NewWs1User' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Invoke-Ws1SimulatorControl $SimA 'journal').Count | Should -Be 0
    }

    It 'reports a user not found as a non-terminating ObjectNotFound error and goes on' {
        $removed = Remove-Ws1User -Id 99999, 8 -AccountName A -Force -PassThru -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'Ws1.UserNotFound,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $removed.Id | Should -Be 8
        Test-User A 8 | Should -BeFalse

        Get-Ws1User -AccountName A -Id 99999 -ErrorVariable missing -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'Ws1.UserNotFound,*'
    }

    It 'creates the user and returns it as the server has it' {
        $u = New-Ws1User -UserName carol -Email carol@x.example -FirstName Carol -LastName Doe -Password $Pw -AccountName A
        $u | Should -BeOfType ([WorkspaceOneUem.Ws1User])
        $u.Id | Should -BeGreaterThan 40
        $u.AccountName | Should -Be 'A'
        $u.Status | Should -Be 'Active'
        $u.DisplayName | Should -Be 'Carol Doe'
    }
}

Describe 'Removing 1,000 users through the pipeline' {
    BeforeAll {
        # A page cap of 100 makes Get-Ws1User page ten times while Remove-Ws1User receives its users.
        $script:SimBulk = Start-TestSimulator -Users 1000 -Seed 43 -ExtraArguments '--page-cap', '100'
        Connect-Ws1Uem -Server $SimBulk.Url -Credential $Cred -ApiKey $SimBulk.TenantCode -AccountName Bulk -RequestsPerMinute 100000 | Out-Null
        Clear-Journal $SimBulk
        $script:Removed = Get-Ws1User -AccountName Bulk | Remove-Ws1User -Force -PassThru
    }
    AfterAll { $SimBulk | Where-Object { $_ } | Stop-Ws1Simulator }

    It 'leaves no user behind' {
        @($Removed).Count | Should -Be 1000
        Get-Ws1User -AccountName Bulk | Should -BeNullOrEmpty
    }

    It 'deletes each user exactly once' {
        $ids = Get-Write $SimBulk | ForEach-Object { ($_.Body | ConvertFrom-Json).BulkValues.Value }
        @($ids).Count | Should -Be 1000
        @($ids | Sort-Object -Unique).Count | Should -Be 1000
    }
}
