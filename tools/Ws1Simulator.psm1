# Starts and stops the Workspace ONE UEM simulator as a child process for tests, the demo and benchmarks.
# The simulator binds 127.0.0.1 on a free port and exits when our end of its stdin closes, so a crashed
# test run never leaves one behind.

$script:DefaultAdmin = @{ UserName = 'apiadmin'; Password = 'Sim-Admin-Pass-1'; TenantCode = 'SIMTENANTCODE000001' }

function Start-Ws1Simulator {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $SimulatorDll,
        [int] $Users = 200,
        [int] $Seed = 1,
        [int] $LatencyMs = 0,
        [string[]] $ExtraArguments = @(),
        [int] $StartTimeoutSeconds = 60
    )
    if (-not (Test-Path -LiteralPath $SimulatorDll)) { throw "Simulator not found at $SimulatorDll. Run ./build.ps1 -Task Build first." }
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($SimulatorDll, '--port', '0', '--users', $Users, '--seed', $Seed, '--latency-ms', $LatencyMs, '--exit-on-stdin-close') + $ExtraArguments) {
        $psi.ArgumentList.Add([string] $a)
    }
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $deadline = [DateTime]::UtcNow.AddSeconds($StartTimeoutSeconds)
    $url = $null
    while (-not $url -and [DateTime]::UtcNow -lt $deadline) {
        $read = $process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait([TimeSpan]::FromSeconds([Math]::Max(1, ($deadline - [DateTime]::UtcNow).TotalSeconds)))) { break }
        $line = $read.Result
        if ($null -eq $line) { break }
        if ($line -match '^WS1SIM READY (\S+)') { $url = $Matches[1] }
    }
    if (-not $url) {
        if (-not $process.HasExited) { $process.Kill($true) }
        throw "The simulator did not report READY within $StartTimeoutSeconds s."
    }
    # Keep draining its output so it can never block on a full pipe.
    $null = $process.StandardOutput.BaseStream.CopyToAsync([System.IO.Stream]::Null)
    [pscustomobject]@{
        PSTypeName    = 'Ws1Simulator'
        Url           = $url
        TenantCode    = $script:DefaultAdmin.TenantCode
        AdminUserName = $script:DefaultAdmin.UserName
        AdminPassword = $script:DefaultAdmin.Password
        Users         = $Users
        Process       = $process
    }
}

function Stop-Ws1Simulator {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Simulator)
    process {
        $p = $Simulator.Process
        if ($p -and -not $p.HasExited) {
            $p.StandardInput.Close()
            if (-not $p.WaitForExit(5000)) { $p.Kill($true) }
        }
    }
}

function Invoke-Ws1SimulatorControl {
    # Calls the simulator's control path (/_sim/...): faults, journal, settings. Never part of the API.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Simulator,
        [Parameter(Mandatory)] [string] $Path,
        [string] $Method = 'GET',
        $Body
    )
    $params = @{ Uri = "$($Simulator.Url)/_sim/$Path"; Method = $Method }
    if ($null -ne $Body) { $params.Body = ($Body | ConvertTo-Json -Depth 5); $params.ContentType = 'application/json' }
    # Invoke-RestMethod passes a JSON array on as one object; enumerate it so Where-Object sees each entry.
    Invoke-RestMethod @params | ForEach-Object { $_ }
}

Export-ModuleMember -Function Start-Ws1Simulator, Stop-Ws1Simulator, Invoke-Ws1SimulatorControl
