#requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, demonstrates and benchmarks the WorkspaceOneUem module.
.DESCRIPTION
    Build      publishes the module and lays it out under out/WorkspaceOneUem/<version>/, then runs Test-ModuleManifest.
    Test       builds, runs xunit and Pester against the laid-out module, prints "N passed, N failed" last.
    Demo       builds, starts the simulator on a free loopback port, runs a short walkthrough, stops it.
    Simulator  builds and runs the simulator in the foreground; prints its URL and credentials.
    Bench      builds and benchmarks the module against the simulator; prints figures and ratios.
    Package    builds and publishes the .nupkg a Gallery user gets, to the local folder repository out/repository.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Simulator', 'Package', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # -Task Bench only: run just these parts of tools/bench.ps1 (Listing, ColdStart, Lock, ZeroLatency, Import,
    # Export, Endless); every part when not given.
    [string[]] $Only = @(),

    # Anything after the named parameters goes to the simulator with -Task Simulator, e.g.
    # ./build.ps1 -Task Simulator --users 100000 --port 5000 --latency-ms 30
    [Parameter(ValueFromRemainingArguments = $true)]
    [string[]] $SimulatorArguments = @()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
$env:POWERSHELL_UPDATECHECK = 'Off'

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleName = 'WorkspaceOneUem'

# Leave nothing behind: no MSBuild worker nodes that outlive the build.
$env:MSBUILDDISABLENODEREUSE = '1'
# With a HOME that has no ~/.config, .NET reports no ApplicationData folder and NuGet (used by
# Publish-PSResource) would write NuGet/NuGet.Config into the current folder, the clone. Give it one in out/.
if (-not [Environment]::GetFolderPath('ApplicationData')) {
    $env:XDG_CONFIG_HOME = (New-Item -ItemType Directory -Force (Join-Path $Out '.config')).FullName
}

function Get-ModuleVersion {
    # The version lives in Directory.Build.props only.
    [xml] $props = Get-Content -Raw (Join-Path $Root 'Directory.Build.props')
    $props.Project.PropertyGroup.VersionPrefix | Where-Object { $_ } | Select-Object -First 1
}

