# Every parameter with a closed set of values completes them in the API's spelling; -UserId is a user id everywhere.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModuleManifest) -Force
    $script:Sim = Start-TestSimulator -Users 60 -Seed 8
    Connect-Ws1Uem -Server $Sim.Url -Credential (New-TestCredential) -ApiKey $Sim.TenantCode -AccountName 'Contoso Europe' | Out-Null

    function Get-Completion([string] $line) {
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
    }
}

AfterAll {
    Disconnect-Ws1Uem -All
    Stop-Ws1Simulator $script:Sim
}

Describe 'Completion' {
    It 'completes <Line> with <Expected>' -ForEach @(
        @{ Line = 'Get-Ws1Device -Platform '; Expected = @('Apple', 'Android', 'AppleOsX', 'WinRT') }
        @{ Line = 'Get-Ws1Device -Platform apple'; Expected = @('Apple', 'AppleOsX') }
        @{ Line = 'Get-Ws1Device -EnrollmentStatus '; Expected = @('Enrolled', 'EnterpriseWipePending', 'DeviceWipePending', 'Unenrolled') }
        @{ Line = 'Get-Ws1Device -EnrollmentStatus ent'; Expected = @('EnterpriseWipePending') }
        @{ Line = 'Get-Ws1App -Platform W'; Expected = @('WinRT') }
        @{ Line = 'Get-Ws1App -AppType '; Expected = @('Internal', 'Public', 'Purchased') }
        @{ Line = 'Get-Ws1User -Status '; Expected = @('Active', 'Inactive') }
        @{ Line = 'Get-Ws1User -AccountName Cont'; Expected = @("'Contoso Europe'") }
    ) {
        Get-Completion $Line | Should -Be $Expected
    }

    It 'completes no file names for a value parameter' {
        Get-Completion 'Get-Ws1Device -Platform ./' | Should -BeNullOrEmpty
    }
}

Describe 'One name for a user id' {
    It 'takes -UserId on <Command> as on the device actions' -ForEach @(
        @{ Command = 'Get-Ws1User' }, @{ Command = 'Remove-Ws1User' }, @{ Command = 'Enable-Ws1User' }, @{ Command = 'Disable-Ws1User' },
        @{ Command = 'Lock-Ws1UserDevice' }, @{ Command = 'Invoke-Ws1UserDeviceWipe' }
    ) {
        $parameter = (Get-Command $Command).Parameters.Values | Where-Object { $_.Name -eq 'UserId' -or $_.Aliases -contains 'UserId' }
        $parameter | Should -Not -BeNullOrEmpty
    }

    It 'finds the same user by -Id and by -UserId' {
        (Get-Ws1User -UserId 3).UserName | Should -Be (Get-Ws1User -Id 3).UserName
    }
}
