# Devices, apps and the device actions against simulated tenants, in a child pwsh with the laid-out module.
# The simulator's journal and device state are the evidence of what was (not) sent.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Manifest = Get-TestModuleManifest
    Import-Module $script:Manifest -Force
    # Seed 4 with 600 users has 'ann.thomas50' and 'joann.thomas507': the API's user filter for the first
    # also matches the second.
    $script:SimA = Start-TestSimulator -Users 600 -Seed 4
    $script:SimB = Start-TestSimulator -Users 120 -Seed 5
    $script:Cred = New-TestCredential
    Connect-Ws1Uem -Server $SimA.Url -Credential $Cred -ApiKey $SimA.TenantCode -AccountName A -RequestsPerMinute 100000 | Out-Null
    Connect-Ws1Uem -Server $SimB.Url -Credential $Cred -ApiKey $SimB.TenantCode -AccountName B -RequestsPerMinute 100000 | Out-Null

    function Clear-Journal($Sim) { Invoke-Ws1SimulatorControl $Sim 'journal' -Method DELETE | Out-Null }
    function Get-Command-Call($Sim) { @(Invoke-Ws1SimulatorControl $Sim 'journal' | Where-Object { $_.Method -eq 'POST' -and $_.Path -like '*/commands*' }) }
    function Get-SimDevice($Sim, [long] $Id) { Invoke-Ws1SimulatorControl $Sim "devices/$Id" }
    function Set-WipeThreshold($Sim, [int] $Threshold) { Invoke-Ws1SimulatorControl $Sim 'settings' -Method POST -Body @{ WipeThreshold = $Threshold } | Out-Null }
    # The device ids command calls named: in the path of a single command, in the body of a bulk one.
    function Get-SentDeviceId($Calls) {
        foreach ($call in $Calls) {
            if ($call.Path -like '*/commands/bulk') { ($call.Body | ConvertFrom-Json).BulkValues.Value | ForEach-Object { [long] $_ } }
            elseif ($call.Path -match '/devices/(\d+)/commands$') { [long] $Matches[1] }
        }
    }

    # Every device of tenant A once, by user: each test takes users no other test touched.
    $script:ByUser = @{}
    foreach ($d in Get-Ws1Device -AccountName A) {
        if (-not $ByUser.ContainsKey($d.UserName)) { $ByUser[$d.UserName] = [System.Collections.Generic.List[object]]::new() }
        $ByUser[$d.UserName].Add($d)
    }
    $script:Taken = [System.Collections.Generic.HashSet[string]]::new([string[]] @('ann.thomas50', 'joann.thomas507'))
    function Get-FreeUser([int] $AtLeast = 1) {
        # Users whose devices are all enrolled and none macOS (no PIN): any command reaches every device.
        $name = $ByUser.Keys | Sort-Object | Where-Object {
            -not $Taken.Contains($_) -and $ByUser[$_].Count -ge $AtLeast -and
            -not ($ByUser[$_] | Where-Object { $_.EnrollmentStatus -ne 'Enrolled' -or $_.Platform -eq 'AppleOsX' })
        } | Select-Object -First 1
        if (-not $name) { throw 'No free user left in the seeded tenant.' }
        $null = $Taken.Add($name)
        $name
    }
}

AfterAll {
    Disconnect-Ws1Uem -All -ErrorAction SilentlyContinue
    Stop-Ws1Simulator $SimA
    Stop-Ws1Simulator $SimB
}

