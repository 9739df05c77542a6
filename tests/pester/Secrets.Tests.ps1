# After a session of connects (Basic, OAuth and certificate), reads, writes and errors, no secret appears in any stream,
# in any object the module returned, in $Error, in a JSON dump of the connections, or in the server's journal.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Manifest = Get-TestModuleManifest
    $script:Sim = Start-TestSimulator -Users 700 -Seed 77
    $script:Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    # An admin certificate made now, in a password-protected .pfx (deleted in AfterAll), trusted by the simulator.
    $rsa = [Security.Cryptography.RSA]::Create(2048)
    $request = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=certadmin', $rsa, 'SHA256', [Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $cert = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddYears(1))
    $script:Pfx = Join-Path ([IO.Path]::GetTempPath()) "ws1-secrets-$([guid]::NewGuid().ToString('n')).pfx"
    [IO.File]::WriteAllBytes($Pfx, $cert.Export('Pfx', 'Cert-Pfx-Secret-3'))
    Invoke-Ws1SimulatorControl $Sim 'admins' -Method POST -Body @{ UserName = 'certadmin'; Role = 'Full'; Certificate = [Convert]::ToBase64String($cert.RawData) } | Out-Null
    $script:Secrets = [ordered]@{
        AdminPassword = 'Sim-Admin-Pass-1'
        BasicHeader   = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('apiadmin:Sim-Admin-Pass-1'))
        ApiKey        = $Sim.TenantCode
        OAuthSecret   = 'Sim-OAuth-Secret-1'
        NewUserPass   = 'New-User-Secret-42'
        WrongPassword = 'Wrong-Secret-Typed-9'
        OtherApiKey   = 'Other-Tenant-Key-77'
        CertPassword  = 'Cert-Pfx-Secret-3'
        PrivateKey    = [Convert]::ToBase64String($rsa.ExportPkcs8PrivateKey())
        PrivateExponent = [Convert]::ToBase64String($rsa.ExportParameters($true).D)
    }
    $session = @"
