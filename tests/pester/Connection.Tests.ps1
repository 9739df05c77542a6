BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Manifest = Get-TestModuleManifest
    Import-Module $script:Manifest -Force
    $script:Sim = Start-TestSimulator -Users 1100 -Seed 3
    $script:Cred = New-TestCredential
}

AfterAll {
    Disconnect-Ws1Uem -All -ErrorAction SilentlyContinue
    Stop-Ws1Simulator $script:Sim
}

Describe 'Connect-Ws1Uem' {
    AfterEach { Disconnect-Ws1Uem -All }

    It 'accepts a URL, names the account after the host and port by default and verifies the credentials' {
        $c = Connect-Ws1Uem -Server $Sim.Url -Credential $Cred -ApiKey $Sim.TenantCode
        # the port is part of the default name when it is not the scheme's default (a tenant on 443 shows just its host)
        $c.AccountName | Should -Be ([uri] $Sim.Url).Authority
        # host:port, so two test servers on one host are told apart (a real tenant on 443 shows just its host)
        $c.Server | Should -Be ([uri] $Sim.Url).Authority
        (Test-Ws1UemConnection).Server | Should -Be ([uri] $Sim.Url).Authority
        $c.IsDefault | Should -BeTrue
        $c.ProductVersion | Should -Not -BeNullOrEmpty
        $c.ApiBaseUri.AbsolutePath | Should -Be '/API/'
    }

    It 'accepts a URL that already ends in /API' {
        $c = Connect-Ws1Uem -Server "$($Sim.Url)/API" -Credential $Cred -ApiKey $Sim.TenantCode -AccountName Api
        $c.ApiBaseUri.AbsolutePath | Should -Be '/API/'
    }

    It 'talks to a server whose API path is lower case (/api)' {
        Invoke-Ws1SimulatorControl $Sim 'journal' -Method DELETE | Out-Null
        $c = Connect-Ws1Uem -Server "$($Sim.Url)/api" -Credential $Cred -ApiKey $Sim.TenantCode -AccountName Lower
        $c.ApiBaseUri.AbsolutePath | Should -Be '/api/'
        (Get-Ws1User -AccountName Lower | Select-Object -First 1) | Should -Not -BeNullOrEmpty
        @(Invoke-Ws1SimulatorControl $Sim 'journal').Path | Should -BeLike '/api/*'
    }

    It 'accepts the API key as a SecureString' {
        $key = ConvertTo-SecureString $Sim.TenantCode -AsPlainText -Force
        { Connect-Ws1Uem -Server $Sim.Url -Credential $Cred -ApiKey $key -AccountName Secure } | Should -Not -Throw
    }

    It 'refuses plain http to a host that is not loopback, before sending anything' {
        { Connect-Ws1Uem -Server 'http://as1234.awmdm.example' -Credential $Cred -ApiKey 'x' -ErrorAction Stop } |
            Should -Throw -ErrorId 'Ws1.InvalidServer,WorkspaceOneUem.Cmdlets.ConnectWs1Uem'
    }

    It 'names the URL it tried when -Server points past the API (404)' {
        $err = { Connect-Ws1Uem -Server "$($Sim.Url)/AirWatch" -Credential $Cred -ApiKey $Sim.TenantCode -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'Ws1.NotFound,*'
        $err.Exception.Message | Should -BeLike "*The URL tried was $($Sim.Url)/AirWatch/API/system/info*API host (asNNN*"
    }

    It 'says that a scheme-less loopback server may want http://' {
        Invoke-Ws1SimulatorControl $Sim 'journal' -Method DELETE | Out-Null
        $authority = ([uri] $Sim.Url).Authority
        $err = { Connect-Ws1Uem -Server $authority -Credential $Cred -ApiKey $Sim.TenantCode -MaxRetryCount 4 -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'Ws1.ConnectionFailed,*'
        $err.Exception.Message | Should -BeLike "*TLS handshake with https://$authority*give -Server http://$authority*"
    }

    It 'fails a wrong API key with an authentication error that names the key' {
        $err = { Connect-Ws1Uem -Server $Sim.Url -Credential $Cred -ApiKey 'WRONG' -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'Ws1.InvalidApiKey,*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -BeLike '*aw-tenant-code*'
        Get-Ws1UemConnection | Should -BeNullOrEmpty
    }

    It 'does not store a session when the admin lacks API access' {
        $err = { Connect-Ws1Uem -Server $Sim.Url -Credential (New-TestCredential noapi Sim-NoApi-Pass-1) -ApiKey $Sim.TenantCode -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'Ws1.NoApiAccess,*'
        Get-Ws1UemConnection | Should -BeNullOrEmpty
    }

    It 'supports -WhatIf without connecting' {
        Connect-Ws1Uem -Server $Sim.Url -Credential $Cred -ApiKey $Sim.TenantCode -WhatIf | Should -BeNullOrEmpty
        Get-Ws1UemConnection | Should -BeNullOrEmpty
    }
}

Describe 'Get-Ws1User in a child pwsh against the laid-out module' {
    BeforeAll { Connect-Ws1Uem -Server $Sim.Url -Credential $Cred -ApiKey $Sim.TenantCode -AccountName P | Out-Null }
    AfterAll { Disconnect-Ws1Uem -All }

    It 'counts every user across pages' {
        (Get-Ws1User | Measure-Object).Count | Should -Be 1100
    }

    It 'emits the public user type with the documented properties' {
        $u = Get-Ws1User | Select-Object -First 1
        $u | Should -BeOfType ([WorkspaceOneUem.Ws1User])
        foreach ($name in 'AccountName', 'Id', 'Uuid', 'UserName', 'Email', 'FirstName', 'LastName', 'DisplayName', 'Status',
            'LicenseType', 'OrganizationGroupId', 'OrganizationGroupName', 'SecurityType', 'EnrolledDeviceCount') {
            $u.PSObject.Properties.Name | Should -Contain $name
        }
        $u.EnrolledDeviceCount | Should -BeOfType ([int])
        $u.AccountName | Should -Be 'P'
    }

    It 'encodes query values: emails with + and apostrophes, and unicode names, match exactly' {
        $all = @(Get-Ws1User)
        $plus = $all | Where-Object Email -like '*+*' | Select-Object -First 1
        $apostrophe = $all | Where-Object Email -like "*'*" | Select-Object -First 1
        $unicode = $all | Where-Object { $_.LastName -match '[^\x00-\x7F]' } | Select-Object -First 1
        foreach ($u in $plus, $apostrophe) {
            $u | Should -Not -BeNullOrEmpty
            Invoke-Ws1SimulatorControl $Sim 'journal' -Method DELETE | Out-Null
            @(Get-Ws1User -Email $u.Email).Id | Should -Be $u.Id
            $query = @(Invoke-Ws1SimulatorControl $Sim 'journal' | Where-Object Path -like '*users/search')[0].Query
            $query | Should -BeLike ('*email=' + [uri]::EscapeDataString($u.Email).Replace("'", '%27') + '*')
        }
        $unicode | Should -Not -BeNullOrEmpty
        @(Get-Ws1User -LastName $unicode.LastName).LastName | Sort-Object -Unique | Should -Be $unicode.LastName
    }

    It 'filters by status' {
        $inactive = @(Get-Ws1User -Status Inactive)
        $inactive.Count | Should -BeGreaterThan 0
        $inactive.Status | Sort-Object -Unique | Should -Be 'Inactive'
        $inactive.LicenseType | Sort-Object -Unique | Should -Be 'None'
    }

    It 'stops paging and cancels the request on the wire when the pipeline stops' {
        # One page at a time and a second a page: page 1 is on the wire when Select-Object stops the pipeline.
        Connect-Ws1Uem -Server $Sim.Url -Credential $Cred -ApiKey $Sim.TenantCode -AccountName Early -PageConcurrency 1 | Out-Null
        Invoke-Ws1SimulatorControl $Sim 'faults' -Method POST -Body @{ Kind = 'Latency'; DelayMs = 1000; Method = 'GET'; PathContains = 'users/search' } | Out-Null
        try {
            Invoke-Ws1SimulatorControl $Sim 'journal' -Method DELETE | Out-Null
            @(Get-Ws1User -AccountName Early | Select-Object -First 10).Count | Should -Be 10
            # Page 1 is journaled once the server sees its client go away: wait for that, not for a while.
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not @(Invoke-Ws1SimulatorControl $Sim 'journal' | Where-Object { $_.Query -like '*page=1&*' -and $_.Status -eq 499 }) -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
        }
        finally {
            Invoke-Ws1SimulatorControl $Sim 'faults' -Method DELETE | Out-Null
            Disconnect-Ws1Uem -AccountName Early
        }
        $searches = @(Invoke-Ws1SimulatorControl $Sim 'journal' | Where-Object Path -like '*users/search')
        @($searches | ForEach-Object { $_.Query -replace '.*[?&]page=(\d+).*', '$1' }) | Should -Be @('0', '1')
        @($searches | Where-Object Query -like '*page=1&*').Status | Should -Be 499 # the client went away
    }

    It 'has a table view that fits 120 columns' {
        $lines = Get-Ws1User | Select-Object -First 5 | Format-Table | Out-String -Width 120 -Stream
        ($lines | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
        ($lines -join "`n") | Should -Match 'Id\s+UserName\s+Status\s+Type\s+Devices\s+Email'
    }
}
