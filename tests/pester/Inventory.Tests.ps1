# Get-, Export-, Import- and Compare-Ws1Inventory against a simulated tenant, changed through the module between
# snapshots. The snapshot files on disk and the simulator's journal are the evidence.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Manifest = Get-TestModuleManifest
    Import-Module $script:Manifest -Force
    $script:Sim = Start-TestSimulator -Users 3000 -Seed 8 -ExtraArguments '--wipe-threshold', '0'
    $script:Cred = New-TestCredential
    $script:Pw = ConvertTo-SecureString 'Pw-123456' -AsPlainText -Force
    Connect-Ws1Uem -Server $Sim.Url -Credential $Cred -ApiKey $Sim.TenantCode -AccountName A -RequestsPerMinute 100000 | Out-Null
    Connect-Ws1Uem -Server $Sim.Url -Credential $Cred -ApiKey $Sim.TenantCode -AccountName B -RequestsPerMinute 100000 | Out-Null

    function Get-Sha([string] $Path) { (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash }
    function Clear-Journal { Invoke-Ws1SimulatorControl $Sim 'journal' -Method DELETE | Out-Null }
    function Get-ApiCall { @(Invoke-Ws1SimulatorControl $Sim 'journal') }
    # A change as one comparable line.
    function Format-Change { process { '{0}|{1}|{2}|{3}|{4}|{5}' -f $_.Collection, $_.Change, $_.Key, $_.Before, $_.After, $_.License } }
    # Every public property of every record, as JSON: two lists of records are the same when these are equal.
    function Format-Record($Records) { ConvertTo-Json -InputObject @($Records) -Compress -Depth 2 }
}

AfterAll {
    Disconnect-Ws1Uem -All -ErrorAction SilentlyContinue
    Stop-Ws1Simulator $Sim
}