`$ErrorActionPreference = 'Continue'
`$VerbosePreference = 'Continue'; `$DebugPreference = 'Continue'; `$InformationPreference = 'Continue'
Import-Module '$Manifest'
`$cred = [pscredential]::new('apiadmin', (ConvertTo-SecureString '$($Secrets.AdminPassword)' -AsPlainText -Force))
`$results = [System.Collections.Generic.List[object]]::new()
& {
    `$results.Add((Connect-Ws1Uem -Server '$($Sim.Url)' -Credential `$cred -ApiKey '$($Secrets.ApiKey)' -AccountName B -RequestsPerMinute 100000))
    `$results.Add((Connect-Ws1Uem -Server '$($Sim.Url)' -ClientId sim-oauth-client -ClientSecret '$($Secrets.OAuthSecret)' -TokenUrl '$($Sim.Url)/connect/token' -ApiKey '$($Secrets.ApiKey)' -AccountName O))
    Connect-Ws1Uem -Server '$($Sim.Url)' -Credential ([pscredential]::new('apiadmin', (ConvertTo-SecureString '$($Secrets.WrongPassword)' -AsPlainText -Force))) -ApiKey '$($Secrets.ApiKey)' -AccountName W
    Connect-Ws1Uem -Server '$($Sim.Url)' -ClientId sim-oauth-client -ClientSecret 'x$($Secrets.OAuthSecret)' -TokenUrl '$($Sim.Url)/connect/token' -AccountName W2
    Connect-Ws1Uem -Server '$($Sim.Url)' -Credential `$cred -ApiKey '$($Secrets.OtherApiKey)' -AccountName B
    `$results.Add((Connect-Ws1Uem -Server '$($Sim.Url)' -CertificatePath '$Pfx' -CertificatePassword (ConvertTo-SecureString '$($Secrets.CertPassword)' -AsPlainText -Force) -ApiKey '$($Secrets.ApiKey)' -AccountName C))
    Connect-Ws1Uem -Server '$($Sim.Url)' -CertificatePath '$Pfx' -CertificatePassword (ConvertTo-SecureString 'x$($Secrets.CertPassword)' -AsPlainText -Force) -ApiKey '$($Secrets.ApiKey)' -AccountName CW
    Get-Ws1User -AccountName C | Select-Object -First 5 | ForEach-Object { `$results.Add(`$_) }
    Connect-Ws1Uem -Server '$($Sim.Url)' -Credential `$cred -ApiKey '$($Secrets.OtherApiKey)' -AccountName B -Force
    Get-Ws1User -AccountName B | Select-Object -First 600 | ForEach-Object { `$results.Add(`$_) }
    Get-Ws1User -AccountName O -Id 1, 999999 | ForEach-Object { `$results.Add(`$_) }
    `$new = New-Ws1User -AccountName B -UserName secret.test -Email secret.test@x.example -Password (ConvertTo-SecureString '$($Secrets.NewUserPass)' -AsPlainText -Force)
    `$results.Add(`$new)
    New-Ws1User -AccountName B -UserName secret.test -Email secret.test@x.example -Password (ConvertTo-SecureString '$($Secrets.NewUserPass)' -AsPlainText -Force)
    `$new | Disable-Ws1User -Confirm:`$false -PassThru | ForEach-Object { `$results.Add(`$_) }
    `$new | Remove-Ws1User -Force -PassThru | ForEach-Object { `$results.Add(`$_) }
    Get-Ws1User -AccountName B -UserName (`$results[2].UserName) | Lock-Ws1UserDevice -Confirm:`$false | ForEach-Object { `$results.Add(`$_) }
    Test-Ws1UemConnection -AccountName B, O, C | ForEach-Object { `$results.Add(`$_) }
    Get-Ws1UemConnection | ForEach-Object { `$results.Add(`$_) }
    Get-Ws1UemConnection | ConvertTo-Json -Depth 6
    Get-Ws1UemConnection | Format-List * | Out-String
} *>&1 | ForEach-Object { "STREAM: `$_" }
`$results | ForEach-Object { "OBJECT: " + (`$_ | Format-List * | Out-String -Width 400) }
`$results | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue
`$Error | ForEach-Object { "ERROR: `$(`$_.FullyQualifiedErrorId) `$_ `$(`$_.Exception.ToString()) `$(`$_.ScriptStackTrace)" }
"@
    $script:Transcript = (& $script:Pwsh -NoProfile -NonInteractive -Command $session 2>&1) -join "`n"
    $script:Journal = (Invoke-Ws1SimulatorControl $Sim 'journal?limit=200000' | ConvertTo-Json -Depth 6)
}

AfterAll {
    Stop-Ws1Simulator $script:Sim
    Remove-Item -LiteralPath $script:Pfx -Force -ErrorAction SilentlyContinue
}

Describe 'Secrets after a session of connects, reads, writes and errors' {
    It 'the session really did all of it' {
        $Transcript | Should -BeLike '*users/search*'                # verbose request lines
        $Transcript | Should -BeLike '*Ws1.InvalidCredentials*'        # the wrong password
        $Transcript | Should -BeLike '*refused client*'                # the wrong OAuth secret
        $Transcript | Should -BeLike '*AlreadyExists*'                 # the duplicate create
        $Transcript | Should -BeLike '*AccountNameInUse*the API key*'  # the same admin with another tenant's key
        $Transcript | Should -BeLike '*InvalidApiKey*'                 # ... forced, and refused by the server
        $Transcript | Should -BeLike '*UserName*: secret.test*'        # the created user
        $Transcript | Should -BeLike '*POST*adduser*'
        $Journal | Should -BeLike '*adduser*'
        $Journal | Should -BeLike '*connect/token*'
        $Transcript | Should -BeLike '*AuthType*: Certificate*'         # the certificate connection
        $Transcript | Should -BeLike '*Ws1.CertificatePasswordInvalid*' # the wrong certificate password
        $Journal | Should -BeLike '*CMSURL``1 `*`*`**'
    }

    It 'never shows <_>' -ForEach @('AdminPassword', 'BasicHeader', 'ApiKey', 'OAuthSecret', 'NewUserPass', 'WrongPassword', 'OtherApiKey', 'CertPassword', 'PrivateKey', 'PrivateExponent') {
        $secret = $Secrets[$_]
        $Transcript.Contains($secret) | Should -BeFalse -Because "$_ must not appear in any stream, object or error"
        $Journal.Contains($secret) | Should -BeFalse -Because "$_ must be masked in the simulator's journal too"
    }
}
