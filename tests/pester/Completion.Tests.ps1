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

    It 'offers the certificate parameters, and after -CertificatePath only what goes with it' {
        Get-Completion 'Connect-Ws1Uem -Server x -Cert' | Sort-Object | Should -Be @('-Certificate', '-CertificatePassword', '-CertificatePath')
        $afterPath = Get-Completion 'Connect-Ws1Uem -Server x -CertificatePath ./a.p12 -'
        $afterPath | Should -Contain '-CertificatePassword'
        $afterPath | Should -Contain '-ApiKey'
        foreach ($other in '-Certificate', '-Credential', '-ClientId', '-ClientSecret', '-Region', '-TokenUrl') { $afterPath | Should -Not -Contain $other }
    }
}

Describe 'Parameter sets of Connect-Ws1Uem' {
    It 'keeps <Set> in a set of its own' -ForEach @(
        @{ Set = 'Certificate'; Parameters = @('Certificate', 'ApiKey') }
        @{ Set = 'CertificatePath'; Parameters = @('CertificatePath', 'CertificatePassword', 'ApiKey') }
        @{ Set = 'Basic'; Parameters = @('Credential', 'ApiKey') }
    ) {
        $set = (Get-Command Connect-Ws1Uem).ParameterSets | Where-Object Name -eq $Set
        foreach ($p in $Parameters) { $set.Parameters.Name | Should -Contain $p }
        foreach ($p in @('Certificate', 'CertificatePath', 'CertificatePassword', 'Credential', 'ClientId') | Where-Object { $_ -notin $Parameters }) {
            $set.Parameters.Name | Should -Not -Contain $p
        }
    }

    It 'refuses -Certificate with -Credential before anything is sent' {
        $cert = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=x', [Security.Cryptography.RSA]::Create(2048), 'SHA256', [Security.Cryptography.RSASignaturePadding]::Pkcs1).CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(1))
        { Connect-Ws1Uem -Server $Sim.Url -Certificate $cert -Credential (New-TestCredential) -ApiKey $Sim.TenantCode } | Should -Throw -ErrorId 'AmbiguousParameterSet,WorkspaceOneUem.Cmdlets.ConnectWs1Uem'
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