Describe 'Get-Ws1Inventory' {
    It 'returns one inventory per account with counts that agree with the records' {
        $all = @(Get-Ws1Inventory -AccountName *)
        $all.AccountName | Sort-Object | Should -Be 'A', 'B'
        $inv = $all | Where-Object AccountName -eq A
        $inv | Should -BeOfType ([WorkspaceOneUem.Ws1Inventory])
        $inv.Server | Should -Be ([uri] $Sim.Url).Authority
        $inv.CollectedAt.Kind | Should -Be 'Utc'
        $inv.ServerVersion | Should -Not -BeNullOrEmpty
        $stats = Invoke-Ws1SimulatorControl $Sim 'stats'
        $inv.Users | Should -Be $stats.Users
        $inv.UserList.Count | Should -Be $inv.Users
        $inv.ActiveUsers | Should -Be @($inv.UserList | Where-Object Status -eq Active).Count
        $inv.InactiveUsers | Should -Be ($inv.Users - $inv.ActiveUsers)
        $inv.Devices | Should -Be $stats.Devices
        $inv.DevicesByPlatform['Apple'] | Should -Be @($inv.DeviceList | Where-Object Platform -eq Apple).Count
        $inv.DevicesByEnrollmentStatus['Enrolled'] | Should -Be @($inv.DeviceList | Where-Object EnrollmentStatus -eq Enrolled).Count
        ($inv.DevicesByPlatform.Values | Measure-Object -Sum).Sum | Should -Be $inv.Devices
        $inv.Apps | Should -Be $inv.AppList.Count
    }

    It 'reads only the collections -Include names; the others are null, not zero' {
        Clear-Journal
        $inv = Get-Ws1Inventory -AccountName A -Include Devices
        $inv.Devices | Should -BeGreaterThan 0
        @($inv.Users, $inv.ActiveUsers, $inv.Apps, $inv.UserList, $inv.AppList | Where-Object { $null -ne $_ }) | Should -BeNullOrEmpty
        (Get-ApiCall).Path | Where-Object { $_ -like '*users/search*' -or $_ -like '*apps/search*' } | Should -BeNullOrEmpty
    }

    It 'has table views that fit 120 columns' {
        $lines = @(Get-Ws1Inventory -AccountName * -Include Apps | Format-Table | Out-String -Width 120 -Stream)
        $lines += Compare-Ws1Inventory (Get-Ws1Inventory -AccountName A -Include Apps) -DifferenceAccountName A -Summary | Format-Table | Out-String -Width 120 -Stream
        ($lines | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
    }
}

Describe 'Export, change the tenant, export again, compare' {
    BeforeAll {
        $script:Before = Join-Path $TestDrive 'before.json'
        $script:BeforeCsv = Join-Path $TestDrive 'before.csv'
        $script:After = Join-Path $TestDrive 'after.json'
        Export-Ws1Inventory -Path $Before -AccountName A
        Export-Ws1Inventory -Path $BeforeCsv -AccountName A

        $users = @(Get-Ws1User -AccountName A | Sort-Object Id)
        $devices = @(Get-Ws1Device -AccountName A)
        $withDevices = $devices | Group-Object UserName -AsHashTable -AsString
        $free = [System.Collections.Generic.Queue[object]]::new([object[]] @($users | Where-Object { -not $withDevices.ContainsKey($_.UserName) }))
        function Get-Next([string] $Status) { while ($free.Peek().Status -ne $Status) { $null = $free.Dequeue() }; $free.Dequeue() }
        $script:RemovedActive = Get-Next Active
        $script:RemovedInactive = Get-Next Inactive
        $script:Disabled = Get-Next Active
        $script:Mailed = Get-Next Active
        $script:WipedUser = $users | Where-Object {
            $mine = @($withDevices[$_.UserName] | Where-Object { $_ })
            $mine.Count -eq 1 -and $mine[0].EnrollmentStatus -eq 'Enrolled' -and $mine[0].Platform -ne 'AppleOsX'
        } | Select-Object -First 1
        $script:Wiped = @($withDevices[$WipedUser.UserName])[0]

        New-Ws1User -UserName 'inventory.new' -Email 'inventory.new@x.example' -Password $Pw -AccountName A | Out-Null
        Remove-Ws1User -Id $RemovedActive.Id, $RemovedInactive.Id -AccountName A -Force
        Disable-Ws1User -UserName $Disabled.UserName -AccountName A -Confirm:$false
        Invoke-Ws1UserDeviceWipe -UserName $WipedUser.UserName -AccountName A -WipeType Enterprise -Force | Out-Null
        # The module has no cmdlet that changes an email: change it through the API itself.
        $headers = @{
            Authorization    = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('apiadmin:Sim-Admin-Pass-1'))
            'aw-tenant-code' = $Sim.TenantCode
            Accept           = 'application/json;version=1'
        }
        Invoke-RestMethod -Method Post -Uri "$($Sim.Url)/api/system/users/$($Mailed.Id)/update" -Headers $headers -ContentType 'application/json' -Body '{"Email":"changed.address@x.example"}' | Out-Null

        Export-Ws1Inventory -Path $After -AccountName A
        $script:Expected = @(
            'User|Added|inventory.new||Active|Gained'
            "User|Removed|$($RemovedActive.UserName)|Active||Lost"
            "User|Removed|$($RemovedInactive.UserName)|Inactive||"
            "User|StatusChanged|$($Disabled.UserName)|Active|Inactive|Lost"
            "User|EmailChanged|$($Mailed.UserName)|$($Mailed.Email)|changed.address@x.example|"
            "Device|EnrollmentStatusChanged|$($Wiped.Id)/$($Wiped.SerialNumber)|Enrolled|EnterpriseWipePending|"
        ) | Sort-Object
    }

    It 'reports every change exactly once and nothing else' {
        $changes = @(Compare-Ws1Inventory -Reference $Before -Difference $After)
        $changes | Should -BeOfType ([WorkspaceOneUem.Ws1InventoryChange])
        @($changes | Format-Change | Sort-Object) | Should -Be $Expected
        $changes.AccountName | Sort-Object -Unique | Should -Be 'A'
        ($changes | Format-Table | Out-String -Width 120 -Stream | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
        ($changes | Where-Object Change -eq Added).Id | Should -BeGreaterThan 0
    }

    It 'finds the same changes against the live account, and from a CSV reference' {
        @(Compare-Ws1Inventory -Reference $Before | Format-Change | Sort-Object) | Should -Be $Expected
        @(Compare-Ws1Inventory -Reference $BeforeCsv -Difference $After | Format-Change | Sort-Object) | Should -Be $Expected
        @(Compare-Ws1Inventory -Reference (Import-Ws1Inventory $BeforeCsv) -Difference (Get-Ws1Inventory -AccountName A) | Format-Change | Sort-Object) | Should -Be $Expected
    }

    It 'summarises the license count change: one gained, two lost' {
        $summary = Compare-Ws1Inventory -Reference $Before -Difference $After -Summary
        $summary | Should -BeOfType ([WorkspaceOneUem.Ws1InventoryComparison])
        $before = Import-Ws1Inventory $Before
        $summary.LicensedBefore | Should -Be $before.ActiveUsers
        $summary.LicensedAfter | Should -Be ($before.ActiveUsers - 1)
        $summary.LicenseChange | Should -Be -1
        $summary.LicensesGained, $summary.LicensesLost | Should -Be 1, 2
        $summary.UsersAdded, $summary.UsersRemoved, $summary.StatusChanged, $summary.EmailChanged | Should -Be 1, 2, 1, 1
        $summary.EnrollmentStatusChanged, $summary.DevicesAdded, $summary.DevicesRemoved, $summary.AppsAdded, $summary.AppsRemoved | Should -Be 1, 0, 0, 0, 0
        @($summary.Changes | Format-Change | Sort-Object) | Should -Be $Expected
    }

    It 'reports nothing when nothing changed' {
        Compare-Ws1Inventory -Reference $After -Difference $After | Should -BeNullOrEmpty
        Compare-Ws1Inventory -Reference $After | Should -BeNullOrEmpty
    }
}

Describe 'Snapshots round-trip' {
    BeforeAll {
        # Values a CSV writer gets wrong: commas, quotes, line breaks, non-ASCII text.
        New-Ws1User -UserName 'round.trip' -FirstName 'Zoë, "Q"' -LastName "multi`r`nline" -DisplayName "秀樹 `"x`", y`nz" -Email 'round.trip@x.example' -Password $Pw -AccountName A | Out-Null
        # Text a spreadsheet would run as a formula, and a name that really starts with an apostrophe.
        $script:Formula = @{ FirstName = '=HYPERLINK("http://evil.example","x")'; LastName = "'Neill"; DisplayName = '@SUM(1+1)'; ContactNumber = '+44 20 7946 0000' }
        New-Ws1User -UserName 'formula.cells' @Formula -Password $Pw -AccountName A | Out-Null
        $script:Live = Get-Ws1Inventory -AccountName A
        $script:Json = Join-Path $TestDrive 'trip.json'
        $script:Csv = Join-Path $TestDrive 'trip.csv'
        Export-Ws1Inventory -Path $Json -AccountName A
        Export-Ws1Inventory -Path $Csv -AccountName A
    }

    It 'reads back from <Name> the records and counts Get-Ws1Inventory returned' -ForEach @(@{ Name = 'JSON' }, @{ Name = 'CSV' }) {
        $read = Import-Ws1Inventory ($Name -eq 'JSON' ? $Json : $Csv)
        foreach ($p in 'AccountName', 'Server', 'ServerVersion', 'Users', 'ActiveUsers', 'InactiveUsers', 'Devices', 'Apps') {
            $read.$p | Should -Be $Live.$p -Because $p
        }
        ($read.DevicesByPlatform | ConvertTo-Json) | Should -Be ($Live.DevicesByPlatform | ConvertTo-Json)
        ($read.DevicesByEnrollmentStatus | ConvertTo-Json) | Should -Be ($Live.DevicesByEnrollmentStatus | ConvertTo-Json)
        $read.UserList.Count | Should -Be $Live.UserList.Count
        Format-Record $read.UserList | Should -BeExactly (Format-Record $Live.UserList)
        Format-Record $read.DeviceList | Should -BeExactly (Format-Record $Live.DeviceList)
        Format-Record $read.AppList | Should -BeExactly (Format-Record $Live.AppList)
        $odd = $read.UserList | Where-Object UserName -eq 'round.trip'
        $odd.FirstName | Should -BeExactly 'Zoë, "Q"'
        $odd.LastName | Should -BeExactly "multi`r`nline"
        $odd.DisplayName | Should -BeExactly "秀樹 `"x`", y`nz"
        ($read.DeviceList | Select-Object -First 1).LastSeen.Kind | Should -Be 'Unspecified'
        Compare-Ws1Inventory -Reference $Live -Difference $read | Should -BeNullOrEmpty
    }

    It 'writes the CSV files it documents, readable by Import-Csv, and no secret anywhere' {
        $base = Join-Path $TestDrive 'trip'
        foreach ($suffix in '.users.csv', '.devices.csv', '.apps.csv', '.inventory.json') { "$base$suffix" | Should -Exist }
        $rows = @(Import-Csv "$base.users.csv")
        $rows.Count | Should -Be $Live.Users
        ($rows | Where-Object UserName -eq 'round.trip').DisplayName | Should -BeExactly "秀樹 `"x`", y`nz"
        foreach ($file in Get-ChildItem $TestDrive -Filter 'trip*') {
            $text = Get-Content -Raw -LiteralPath $file.FullName
            $text | Should -Not -BeLike '*Sim-Admin-Pass-1*'
            $text | Should -Not -BeLike "*$($Sim.TenantCode)*"
        }
    }

    It 'writes text a spreadsheet would run with one leading apostrophe, which Import-Ws1Inventory removes' {
        $row = Import-Csv (Join-Path $TestDrive 'trip.users.csv') | Where-Object UserName -eq 'formula.cells'
        $row.FirstName | Should -BeExactly ("'" + $Formula.FirstName)
        $row.LastName | Should -BeExactly "''Neill"
        $row.DisplayName | Should -BeExactly "'@SUM(1+1)"
        $row.ContactNumber | Should -BeExactly "'+44 20 7946 0000"
        $row.Id | Should -Match '^[0-9]+$'
        $user = (Import-Ws1Inventory $Csv).UserList | Where-Object UserName -eq 'formula.cells'
        foreach ($name in $Formula.Keys) { $user.$name | Should -BeExactly $Formula[$name] -Because $name }
    }

    It 'refuses a truncated snapshot and a CSV set mixed from two exports' {
        $cut = Join-Path $TestDrive 'cut.json'
        Copy-Item $Json $cut
        $stream = [IO.File]::Open($cut, 'Open')
        try { $stream.SetLength([long] ($stream.Length / 2)) } finally { $stream.Dispose() }
        $err = { Import-Ws1Inventory $cut -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'Ws1.InvalidSnapshot,*'
        $err.Exception.Message | Should -BeLike "*$cut*incomplete*"

        # A later export of a changed tenant: its users file differs from the one trip.inventory.json describes.
        New-Ws1User -UserName 'mixed.extra' -Password $Pw -AccountName A | Out-Null
        $other = Join-Path $TestDrive 'other.csv'
        Export-Ws1Inventory -Path $other -AccountName A -Include Users
        Copy-Item (Join-Path $TestDrive 'other.users.csv') (Join-Path $TestDrive 'mixed.users.csv')
        Copy-Item (Join-Path $TestDrive 'trip.inventory.json') (Join-Path $TestDrive 'mixed.inventory.json')
        (Get-Content -Raw (Join-Path $TestDrive 'mixed.inventory.json')).Replace('trip.', 'mixed.') | Set-Content (Join-Path $TestDrive 'mixed.inventory.json') -NoNewline
        Copy-Item (Join-Path $TestDrive 'trip.devices.csv') (Join-Path $TestDrive 'mixed.devices.csv')
        Copy-Item (Join-Path $TestDrive 'trip.apps.csv') (Join-Path $TestDrive 'mixed.apps.csv')
        Import-Ws1Inventory (Join-Path $TestDrive 'other.csv') | Should -Not -BeNullOrEmpty
        $err = { Import-Ws1Inventory (Join-Path $TestDrive 'mixed.csv') -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'Ws1.InvalidSnapshot,*'
        $err.Exception.Message | Should -BeLike '*mixed.users.csv*not the file this snapshot was written with*'
    }
}

Describe 'Existing files, -Force and -WhatIf' {
    BeforeAll {
        $script:Target = Join-Path $TestDrive 'kept.json'
        Export-Ws1Inventory -Path $Target -AccountName A -Include Apps
        $script:Sha = Get-Sha $Target
    }

    It 'keeps an existing file without -Force, names it, and reads nothing from the tenant' {
        Clear-Journal
        $err = { Export-Ws1Inventory -Path $Target -AccountName A -Include Apps -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'Ws1.SnapshotExists,*'
        $err.CategoryInfo.Category | Should -Be 'ResourceExists'
        $err.Exception.Message | Should -BeLike "*$Target*-Force*"
        Get-Sha $Target | Should -Be $Sha
        Get-ApiCall | Should -BeNullOrEmpty
        # A CSV set is refused when any of its files exists.
        Export-Ws1Inventory -Path (Join-Path $TestDrive 'set.csv') -AccountName A -Include Apps
        $err = { Export-Ws1Inventory -Path (Join-Path $TestDrive 'set.csv') -AccountName A -Include Apps, Users -ErrorAction Stop } | Should -Throw -PassThru
        $err.Exception.Message | Should -BeLike '*set.apps.csv*'
        Join-Path $TestDrive 'set.users.csv' | Should -Not -Exist
    }

    It 'writes nothing and calls nothing under -WhatIf, even with -Force' {
        Clear-Journal
        $new = Join-Path $TestDrive 'whatif.json'
        Export-Ws1Inventory -Path $new -AccountName A -WhatIf
        Export-Ws1Inventory -Path $Target -AccountName A -Force -WhatIf
        $new | Should -Not -Exist
        Get-Sha $Target | Should -Be $Sha
        Get-ApiCall | Should -BeNullOrEmpty
        @(Get-ChildItem $TestDrive -Filter '*.tmp') | Should -BeNullOrEmpty
    }

    It 'replaces the file with -Force and returns the counts with -PassThru' {
        $result = Export-Ws1Inventory -Path $Target -AccountName A -Force -PassThru
        $result | Should -BeOfType ([WorkspaceOneUem.Ws1Inventory])
        $result.Path | Should -Be $Target
        $result.Users | Should -BeGreaterThan 0
        $result.UserList | Should -BeNullOrEmpty
        Get-Sha $Target | Should -Not -Be $Sha
        (Import-Ws1Inventory $Target).Users | Should -Be $result.Users
        @(Get-ChildItem $TestDrive -Filter '*.tmp') | Should -BeNullOrEmpty
    }
}

Describe 'Refusing inventories of different accounts' {
    BeforeAll {
        $script:SnapA = Join-Path $TestDrive 'a.json'
        $script:SnapB = Join-Path $TestDrive 'b.json'
        Export-Ws1Inventory -Path $SnapA -AccountName A -Include Users
        Export-Ws1Inventory -Path $SnapB -AccountName B -Include Users
    }

    It 'refuses <Case> with a clear InvalidArgument error and writes no change' -ForEach @(
        @{ Case = 'two snapshots of different account names'; Difference = { $SnapB } }
        @{ Case = 'a snapshot and a live account of another name'; Difference = $null }
        @{ Case = 'the same account name on another server'; Difference = {
                $moved = Join-Path $TestDrive 'moved.json'
                (Get-Content -Raw $SnapA).Replace('"Server": "' + ([uri] $Sim.Url).Authority + '"', '"Server": "as999.awmdm.com"') | Set-Content $moved -NoNewline
                $moved
            }
        }
    ) {
        $written = [System.Collections.Generic.List[object]]::new()
        $err = if ($Difference) {
            $diff = & $Difference
            { Compare-Ws1Inventory -Reference $SnapA -Difference $diff -ErrorAction Stop | ForEach-Object { $written.Add($_) } } | Should -Throw -PassThru
        }
        else {
            { Compare-Ws1Inventory -Reference $SnapA -DifferenceAccountName B -ErrorAction Stop | ForEach-Object { $written.Add($_) } } | Should -Throw -PassThru
        }
        $err.FullyQualifiedErrorId | Should -BeLike 'Ws1.InventoryAccountMismatch,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike "*account 'A'*cannot be compared*"
        $written | Should -BeNullOrEmpty
    }
}

Describe 'An export killed half-way' {
    It 'leaves the previous snapshot byte-identical and only a .tmp file beside it' {
        $target = Join-Path $TestDrive 'killed.json'
        Export-Ws1Inventory -Path $target -AccountName A
        $sha = Get-Sha $target
        $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $script = @"
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$Manifest'
`$cred = [pscredential]::new('apiadmin', (ConvertTo-SecureString 'Sim-Admin-Pass-1' -AsPlainText -Force))
Connect-Ws1Uem -Server '$($Sim.Url)' -Credential `$cred -ApiKey '$($Sim.TenantCode)' -RequestsPerMinute 100000 | Out-Null
Export-Ws1Inventory -Path '$target' -Force
"@
        $psi = [System.Diagnostics.ProcessStartInfo]::new($pwsh)
        foreach ($a in '-NoProfile', '-NonInteractive', '-EncodedCommand', [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))) { $psi.ArgumentList.Add($a) }
        $psi.UseShellExecute = $false
        # Slow pages keep the export going long enough to be killed in the middle.
        Invoke-Ws1SimulatorControl $Sim 'settings' -Method POST -Body @{ LatencyMs = 300 } | Out-Null
        $child = [System.Diagnostics.Process]::Start($psi)
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            do {
                Start-Sleep -Milliseconds 50
                $partial = Get-ChildItem $TestDrive -Filter 'killed.json.*.tmp' | Where-Object Length -gt 0
            } until ($partial -or $child.HasExited -or [DateTime]::UtcNow -gt $deadline)
            $child.HasExited | Should -BeFalse -Because 'the export must still be running when it is killed'
            $partial | Should -Not -BeNullOrEmpty
            Stop-Process -Id $child.Id -Force
            $child.WaitForExit(10000) | Should -BeTrue
        }
        finally {
            if (-not $child.HasExited) { Stop-Process -Id $child.Id -Force -ErrorAction SilentlyContinue }
            Invoke-Ws1SimulatorControl $Sim 'settings' -Method POST -Body @{ LatencyMs = 0 } | Out-Null
        }
        Get-Sha $target | Should -Be $sha
        $left = @(Get-ChildItem $TestDrive -Filter 'killed*' | Where-Object Name -ne 'killed.json')
        $left | Should -Not -BeNullOrEmpty
        $left.Name | ForEach-Object { $_ | Should -Match '^killed\.json\.[0-9a-f]{8}\.tmp$' }
        (Import-Ws1Inventory $target).Users | Should -BeGreaterThan 0
        $err = { Import-Ws1Inventory $left[0].FullName -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'Ws1.InvalidSnapshot,*'
    }
}