Describe 'Get-Ws1Device and Get-Ws1App' {
    It 'reads every page and emits the public device type with LastSeen as a DateTime' {
        $all = @(Get-Ws1Device -AccountName A)
        $all.Count | Should -Be (Invoke-Ws1SimulatorControl $SimA 'stats').Devices
        $d = $all[0]
        $d | Should -BeOfType ([WorkspaceOneUem.Ws1Device])
        foreach ($name in 'AccountName', 'Id', 'Uuid', 'SerialNumber', 'Udid', 'FriendlyName', 'UserName', 'UserEmail', 'Platform', 'Model',
            'OperatingSystem', 'Ownership', 'EnrollmentStatus', 'ComplianceStatus', 'LastSeen', 'OrganizationGroupId') {
            $d.PSObject.Properties.Name | Should -Contain $name
        }
        $d.LastSeen | Should -BeOfType ([datetime])
        $d.LastSeen.Kind | Should -Be 'Unspecified'
    }

    It 'matches -UserName exactly although the API matches partially' {
        @(Get-Ws1Device -AccountName A -UserName ann.thomas50).UserName | Sort-Object -Unique | Should -Be 'ann.thomas50'
        @(Get-Ws1Device -AccountName A -UserName '*ann.thomas5*').UserName | Sort-Object -Unique | Should -Be @('ann.thomas50', 'joann.thomas507')
    }

    It 'finds one device by serial number and by id, and filters by platform and enrollment status' {
        $one = $ByUser['ann.thomas50'][0]
        (Get-Ws1Device -AccountName A -SerialNumber $one.SerialNumber).Id | Should -Be $one.Id
        (Get-Ws1Device -AccountName A -Id $one.Id).SerialNumber | Should -Be $one.SerialNumber
        $apple = @(Get-Ws1Device -AccountName A -Platform Apple)
        $apple | Should -Not -BeNullOrEmpty
        $apple.Platform | Sort-Object -Unique | Should -Be 'Apple'
        $pending = @(Get-Ws1Device -AccountName A -EnrollmentStatus '*WipePending')
        $pending | Should -Not -BeNullOrEmpty
        foreach ($status in $pending.EnrollmentStatus) { $status | Should -BeIn @('EnterpriseWipePending', 'DeviceWipePending') }
    }

    It 'lists catalogue apps by name pattern and the apps of piped devices' {
        $acme = @(Get-Ws1App -AccountName A -Name 'Acme*')
        $acme | Should -Not -BeNullOrEmpty
        $acme | Should -BeOfType ([WorkspaceOneUem.Ws1App])
        $acme.Name | ForEach-Object { $_ | Should -BeLike 'Acme*' }
        $device = $ByUser['ann.thomas50'][0]
        $apps = @($device | Get-Ws1App)
        $apps | Should -BeOfType ([WorkspaceOneUem.Ws1DeviceApp])
        $apps.DeviceId | Sort-Object -Unique | Should -Be $device.Id
        @(Get-Ws1App -AccountName A -DeviceId $device.Id).Count | Should -Be $apps.Count
    }
}

