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
    Connect-Ws1Uem -Server $Sim.Url -Credential (New-TestCredential) -ApiKey $Sim.TenantCode -AccountName 'Contoso Europe Production' -RequestsPerMinute 100000 | Out-Null
}

AfterAll {
    Disconnect-Ws1Uem -All
    Stop-Ws1Simulator $script:Sim
}

Describe 'Format views' {
    It '<TypeName> has a table view' -ForEach $OutputTypes {
        $views = @(Get-FormatData -TypeName $TypeName -PowerShellVersion $PSVersionTable.PSVersion)
        # Each view's control: a type can also have a list view.
        $views.FormatViewDefinition.Control | ForEach-Object { $_.GetType().Name } | Should -Contain 'TableControl'
    }

    It 'the first tables fit a 120-column console: <Name>' -ForEach @(
        @{ Name = 'users'; Script = { Get-Ws1User | Select-Object -First 5 } }
        @{ Name = 'devices'; Script = { Get-Ws1Device | Select-Object -First 5 } }
        @{ Name = 'apps'; Script = { Get-Ws1App | Select-Object -First 5 } }
        @{ Name = 'device apps'; Script = { Get-Ws1Device | Select-Object -First 3 | Get-Ws1App | Select-Object -First 5 } }
        @{ Name = 'connections'; Script = { Get-Ws1UemConnection } }
        @{ Name = 'connection test'; Script = { Test-Ws1UemConnection } }
        @{ Name = 'lock results'; Script = { Get-Ws1User | Where-Object EnrolledDeviceCount -gt 1 | Select-Object -First 2 | Lock-Ws1UserDevice -Confirm:$false } }
    ) {
        $objects = @(& $Script)
        $objects.Count | Should -BeGreaterThan 0
        $lines = $objects | Format-Table | Out-String -Width 120 -Stream
        ($lines | Where-Object { $_.TrimEnd().Length -gt 120 }) | Should -BeNullOrEmpty
        # A table view, not the default list of every property.
        ($lines | Where-Object { $_ -match '^\s*-+(\s+-+)+\s*$' }) | Should -Not -BeNullOrEmpty
    }
}
