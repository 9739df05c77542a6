BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Manifest = Get-TestModuleManifest
    $script:ModuleDir = Split-Path $script:Manifest
    $script:Sim = Start-TestSimulator -Users 650 -Seed 9
    $script:Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

    # Runs a script in a fresh pwsh and returns its output lines; fails on a non-zero exit.
    function Invoke-FreshPwsh([string] $script) {
        $prelude = "`$ErrorActionPreference = 'Stop'; `$cred = [pscredential]::new('apiadmin', (ConvertTo-SecureString 'Sim-Admin-Pass-1' -AsPlainText -Force)); "
        $out = & $script:Pwsh -NoProfile -NonInteractive -Command ($prelude + $script) 2>&1
        if ($LASTEXITCODE -ne 0) { throw "fresh pwsh failed ($LASTEXITCODE): $($out -join "`n")" }
        $out | ForEach-Object { "$_" }
    }
}

AfterAll { Stop-Ws1Simulator $script:Sim }

Describe 'Certificate authentication from the laid-out module' {
    BeforeAll {
        # A self-signed admin certificate made now, trusted by the simulator, and a .pfx of it that is deleted after.
        $rsa = [Security.Cryptography.RSA]::Create(2048)
        $request = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=certadmin', $rsa, 'SHA256', [Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $script:Cert = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddYears(1))
        $script:PfxPassword = 'Packaging-Pfx-Pass-5'
        $script:Pfx = Join-Path ([IO.Path]::GetTempPath()) "ws1-packaging-$([guid]::NewGuid().ToString('n')).pfx"
        [IO.File]::WriteAllBytes($Pfx, $Cert.Export('Pfx', $PfxPassword))
        Invoke-Ws1SimulatorControl $Sim 'admins' -Method POST -Body @{ UserName = 'certadmin'; Role = 'Full'; Certificate = [Convert]::ToBase64String($Cert.RawData) } | Out-Null
    }

    AfterAll { Remove-Item -LiteralPath $Pfx -Force -ErrorAction SilentlyContinue }

    It 'connects with -Certificate from Get-PfxCertificate and with -CertificatePath, using the PKCS assembly pwsh ships' {
        $out = Invoke-FreshPwsh @"
Import-Module '$Manifest'
`$pw = ConvertTo-SecureString '$PfxPassword' -AsPlainText -Force
`$c = Connect-Ws1Uem -Server '$($Sim.Url)' -Certificate (Get-PfxCertificate -FilePath '$Pfx' -Password `$pw) -ApiKey '$($Sim.TenantCode)' -AccountName FromObject
'auth=' + `$c.AuthType + ' ' + `$c.CertificateThumbprint
'count=' + (Get-Ws1User -AccountName FromObject | Measure-Object).Count
Connect-Ws1Uem -Server '$($Sim.Url)' -CertificatePath '$Pfx' -CertificatePassword `$pw -ApiKey '$($Sim.TenantCode)' -AccountName FromFile | Out-Null
'file-count=' + (Get-Ws1User -AccountName FromFile | Measure-Object).Count
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'System.Security.Cryptography.Pkcs' } | ForEach-Object {
    'pkcs=' + `$_.GetName().Version + '@' + (`$_.Location -replace '\\', '/')
}
"@
        $out | Should -Contain "auth=Certificate $($Cert.Thumbprint)"
        $out | Should -Contain 'count=650'
        $out | Should -Contain 'file-count=650'
        # Exactly one copy, PowerShell's own: the module does not carry it for PowerShell 7.
        $pkcs = @($out | Where-Object { $_ -like 'pkcs=*' })
        $pkcs.Count | Should -Be 1
        $pkcs[0] | Should -BeLike "*@$($PSHOME -replace '\\', '/')*"
        Join-Path $ModuleDir 'core/System.Security.Cryptography.Pkcs.dll' | Should -Not -Exist
        Join-Path $ModuleDir 'core/lib/System.Security.Cryptography.Pkcs.dll' | Should -Not -Exist
    }

    It 'is carried by the Windows PowerShell 5.1 build, whose certificate connection works in pwsh too' {
        Join-Path $ModuleDir 'desktop/System.Security.Cryptography.Pkcs.dll' | Should -Exist
        Join-Path $ModuleDir 'desktop/System.Formats.Asn1.dll' | Should -Exist
        $desktop = Join-Path $ModuleDir 'desktop/WorkspaceOneUem.dll'
        $out = Invoke-FreshPwsh @"
[Reflection.Assembly]::LoadFrom('$desktop').GetType('WorkspaceOneUem.Infrastructure.DependencyIsolation', `$true)::Register()
Import-Module '$desktop'
Connect-Ws1Uem -Server '$($Sim.Url)' -CertificatePath '$Pfx' -CertificatePassword (ConvertTo-SecureString '$PfxPassword' -AsPlainText -Force) -ApiKey '$($Sim.TenantCode)' -AccountName DeskCert | Out-Null
'count=' + (Get-Ws1User -AccountName DeskCert | Measure-Object).Count
"@
        $out | Should -Contain 'count=650'
    }
}