Describe 'Lock-Ws1UserDevice and Invoke-Ws1UserDeviceWipe' {
    BeforeEach {
        Set-WipeThreshold $SimA 0
        Clear-Journal $SimA
        Clear-Journal $SimB
    }

    It 'sends nothing under -WhatIf, even with -Force' {
        $user = Get-FreeUser
        Lock-Ws1UserDevice -UserName $user -AccountName A -WhatIf | Should -BeNullOrEmpty
        Invoke-Ws1UserDeviceWipe -UserName $user -AccountName A -WipeType Full -Force -WhatIf | Should -BeNullOrEmpty
        Get-Ws1User -AccountName A -UserName $user | Invoke-Ws1UserDeviceWipe -WipeType Enterprise -Force -WhatIf | Should -BeNullOrEmpty
        Get-Command-Call $SimA | Should -BeNullOrEmpty
    }

    It 'wipes the devices of ann.thomas50 and never those of joann.thomas507' {
        $results = @(Invoke-Ws1UserDeviceWipe -UserName ann.thomas50 -AccountName A -WipeType Enterprise -Force)
        $annEnrolled = @($ByUser['ann.thomas50'] | Where-Object EnrollmentStatus -eq 'Enrolled')
        Get-SentDeviceId (Get-Command-Call $SimA) | Sort-Object | Should -Be ($annEnrolled.Id | Sort-Object)
        (Get-Command-Call $SimA).Query | ForEach-Object { $_ | Should -BeIn '?command=EnterpriseWipe', '?command=EnterpriseWipe&searchby=DeviceId' }
        $results.UserName | Sort-Object -Unique | Should -Be 'ann.thomas50'
        foreach ($d in $ByUser['joann.thomas507']) { (Get-SimDevice $SimA $d.Id).Wipes | Should -BeNullOrEmpty }
    }

    It 'refuses wildcards in -UserName and -AccountName' {
        { Invoke-Ws1UserDeviceWipe -UserName 'ann.thomas5*' -AccountName A -WipeType Full -Force -ErrorAction Stop } | Should -Throw -ErrorId 'Ws1.UserNameWildcard,*'
        { Lock-Ws1UserDevice -UserName x -AccountName 'A*' -ErrorAction Stop } | Should -Throw -ErrorId 'Ws1.AccountNameWildcard,*'
        Get-Command-Call $SimA | Should -BeNullOrEmpty
    }

    It 'stops before the first wipe when the whole pipeline has more than -MaxDevices devices' {
        $users = @(Get-FreeUser; Get-FreeUser; Get-FreeUser)
        $count = ($users | ForEach-Object { $ByUser[$_].Count } | Measure-Object -Sum).Sum
        $err = { $users | Invoke-Ws1UserDeviceWipe -AccountName A -WipeType Full -MaxDevices ($count - 1) -Force -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'Ws1.TooManyDevices,*'
        $err.Exception.Message | Should -BeLike "*would wipe $count devices*"
        Get-Command-Call $SimA | Should -BeNullOrEmpty
    }

    It 'reports Held where wipe protection holds the wipe and Queued where it does not' {
        $user = Get-FreeUser -AtLeast 2
        $recent = @(Invoke-Ws1SimulatorControl $SimA 'device-wipes' | Where-Object Status -in 'QUEUED', 'APPROVED').Count
        Set-WipeThreshold $SimA ($recent + 1)
        $results = @(Invoke-Ws1UserDeviceWipe -UserName $user -AccountName A -WipeType Enterprise -Force)
        @($results | Where-Object Status -eq 'Queued').Count | Should -Be 1
        @($results | Where-Object Status -eq 'Held').Count | Should -Be ($results.Count - 1)
        $held = $results | Where-Object Status -eq 'Held' | Select-Object -First 1
        (Get-SimDevice $SimA $held.DeviceId).Wipes[-1].Status | Should -Be 'HELD'
    }

    It 'names the permissions each action needs when the role lacks them (403)' {
        Connect-Ws1Uem -Server $SimA.Url -Credential (New-TestCredential readonly Sim-Read-Pass-1) -ApiKey $SimA.TenantCode -AccountName RO -RequestsPerMinute 100000 | Out-Null
        Connect-Ws1Uem -Server $SimA.Url -Credential (New-TestCredential helpdesk Sim-Help-Pass-1) -ApiKey $SimA.TenantCode -AccountName HD -RequestsPerMinute 100000 | Out-Null
        $user = Get-FreeUser
        $err = { Lock-Ws1UserDevice -UserName $user -AccountName RO -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'Ws1.PermissionDenied,*'
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err.Exception.Message | Should -BeLike '*Device Management > Device Details > Lock (Edit)*'
        $err.Exception.Message | Should -BeLike '*API > REST > Devices (Read and Edit)*'
        $err = { Invoke-Ws1UserDeviceWipe -UserName $user -AccountName HD -WipeType Full -Force -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err.Exception.Message | Should -BeLike '*Device Management > Device Details > Device Wipe (Edit)*'
        @(Lock-Ws1UserDevice -UserName $user -AccountName HD).Status | Sort-Object -Unique | Should -Be 'Queued'
    }

    It 'does not resend a wipe whose answer timed out, and says the outcome is unknown' {
        Connect-Ws1Uem -Server $SimA.Url -Credential $Cred -ApiKey $SimA.TenantCode -AccountName Slow -RequestTimeout 1 -RequestsPerMinute 100000 | Out-Null
        $user = Get-FreeUser
        $device = $ByUser[$user][0]
        # Processed, then no answer: the wipe happened, the client cannot know.
        Invoke-Ws1SimulatorControl $SimA 'faults' -Method POST -Body @{ Kind = 'Stall'; Count = 1; Method = 'POST'; PathContains = "devices/$($device.Id)/commands"; Phase = 'After' } | Out-Null
        $results = @(Invoke-Ws1UserDeviceWipe -UserName $user -AccountName Slow -WipeType Full -Force -ErrorVariable failures -ErrorAction SilentlyContinue)
        # The server journals the call once it notices the client gave up.
        $deadline = [DateTime]::UtcNow.AddSeconds(5)
        do { $calls = @(Get-Command-Call $SimA | Where-Object Path -eq "/API/mdm/devices/$($device.Id)/commands") } while ($calls.Count -eq 0 -and [DateTime]::UtcNow -lt $deadline -and -not (Start-Sleep -Milliseconds 50))
        $calls.Count | Should -Be 1
        $mine = $results | Where-Object DeviceId -eq $device.Id
        $mine.Status | Should -Be 'Failed'
        $mine.Message | Should -BeLike 'Outcome unknown*not sent again*'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Ws1.OutcomeUnknown,*'
        (Get-SimDevice $SimA $device.Id).EnrollmentStatus | Should -Be 'DeviceWipePending'
    }

    It 'acts on each piped user in that user''s own tenant' {
        $a = Get-FreeUser
        $b = (Get-Ws1Device -AccountName B | Group-Object UserName | Where-Object { -not ($_.Group | Where-Object EnrollmentStatus -ne 'Enrolled') } | Select-Object -First 1).Name
        $results = @(@(Get-Ws1User -AccountName A -UserName $a) + @(Get-Ws1User -AccountName B -UserName $b) | Lock-Ws1UserDevice)
        Get-SentDeviceId (Get-Command-Call $SimA) | Sort-Object | Should -Be ($ByUser[$a].Id | Sort-Object)
        Get-SentDeviceId (Get-Command-Call $SimB) | Sort-Object | Should -Be ((Get-Ws1Device -AccountName B -UserName $b).Id | Sort-Object)
        ($results | Where-Object UserName -eq $a).AccountName | Sort-Object -Unique | Should -Be 'A'
        ($results | Where-Object UserName -eq $b).AccountName | Sort-Object -Unique | Should -Be 'B'
    }

    It 'locks the devices of many users in bulk requests no larger than the tenant''s LockDevice limit' {
        Invoke-Ws1SimulatorControl $SimA 'settings' -Method POST -Body @{ BulkLimits = @{ LockDevice = 5 } } | Out-Null
        $users = 1..8 | ForEach-Object { Get-FreeUser }
        $devices = @($users | ForEach-Object { $ByUser[$_] })
        $results = @($users | Lock-Ws1UserDevice -AccountName A)
        $calls = @(Get-Command-Call $SimA)
        $calls.Count | Should -Be ([math]::Ceiling($devices.Count / 5))
        foreach ($call in $calls) { @(Get-SentDeviceId $call).Count | Should -BeLessOrEqual 5 }
        Get-SentDeviceId $calls | Sort-Object | Should -Be ($devices.Id | Sort-Object)
        $results.Status | Sort-Object -Unique | Should -Be 'Queued'
        foreach ($r in $results) { $r.CorrelationId | Should -Be ($calls | Where-Object { (Get-SentDeviceId $_) -contains $r.DeviceId }).CorrelationId }
    }

    It 'warns, without an error, for a user who has no devices' {
        $lonely = Get-Ws1User -AccountName A | Where-Object { -not $ByUser.ContainsKey($_.UserName) } | Select-Object -First 1
        $out = Lock-Ws1UserDevice -UserName $lonely.UserName -AccountName A -WarningVariable warned -ErrorVariable failed -WarningAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $failed | Should -BeNullOrEmpty
        "$warned" | Should -BeLike "*$($lonely.UserName)*no devices*"
    }
}

Describe 'Test-Ws1UemConnection' {
    It 'probes reads, reports the quota and marks lock and wipe as not probed' {
        $t = Test-Ws1UemConnection -AccountName A
        $t | Should -BeOfType ([WorkspaceOneUem.Ws1ConnectionTest])
        $t.Reachable | Should -BeTrue
        $t.Authenticated | Should -BeTrue
        $t.CanReadUsers, $t.CanReadDevices, $t.CanReadApps | Should -Be @($true, $true, $true)
        $t.RateLimit | Should -BeGreaterThan 0
        ($t.Checks | Where-Object Name -eq 'Wipe a device').Result | Should -Be 'NotProbed'
        ($t.Checks | Where-Object Name -eq 'Lock a device').RequiredPermissions | Should -Contain 'Device Management > Device Details > Lock (Edit)'
        $t.Status | Should -BeLike "OK: * requests left today"
        # The quota is the one the probes just read: what the server says is left now.
        $used = (Invoke-Ws1SimulatorControl $SimA 'stats').QuotaUsedToday
        $quota = (Invoke-Ws1SimulatorControl $SimA 'settings').DailyQuota
        $t.RateLimitRemaining | Should -Be ($quota - $used)
    }

    It 'shows the reason in its default view when the server is gone' {
        $dead = Start-TestSimulator -Users 5 -Seed 2
        Connect-Ws1Uem -Server $dead.Url -Credential (New-TestCredential) -ApiKey $dead.TenantCode -AccountName Dead -MaxRetryCount 0 | Out-Null
        Stop-Ws1Simulator $dead
        $t = Test-Ws1UemConnection -AccountName Dead
        $t.Reachable | Should -BeFalse
        $t.Status | Should -BeLike 'Unreachable: *failed on the network*'
        ($t | Out-String -Width 120) -replace '\s+', '' | Should -BeLike '*Unreachable:*'
        Disconnect-Ws1Uem -AccountName Dead
    }

    It 'says which read the role lacks, with its permission' {
        Invoke-Ws1SimulatorControl $SimB 'roles' -Method POST -Body @{ Name = 'NoApps'; Permissions = @('Api.Rest.Devices.Read', 'Api.Rest.Users.Read', 'Accounts.Users.UserDetail.Read') } | Out-Null
        Invoke-Ws1SimulatorControl $SimB 'admins' -Method POST -Body @{ UserName = 'noapps'; Password = 'Sim-NoApps-Pass-1'; Role = 'NoApps' } | Out-Null
        Connect-Ws1Uem -Server $SimB.Url -Credential (New-TestCredential noapps Sim-NoApps-Pass-1) -ApiKey $SimB.TenantCode -AccountName NoApps | Out-Null
        $t = Get-Ws1UemConnection -AccountName NoApps | Test-Ws1UemConnection
        $t.CanReadDevices | Should -BeTrue
        $t.CanReadApps | Should -BeFalse
        $apps = $t.Checks | Where-Object Name -eq 'Read apps'
        $apps.Result | Should -Be 'Denied'
        $apps.Message | Should -BeLike '*API > REST > Apps (Read)*'
        $t.Status | Should -BeLike 'Read apps: Denied.*API > REST > Apps (Read)*'
    }
}
