# Shared setup for the Pester suites: the laid-out module and simulators started as child processes.
$script:Root = Resolve-Path (Join-Path $PSScriptRoot '../..')
Import-Module (Join-Path $script:Root 'tools/Ws1Simulator.psm1') -Force

function Get-TestModuleManifest {
    if ($env:WS1_MODULE_MANIFEST -and (Test-Path $env:WS1_MODULE_MANIFEST)) { return $env:WS1_MODULE_MANIFEST }
    $found = Get-ChildItem (Join-Path $script:Root 'out/WorkspaceOneUem') -Filter WorkspaceOneUem.psd1 -Recurse -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $found) { throw 'The module is not laid out: run ./build.ps1 -Task Build first.' }
    $found.FullName
}

function Start-TestSimulator {
    param([int] $Users = 200, [int] $Seed = 1, [string[]] $ExtraArguments = @())
    $dll = if ($env:WS1_SIMULATOR_DLL) { $env:WS1_SIMULATOR_DLL } else { Join-Path $script:Root 'out/simulator/WorkspaceOneUem.Simulator.dll' }
    Start-Ws1Simulator -SimulatorDll $dll -Users $Users -Seed $Seed -ExtraArguments $ExtraArguments
}

function New-TestCredential {
    param([string] $UserName = 'apiadmin', [string] $Password = 'Sim-Admin-Pass-1')
    [pscredential]::new($UserName, (ConvertTo-SecureString $Password -AsPlainText -Force))
}

Export-ModuleMember -Function Get-TestModuleManifest, Start-TestSimulator, New-TestCredential, Stop-Ws1Simulator, Invoke-Ws1SimulatorControl
