# Runs the examples of every exported cmdlet, as Get-Help shows them from the MAML the build generated,
# against two simulated tenants, so the help that ships is proven to work.
#
# The tenants: 'Fabrikam' (300 users, seed 2) is connected first and 'Contoso' (600 users, seed 1) last,
# so Contoso is the default account, as an example without -AccountName expects. Both hold a Basic user
# 'ann' (ann@contoso.example and ann@fabrikam.example); the seeded users (mark.williams1 and so on) are
# the simulator's own. Connections and these users are put back before the examples of each cmdlet.
#
# Runnable: an example is runnable unless its code needs something that cannot exist here: a real tenant
# host name (asNNNN.awmdm.com), or a prompt or vault for a secret (Get-Credential, Read-Host, Get-Secret).
# Every cmdlet needs at least two runnable examples. 'http://127.0.0.1:5000' in an example (the simulator
# started by ./build.ps1 -Task Simulator --port 5000) is replaced by the Contoso simulator's address.
#
# Each example runs in a fresh scope with $ErrorActionPreference = 'Stop' and the default confirmation
# settings, in a runspace without a host, so an example that would prompt fails instead of waiting.
# The examples of one cmdlet share a temporary working directory (a later one may read a file an earlier
# one wrote) and nothing else.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $module = Import-Module (Get-TestModuleManifest) -Force -PassThru
    $placeholder = '\bas\d+\.awmdm\.com\b|\bGet-Credential\b|\bRead-Host\b|\bGet-Secret\b'
    $script:Cmdlets = @($module.ExportedCmdlets.Keys | Sort-Object | ForEach-Object {
        $name = $_
        $n = 0
        $examples = @(@((Get-Help $name -Examples).examples.example) | Where-Object { $_ } | ForEach-Object {
            $n++
            $code = ([string] $_.code).Trim()
            @{ Number = $n; Title = ([string] $_.title).Trim(' ', '-'); Code = $code; IsRunnable = $code -notmatch $placeholder }
        })
        @{ Name = $name; Examples = $examples; Runnable = @($examples | Where-Object IsRunnable) }
    })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Manifest = Get-TestModuleManifest
    $script:Contoso = Start-TestSimulator -Users 600 -Seed 1
    $script:Fabrikam = Start-TestSimulator -Users 300 -Seed 2

    # A runspace without a host: a confirmation or credential prompt throws there instead of blocking.
    $script:Runspace = [runspacefactory]::CreateRunspace()
    $Runspace.Open()

    function Invoke-Isolated([string] $Script, [hashtable] $Parameters = @{}, [int] $TimeoutSeconds = 60) {
        $ps = [powershell]::Create()
        $ps.Runspace = $Runspace
        try {
            $null = $ps.AddScript($Script, $true)
            foreach ($key in $Parameters.Keys) { $null = $ps.AddParameter($key, $Parameters[$key]) }
            $async = $ps.BeginInvoke()
            if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($TimeoutSeconds))) {
                $ps.Stop()
                throw "Did not finish within $TimeoutSeconds s."
            }
            try { $output = $ps.EndInvoke($async) }
            catch { throw $(if ($_.Exception.InnerException) { $_.Exception.InnerException } else { $_.Exception }) }
            $errors = @($ps.Streams.Error)
            if ($errors) { throw "It wrote errors: $(($errors | ForEach-Object { $_.ToString() }) -join '; ')" }
            $output
        }
        finally { $ps.Dispose() }
    }

    Invoke-Isolated -Parameters @{ Manifest = $Manifest; Contoso = $Contoso; Fabrikam = $Fabrikam } -Script {
        param($Manifest, $Contoso, $Fabrikam)
        Import-Module $Manifest -ErrorAction Stop
        $global:ExampleTenants = @{ Contoso = $Contoso; Fabrikam = $Fabrikam }
        function global:Reset-ExampleTenants {
            $ErrorActionPreference = 'Stop'
            Disconnect-Ws1Uem -All
            $cred = [pscredential]::new('apiadmin', (ConvertTo-SecureString 'Sim-Admin-Pass-1' -AsPlainText -Force))
            $pw = ConvertTo-SecureString 'Example-Pass-1' -AsPlainText -Force
            foreach ($name in 'Fabrikam', 'Contoso') {   # Contoso last: the default account
                $sim = $ExampleTenants[$name]
                Connect-Ws1Uem -Server $sim.Url -Credential $cred -ApiKey $sim.TenantCode -AccountName $name -RequestsPerMinute 100000 | Out-Null
                $ann = Get-Ws1User -UserName ann -AccountName $name
                if (-not $ann) {
                    New-Ws1User -UserName ann -Email "ann@$($name.ToLowerInvariant()).example" -FirstName Ann -LastName Lee -Password $pw -AccountName $name | Out-Null
                }
                elseif ($ann.Status -ne 'Active') { Enable-Ws1User -Id $ann.Id -AccountName $name | Out-Null }
            }
        }
        Reset-ExampleTenants
    } | Out-Null
}

AfterAll {
    if ($Runspace) {
        try { Invoke-Isolated { Disconnect-Ws1Uem -All } | Out-Null } catch { }
        $Runspace.Dispose()
    }
    $Contoso, $Fabrikam | Where-Object { $_ } | Stop-Ws1Simulator
}

Describe 'Examples of <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $script:WorkDir = Join-Path ([System.IO.Path]::GetTempPath()) "ws1-examples-$Name-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        New-Item -ItemType Directory -Path $WorkDir | Out-Null
        Invoke-Isolated -Parameters @{ Dir = $WorkDir } { param($Dir) Reset-ExampleTenants; Push-Location -LiteralPath $Dir } | Out-Null
    }

    AfterAll {
        Invoke-Isolated { Pop-Location } | Out-Null
        Remove-Item -LiteralPath $WorkDir -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'has at least two examples that run against the simulator' {
        $Runnable.Count | Should -BeGreaterOrEqual 2 -Because "$Name needs two runnable examples (of $($Examples.Count))"
    }

    It 'runs <Title>' -ForEach $Examples {
        if (-not $IsRunnable) { Set-ItResult -Skipped -Because 'it needs a real tenant or a secret prompt'; return }
        $code = $Code.Replace('http://127.0.0.1:5000', $Contoso.Url.TrimEnd('/'))
        # A fresh scope for each example; Out-String also renders the output through the format views.
        { Invoke-Isolated -Parameters @{ Code = $code } {
                param($Code)
                $ErrorActionPreference = 'Stop'
                $ProgressPreference = 'SilentlyContinue'
                & ([scriptblock]::Create($Code)) | Out-String
            } | Out-Null } | Should -Not -Throw
    }
}