Describe 'The manifest' {
    It 'is plain data that Import-PowerShellDataFile reads, with every cmdlet listed' {
        $data = Import-PowerShellDataFile -Path $Manifest
        $data.RootModule | Should -Be 'WorkspaceOneUem.psm1'
        $data.ModuleVersion | Should -Not -Be '0.0.0'
        $data.CmdletsToExport | Should -Contain 'Connect-Ws1Uem'
        Join-Path $ModuleDir $data.RootModule | Should -Exist
        $out = Invoke-FreshPwsh "Import-Module '$Manifest'; (Get-Command -Module WorkspaceOneUem -CommandType Cmdlet).Name | Sort-Object"
        $out | Should -Be ($data.CmdletsToExport | Sort-Object)
    }

    It 'passes Test-ModuleManifest' {
        $info = Test-ModuleManifest -Path $Manifest -ErrorAction Stop
        $info.Name | Should -Be 'WorkspaceOneUem'
        $info.ExportedCmdlets.Keys | Should -Contain 'Get-Ws1User'
    }

    It 'stays valid and importable after Update-ModuleManifest rewrites it' {
        $copy = Join-Path ([IO.Path]::GetTempPath()) "ws1-manifest-$([guid]::NewGuid().ToString('n'))/WorkspaceOneUem"
        New-Item -ItemType Directory -Force -Path $copy | Out-Null
        try {
            Copy-Item -Path (Join-Path $ModuleDir '*') -Destination $copy -Recurse
            $copied = Join-Path $copy 'WorkspaceOneUem.psd1'
            Update-ModuleManifest -Path $copied -ReleaseNotes 'Rewritten by Update-ModuleManifest in a test.' -ErrorAction Stop
            (Import-PowerShellDataFile -Path $copied).PrivateData.PSData.ReleaseNotes | Should -Be 'Rewritten by Update-ModuleManifest in a test.'
            (Test-ModuleManifest -Path $copied -ErrorAction Stop).RootModule | Should -Be 'WorkspaceOneUem.psm1'
            $out = Invoke-FreshPwsh "Import-Module '$copied'; (Get-Command Get-Ws1User).Name"
            $out | Should -Be 'Get-Ws1User'
        }
        finally {
            Remove-Item -Recurse -Force (Split-Path $copy) -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Dependency isolation on PowerShell 7' {
    It 'works when another module loaded an older Polly.Core first, and keeps its own' {
        $oldPolly = Join-Path $env:WS1_NUGET_PACKAGES 'polly.core/8.1.0/lib/net6.0/Polly.Core.dll'
        Test-Path $oldPolly | Should -BeTrue
        $out = Invoke-FreshPwsh @"
Add-Type -Path '$oldPolly'
Import-Module '$Manifest'
Connect-Ws1Uem -Server '$($Sim.Url)' -Credential `$cred -ApiKey '$($Sim.TenantCode)' | Out-Null
'count=' + (Get-Ws1User | Measure-Object).Count
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Polly.Core' } | ForEach-Object {
    'polly=' + `$_.GetCustomAttributes([Reflection.AssemblyInformationalVersionAttribute], `$false)[0].InformationalVersion.Split('+')[0] + '@' + [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name
}
"@
        $out | Should -Contain 'count=650'
        $out | Should -Contain 'polly=8.1.0@Default'
        $out | Should -Contain 'polly=8.9.1@WorkspaceOneUem'
    }

    It 'keeps its public types nameable from scripts' {
        $out = Invoke-FreshPwsh "Import-Module '$Manifest'; [WorkspaceOneUem.Ws1User].FullName; [WorkspaceOneUem.Client.Ws1ApiException].FullName"
        $out | Should -Be @('WorkspaceOneUem.Ws1User', 'WorkspaceOneUem.Client.Ws1ApiException')
    }
}

Describe 'The Windows PowerShell 5.1 build (netstandard2.0), loaded in pwsh' {
    It 'is laid out beside the PowerShell 7 build' {
        foreach ($name in 'WorkspaceOneUem.dll', 'WorkspaceOneUem.Client.dll', 'WorkspaceOneUem.Resilience.dll', 'Polly.Core.dll', 'Microsoft.Bcl.TimeProvider.dll', 'en-US/WorkspaceOneUem.dll-Help.xml') {
            Join-Path $ModuleDir "desktop/$name" | Should -Exist
        }
        $target = [Reflection.Assembly]::LoadFile((Join-Path $ModuleDir 'desktop/WorkspaceOneUem.Client.dll')).GetCustomAttributes([Runtime.Versioning.TargetFrameworkAttribute], $false)[0].FrameworkName
        $target | Should -Be '.NETStandard,Version=v2.0'
    }

    It 'connects and reads users against the simulator' {
        $desktop = Join-Path $ModuleDir 'desktop/WorkspaceOneUem.dll'
        $out = Invoke-FreshPwsh @"
[Reflection.Assembly]::LoadFrom('$desktop').GetType('WorkspaceOneUem.Infrastructure.DependencyIsolation', `$true)::Register()
Import-Module '$desktop'
`$c = Connect-Ws1Uem -Server '$($Sim.Url)' -Credential `$cred -ApiKey '$($Sim.TenantCode)' -AccountName Desk
'account=' + `$c.AccountName
'count=' + (Get-Ws1User | Measure-Object).Count
'inactive=' + ((Get-Ws1User -Status Inactive | Measure-Object).Count -gt 0)
'client=' + ([WorkspaceOneUem.Ws1User].Assembly.Location -replace '\\', '/')
"@
        $out | Should -Contain 'account=Desk'
        $out | Should -Contain 'count=650'
        $out | Should -Contain 'inactive=True'
        ($out | Where-Object { $_ -like 'client=*' }) | Should -BeLike '*/desktop/WorkspaceOneUem.Client.dll'
    }
}

Describe 'The Gallery package' {
    It 'installs with Install-PSResource into a clean module path, autoloads by name, connects and reads' {
        $repository = $env:WS1_PACKAGE_REPOSITORY
        if (-not $repository) { $repository = Join-Path (Split-Path (Split-Path (Split-Path $ModuleDir))) 'repository' }
        Get-ChildItem $repository -Filter 'WorkspaceOneUem.*.nupkg' | Should -Not -BeNullOrEmpty

        # A fresh pwsh whose user folders (PSResourceGet settings, CurrentUser modules) are empty temp folders.
        $tempHome = Join-Path ([IO.Path]::GetTempPath()) "ws1-install-$([guid]::NewGuid().ToString('n'))"
        New-Item -ItemType Directory -Path $tempHome | Out-Null
        $saved = @{ HOME = $env:HOME; XDG_DATA_HOME = $env:XDG_DATA_HOME; XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME; PSModulePath = $env:PSModulePath }
        try {
            $env:HOME = $tempHome
            # .NET reports no application-data folder unless it exists, so make them first.
            # PSResourceGet installs under ~/.local/share, pwsh looks under XDG_DATA_HOME: make them one folder.
            $env:XDG_DATA_HOME = (New-Item -ItemType Directory (Join-Path $tempHome '.local/share')).FullName
            $env:XDG_CONFIG_HOME = (New-Item -ItemType Directory (Join-Path $tempHome '.config')).FullName
            $env:PSModulePath = $null
            $installed = Invoke-FreshPwsh @"
Register-PSResourceRepository -Name Local -Uri '$repository' -Trusted
Install-PSResource -Name WorkspaceOneUem -Repository Local -Scope CurrentUser -TrustRepository
'installed=' + ((Get-InstalledPSResource -Name WorkspaceOneUem).InstalledLocation -replace '\\', '/')
"@
            # A new session, as a user would open after installing: no Import-Module, the cmdlet autoloads.
            $out = Invoke-FreshPwsh @"
'loaded-before=' + [bool](Get-Module WorkspaceOneUem)
Connect-Ws1Uem -Server '$($Sim.Url)' -Credential `$cred -ApiKey '$($Sim.TenantCode)' | Out-Null
'loaded-after=' + (Get-Module WorkspaceOneUem).ModuleBase.Replace('\', '/')
'count=' + (Get-Ws1User | Measure-Object).Count
"@
        }
        finally {
            foreach ($k in $saved.Keys) { Set-Item "env:$k" $saved[$k] }
            Remove-Item -Recurse -Force $tempHome -ErrorAction SilentlyContinue
        }
        ($installed | Where-Object { $_ -like 'installed=*' }) | Should -BeLike "installed=$($tempHome -replace '\\','/')*"
        $out | Should -Contain 'loaded-before=False'
        ($out | Where-Object { $_ -like 'loaded-after=*' }) | Should -BeLike "loaded-after=$($tempHome -replace '\\','/')*WorkspaceOneUem*"
        $out | Should -Contain 'count=650'
    }
}