function Invoke-Dotnet {
    & dotnet @args | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

function Get-ChildPwsh {
    Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
}

function Invoke-Build {
    $version = Get-ModuleVersion
    $moduleDir = Join-Path $Out "$ModuleName/$version"
    $staging = Join-Path $Out "staging-$PID"   # per build, so two builds in one tree never share it
    Remove-Item -Recurse -Force $staging, (Join-Path $Out $ModuleName) -ErrorAction SilentlyContinue

    Write-Host "Publishing $ModuleName $version ($Configuration)"
    $project = Join-Path $Root "src/$ModuleName/$ModuleName.csproj"
    Invoke-Dotnet publish $project -c $Configuration -f net8.0 -o (Join-Path $staging 'core') --nologo -v quiet
    Invoke-Dotnet publish $project -c $Configuration -f netstandard2.0 -o (Join-Path $staging 'desktop') --nologo -v quiet
    Invoke-SimulatorBuild -Always

    # An explicit list: a file missing from the publish output fails the build instead of shipping broken.
    $layout = [ordered]@{
        'WorkspaceOneUem.Format.ps1xml'    = "src/$ModuleName/WorkspaceOneUem.Format.ps1xml"
        'WorkspaceOneUem.psm1'             = "src/$ModuleName/WorkspaceOneUem.psm1"
        'LICENSE'                          = 'LICENSE'
    }
    $binaries = 'WorkspaceOneUem.dll', 'WorkspaceOneUem.Client.dll', 'Newtonsoft.Json.dll', 'WorkspaceOneUem.Resilience.dll', 'Polly.Core.dll', 'Polly.RateLimiting.dll', 'System.Threading.RateLimiting.dll'
    # On PowerShell 7 these load into the module's private AssemblyLoadContext (see DependencyIsolation.cs).
    $isolated = 'WorkspaceOneUem.Resilience.dll', 'Polly.Core.dll', 'Polly.RateLimiting.dll', 'System.Threading.RateLimiting.dll'
    $desktopOnly = 'Microsoft.Bcl.AsyncInterfaces.dll', 'Microsoft.Bcl.TimeProvider.dll', 'System.ComponentModel.Annotations.dll'

    New-Item -ItemType Directory -Force -Path (Join-Path $moduleDir 'core'), (Join-Path $moduleDir 'desktop') | Out-Null
    foreach ($entry in $layout.GetEnumerator()) {
        Copy-Item -LiteralPath (Join-Path $Root $entry.Value) -Destination (Join-Path $moduleDir $entry.Key)
    }
    foreach ($edition in 'core', 'desktop') {
        $names = $edition -eq 'desktop' ? $binaries + $desktopOnly : $binaries
        foreach ($name in $names) {
            $source = Join-Path $staging "$edition/$name"
            if (-not (Test-Path -LiteralPath $source)) { throw "Build output is missing $edition/$name." }
            $target = ($edition -eq 'core' -and $name -in $isolated) ? (New-Item -ItemType Directory -Force (Join-Path $moduleDir 'core/lib')) : (Join-Path $moduleDir $edition)
            Copy-Item -LiteralPath $source -Destination $target
        }
        # Dependencies of the desktop build on .NET Framework facades (System.Memory and friends).
        if ($edition -eq 'desktop') {
            Get-ChildItem (Join-Path $staging 'desktop') -Filter 'System.*.dll' |
                Where-Object Name -notin $names |
                Copy-Item -Destination (Join-Path $moduleDir 'desktop')
        }
    }

    # Help: MAML generated from docs/help beside each build's dll, and the about topic at the module root.
    $helpXml = Join-Path $moduleDir 'core/en-US/WorkspaceOneUem.dll-Help.xml'
    Copy-Item -LiteralPath (Join-Path $Root 'docs/about_WorkspaceOneUem.help.txt') -Destination (New-Item -ItemType Directory -Force (Join-Path $moduleDir 'en-US'))

    # Stamp the one version into the manifest copy that ships.
    $manifest = Get-Content -Raw (Join-Path $Root "$ModuleName.psd1")
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$version'"
    Set-Content -LiteralPath (Join-Path $moduleDir "$ModuleName.psd1") -Value $manifest -Encoding utf8NoBOM

    & (Get-ChildPwsh) -NoProfile -NonInteractive -File (Join-Path $Root 'tools/New-MamlHelp.ps1') `
        -ModuleManifest (Join-Path $moduleDir "$ModuleName.psd1") -HelpSource (Join-Path $Root 'docs/help') -OutputPath $helpXml | Out-Host
    if ($LASTEXITCODE -ne 0) { throw 'Help generation failed.' }
    # Beside each build's dll and at the module root, wherever a PowerShell version looks for cmdlet help.
    Copy-Item -LiteralPath (Split-Path $helpXml) -Destination (Join-Path $moduleDir 'desktop') -Recurse -Force
    Copy-Item -LiteralPath $helpXml -Destination (Join-Path $moduleDir 'en-US')

    Remove-Item -Recurse -Force $staging -ErrorAction SilentlyContinue
    $info = Test-ModuleManifest -Path (Join-Path $moduleDir "$ModuleName.psd1")
    Write-Host "Laid out $($info.Name) $($info.Version) at $moduleDir"
    $moduleDir
}

function Get-PesterPath {
    $project = Join-Path $Root 'tests/TestPackages/TestPackages.csproj'
    Invoke-Dotnet restore $project --nologo -v quiet
    $packages = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
    $env:WS1_NUGET_PACKAGES = $packages   # the isolation test finds its older Polly.Core here
    $path = Join-Path $packages 'pester/6.2.0/tools/Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester was not restored to $path." }
    $path
}

function Invoke-Tests {
    $moduleDir = Invoke-Package
    $results = Join-Path $Out 'test-results'
    Remove-Item -Recurse -Force $results -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Force $results | Out-Null
    $env:WS1_MODULE_MANIFEST = Join-Path $moduleDir "$ModuleName.psd1"
    $env:WS1_SIMULATOR_DLL = Join-Path $Out 'simulator/WorkspaceOneUem.Simulator.dll'

    Write-Host 'Running xunit'
    & dotnet test (Join-Path $Root 'tests/WorkspaceOneUem.Tests') -c $Configuration --nologo `
        --logger 'trx;LogFileName=xunit.trx' --logger 'console;verbosity=normal' --results-directory $results
    $xunitExit = $LASTEXITCODE
    $xunitPassed = 0; $xunitFailed = 0
    $trx = Join-Path $results 'xunit.trx'
    if (Test-Path $trx) {
        [xml] $report = Get-Content -Raw $trx
        $counters = $report.TestRun.ResultSummary.Counters
        $xunitPassed = [int] $counters.passed
        $xunitFailed = [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
    }
    if ($xunitExit -ne 0 -and $xunitFailed -eq 0) { $xunitFailed = 1 }  # a build or host failure counts as a failure

    Write-Host 'Running Pester against the laid-out module'
    $pester = Get-PesterPath
    $summary = Join-Path $results 'pester.json'
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$pester'
`$config = New-PesterConfiguration
`$config.Run.Path = '$(Join-Path $Root 'tests/pester')'
`$config.Run.PassThru = `$true
`$config.Output.Verbosity = 'Detailed'
`$config.TestResult.Enabled = `$true
`$config.TestResult.OutputPath = '$(Join-Path $results 'pester.xml')'
`$r = Invoke-Pester -Configuration `$config
@{ Passed = `$r.PassedCount; Failed = `$r.FailedCount + `$r.FailedBlocksCount + `$r.FailedContainersCount } | ConvertTo-Json | Set-Content '$summary'
"@
    & (Get-ChildPwsh) -NoProfile -NonInteractive -Command $script
    $pesterPassed = 0; $pesterFailed = 1
    if (Test-Path $summary) {
        $counts = Get-Content -Raw $summary | ConvertFrom-Json
        $pesterPassed = $counts.Passed; $pesterFailed = $counts.Failed
    }

    $passed = $xunitPassed + $pesterPassed
    $failed = $xunitFailed + $pesterFailed
    Write-Host "xunit: $xunitPassed passed, $xunitFailed failed; Pester: $pesterPassed passed, $pesterFailed failed"
    Write-Output "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Package {
    $moduleDir = Invoke-Build
    $repository = Join-Path $Out 'repository'
    Remove-Item -Recurse -Force $repository -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Force $repository | Out-Null
    # A throwaway repository registration, so the user's own PSResourceGet settings are left as they were.
    $name = "WorkspaceOneUemBuild$PID"
    Register-PSResourceRepository -Name $name -Uri $repository -Trusted
    try {
        Publish-PSResource -Path $moduleDir -Repository $name
    }
    finally {
        Unregister-PSResourceRepository -Name $name
    }
    $package = Get-ChildItem $repository -Filter '*.nupkg' | Select-Object -First 1
    if (-not $package) { throw "Publish-PSResource produced no package in $repository." }
    Write-Host "Packaged $($package.FullName)"
    $env:WS1_PACKAGE_REPOSITORY = $repository
    $moduleDir
}

function Invoke-Demo {
    $moduleDir = Invoke-Build
    Import-Module (Join-Path $Root 'tools/Ws1Simulator.psm1') -Force
    $simA = Start-Ws1Simulator -SimulatorDll (Join-Path $Out 'simulator/WorkspaceOneUem.Simulator.dll') -Users 1200 -Seed 1
    $simB = Start-Ws1Simulator -SimulatorDll (Join-Path $Out 'simulator/WorkspaceOneUem.Simulator.dll') -Users 300 -Seed 2
    try {
        & (Get-ChildPwsh) -NoProfile -NonInteractive -File (Join-Path $Root 'tools/demo.ps1') `
            -ModuleManifest (Join-Path $moduleDir "$ModuleName.psd1") `
            -ServerA $simA.Url -ServerB $simB.Url -TenantCode $simA.TenantCode -UserName $simA.AdminUserName -Password $simA.AdminPassword
        if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
    }
    finally {
        Stop-Ws1Simulator $simA
        Stop-Ws1Simulator $simB
    }
}

# Publishes the simulator to out/simulator; without -Always only when a source file is newer than the build,
# so a simulator already running from that folder, or a pwsh holding the module, is left alone.
function Invoke-SimulatorBuild([switch] $Always) {
    $dll = Join-Path $Out 'simulator/WorkspaceOneUem.Simulator.dll'
    if (-not $Always -and (Test-Path $dll)) {
        $built = (Get-Item $dll).LastWriteTimeUtc
        $sources = @(Get-ChildItem (Join-Path $Root 'src/WorkspaceOneUem.Simulator') -Recurse -File -Include '*.cs', '*.csproj' |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }) + @(Get-Item (Join-Path $Root 'Directory.Build.props'))
        if (-not ($sources | Where-Object LastWriteTimeUtc -gt $built)) {
            Write-Host "The simulator in $(Split-Path $dll) is up to date."
            return
        }
    }
    Invoke-Dotnet publish (Join-Path $Root 'src/WorkspaceOneUem.Simulator') -c $Configuration -o (Join-Path $Out 'simulator') --nologo -v quiet
}

function Invoke-Simulator {
    Invoke-SimulatorBuild
    & dotnet (Join-Path $Out 'simulator/WorkspaceOneUem.Simulator.dll') @SimulatorArguments
}

try {
    switch ($Task) {
        'Build' { Invoke-Build | Out-Null }
        'Test' { Invoke-Tests }
        'Demo' { Invoke-Demo }
        'Simulator' { Invoke-Simulator }
        'Package' { Invoke-Package | Out-Null }
        'Bench' {
            $moduleDir = Invoke-Build
            $parts = if ($Only.Count -gt 0) { @('-Only', ($Only -join ',')) } else { @() }
            & (Get-ChildPwsh) -NoProfile -NonInteractive -File (Join-Path $Root 'tools/bench.ps1') `
                -ModuleManifest (Join-Path $moduleDir "$ModuleName.psd1") -SimulatorDll (Join-Path $Out 'simulator/WorkspaceOneUem.Simulator.dll') @parts
            if ($LASTEXITCODE -ne 0) { throw "The benchmark failed (exit code $LASTEXITCODE)." }
        }
    }
}
finally {
    # The C# compiler server outlives the build otherwise; MSBuild's own nodes are off (above).
    & dotnet build-server shutdown --vbcscompiler *> $null
}
