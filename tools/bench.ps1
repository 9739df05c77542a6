<#
.SYNOPSIS
    Benchmarks the module against the simulator and prints a table of figures and ratios (build.ps1 -Task Bench).
.DESCRIPTION
    Every figure is measured in this run, each in a fresh pwsh so timings and peak memory are the module's own.
    Listings are timed once cold and then -WarmRuns times in the same pwsh; the median of the warm runs counts.
    1. Get-Ws1User | Measure-Object against a sequential Invoke-RestMethod paging loop (page size 500),
       100,000 users, 30 ms latency per request.
    2. The module's time against the lower bound pages x latency / concurrency.
    3. Peak working set of pwsh listing 100,000 and 1,000,000 users (streamed to Measure-Object).
    4. Users per second at zero latency.
    Also: a runbook's cold start in a fresh pwsh each run: import, connect, the first 500 users, the whole
       listing (against the lower bound of 2.).
    5. Locking the devices of 1,000 of those users: one device search per user against the cheaper plan (requests
       counted, time against the plan's lower bound), and one request per device
       (an Invoke-RestMethod loop over the same devices).
    6. Import-Module time over a bare pwsh start.
    7. Peak working set of Export-Ws1Inventory of 100,000 and 1,000,000 users.
    8. Peak working set of a listing whose every page is a body that never ends: it must end with the size error
       (Ws1.ResponseTooLarge) and stay within a small multiple of -MaxResponseSize, -PageConcurrency pages at once.
    Targets are printed beside the figures; nothing here asserts, because these machines are shared and noisy.
    -Only runs some parts: Listing (1-2), ColdStart, Lock (5), ZeroLatency (3-4), Import (6), Export (7),
    Endless (8); without it every part runs.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $SimulatorDll,
    [int] $Users = 100000,
    [int] $BigUsers = 1000000,
    [int] $LatencyMs = 30,
    [int] $LockUsers = 1000,
    # Timed listings after the cold one; 3 keeps a 100,000-user run (201 requests each) under the default
    # 1,000 requests a minute, so the module is measured at default settings without being throttled.
    [ValidateRange(1, 9)] [int] $WarmRuns = 3,
    # Only these parts (for work on one figure), by name or comma-separated; all of them when not given.
    [string[]] $Only = @()
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'Ws1Simulator.psm1') -Force
$pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

function Invoke-Child([string] $script) {
    $prelude = "`$ErrorActionPreference = 'Stop'; `$ProgressPreference = 'SilentlyContinue'; `$cred = [pscredential]::new('apiadmin', (ConvertTo-SecureString 'Sim-Admin-Pass-1' -AsPlainText -Force)); "
    $out = & $pwsh -NoProfile -NonInteractive -Command ($prelude + $script)
    if ($LASTEXITCODE -ne 0) { throw "benchmark step failed: $($out -join "`n")" }
    $result = @{}
    foreach ($line in $out) { if ("$line" -match '^(\w+)=(.*)$') { $result[$Matches[1]] = $Matches[2] } }
    $result
}

# Listings are timed once cold (JIT, connection set-up), then $WarmRuns times in the same process; the median of
# the warm runs counts, so one noisy run on a shared machine does not decide a ratio. The baseline gets the same.
function Get-Median([double[]] $values) {
    $sorted = @($values | Sort-Object)
    $sorted[[int][math]::Floor($sorted.Count / 2)]
}

function Read-Timings($result) {
    $warm = [double[]] @($result.warm -split ',')
    $result.ms = [int] (Get-Median $warm)
    $result.range = '{0:0}-{1:0} ms' -f ($warm | Measure-Object -Minimum).Minimum, ($warm | Measure-Object -Maximum).Maximum
    $result
}

function Measure-ModuleListing($sim, [int] $requestsPerMinute) {
    Read-Timings (Invoke-Child @"
Import-Module '$ModuleManifest'
`$c = Connect-Ws1Uem -Server '$($sim.Url)' -Credential `$cred -ApiKey '$($sim.TenantCode)' -RequestsPerMinute $requestsPerMinute
`$count = 0
`$cold = Measure-Command { `$count = (Get-Ws1User | Measure-Object).Count }
`$warm = foreach (`$run in 1..$WarmRuns) { [int] (Measure-Command { `$count = (Get-Ws1User | Measure-Object).Count }).TotalMilliseconds }
'cold=' + [int]`$cold.TotalMilliseconds
'warm=' + (`$warm -join ',')
'count=' + `$count
'concurrency=' + `$c.PageConcurrency
'peak=' + [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
"@)
}

$parts = 'Listing', 'ColdStart', 'Lock', 'ZeroLatency', 'Import', 'Export', 'Endless'
$Only = @($Only | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
$unknown = @($Only | Where-Object { $parts -notcontains $_ })
if ($unknown) { throw "-Only takes $($parts -join ', '); not $($unknown -join ', ')." }
function Test-Part([string] $part) { $Only.Count -eq 0 -or $Only -contains $part }

$rows = [System.Collections.Generic.List[object]]::new()
function Add-Row([string] $measure, [string] $figure, [string] $target, [string] $verdict) {
    $rows.Add([pscustomobject]@{ Measure = $measure; Figure = $figure; Target = $target; Met = $verdict })
}

if ((Test-Part 'Listing') -or (Test-Part 'ColdStart') -or (Test-Part 'Lock')) {
Write-Host "Starting simulator: $Users users, $LatencyMs ms latency"
$sim = Start-Ws1Simulator -SimulatorDll $SimulatorDll -Users $Users -Seed 1 -LatencyMs $LatencyMs
try {
    # Warm the simulator's page cache and the machine's JIT once so neither side pays it.
    Invoke-RestMethod -Uri "$($sim.Url)/api/system/info" -Headers @{ Authorization = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('apiadmin:Sim-Admin-Pass-1')); 'aw-tenant-code' = $sim.TenantCode } | Out-Null

    # The lower bound of a listing: pages x latency / concurrency (the session's default, 4).
    $pages = [math]::Ceiling($Users / 500)
    $bound = $pages * $LatencyMs / 4
    if (Test-Part 'Listing') {
    Write-Host "1. Sequential Invoke-RestMethod loop (baseline): once cold, then the median of $WarmRuns runs"
    $baseline = Read-Timings (Invoke-Child @"
`$headers = @{ Authorization = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('apiadmin:Sim-Admin-Pass-1')); 'aw-tenant-code' = '$($sim.TenantCode)'; Accept = 'application/json;version=1' }
`$count = 0
`$times = foreach (`$run in 0..$WarmRuns) {
`$count = 0
`$t = Measure-Command {
    `$page = 0
    while (`$true) {
        `$r = Invoke-RestMethod -Uri "$($sim.Url)/api/system/users/search?page=`$page&pagesize=500" -Headers `$headers
        if (-not `$r -or -not `$r.Users) { break }
        `$count += @(`$r.Users).Count
        if (@(`$r.Users).Count -lt 500) { break }
        `$page++
    }
}
[int] `$t.TotalMilliseconds
}
'cold=' + `$times[0]
'warm=' + ((`$times | Select-Object -Skip 1) -join ',')
'count=' + `$count
"@)
    Write-Host "1. Get-Ws1User | Measure-Object (default settings): once cold, then the median of $WarmRuns runs"
    $module = Measure-ModuleListing $sim 1000
    if ([int] $module.count -ne $Users -or [int] $baseline.count -ne $Users) { throw "Counts differ: module $($module.count), baseline $($baseline.count), expected $Users." }
    $speedup = [double] $baseline.ms / [double] $module.ms
    Add-Row "List $Users users, ${LatencyMs} ms latency: Invoke-RestMethod loop" "$($baseline.ms) ms ($($baseline.range); cold: $($baseline.cold) ms)" '' ''
    Add-Row "List $Users users, ${LatencyMs} ms latency: Get-Ws1User" "$($module.ms) ms ($($module.range); cold: $($module.cold) ms)" '' ''
    Add-Row 'Speed-up over the sequential loop' ('{0:0.0}x' -f $speedup) '>= 4x' ($speedup -ge 4)
    $bound = $pages * $LatencyMs / [int] $module.concurrency
    $overBound = [double] $module.ms / $bound
    Add-Row "Lower bound: $pages pages x $LatencyMs ms / concurrency $($module.concurrency)" "$([int]$bound) ms" '' ''
    Add-Row 'Module time over the lower bound' ('{0:0.00}x' -f $overBound) '<= 1.5x' ($overBound -le 1.5)
    }

    if (Test-Part 'ColdStart') {
    Write-Host "Cold start: import, connect, the first 500 users, then the whole listing, in a fresh pwsh each run"
    $coldScript = @"
`$t0 = Measure-Command { Import-Module '$ModuleManifest' }
`$t1 = Measure-Command { Connect-Ws1Uem -Server '$($sim.Url)' -Credential `$cred -ApiKey '$($sim.TenantCode)' -RequestsPerMinute 1000 | Out-Null }
`$t2 = Measure-Command { Get-Ws1User | Select-Object -First 500 | Out-Null }
`$t3 = Measure-Command { (Get-Ws1User | Measure-Object).Count | Out-Null }
'import=' + [int]`$t0.TotalMilliseconds
'connect=' + [int]`$t1.TotalMilliseconds
'first=' + [int]`$t2.TotalMilliseconds
'listing=' + [int]`$t3.TotalMilliseconds
"@
    $coldRuns = foreach ($run in 1..3) { Invoke-Child $coldScript }
    $coldListing = Get-Median @($coldRuns | ForEach-Object { [double] $_.listing })
    Add-Row 'Cold start, fresh pwsh (median of 3): Import-Module / Connect-Ws1Uem / first 500 users' ('{0:0} / {1:0} / {2:0} ms' -f (Get-Median @($coldRuns | ForEach-Object { [double] $_.import })), (Get-Median @($coldRuns | ForEach-Object { [double] $_.connect })), (Get-Median @($coldRuns | ForEach-Object { [double] $_.first }))) '' ''
    $coldOver = $coldListing / $bound
    $warmNote = if (Test-Part 'Listing') { " (warm: $($module.ms) ms)" } else { '' }
    Add-Row "Cold start: the whole $Users-user listing, first in a fresh process$warmNote" ('{0:0} ms: {1:0.00}x the lower bound' -f $coldListing, $coldOver) '<= 1.25x' ($coldOver -le 1.25)
    # Most of what a fresh process pays is the runtime's tiered compilation running hot code unoptimized and
    # instrumented first: a process-wide setting a module cannot change, but a runbook host can, before pwsh starts.
    $env:DOTNET_TieredPGO = '0'
    try { $pgoRuns = foreach ($run in 1..3) { Invoke-Child $coldScript } } finally { Remove-Item Env:DOTNET_TieredPGO }
    $pgoListing = Get-Median @($pgoRuns | ForEach-Object { [double] $_.listing })
    Add-Row 'The same cold listing with DOTNET_TieredPGO=0 set by the host (median of 3)' ('{0:0} ms: {1:0.00}x the lower bound' -f $pgoListing, ($pgoListing / $bound)) '' ''
    }

    if (Test-Part 'Lock') {
    Write-Host "5. Lock the devices of $LockUsers users (same tenant and latency): one device search per user, the cheaper plan, and one Invoke-RestMethod call per device"
    # The simulator's first device listing runs its own code cold (JIT), on the cores the client uses too; a real
    # server is warm. One full listing first, in its own process, so the lock's figures are the module's.
    Invoke-Child @"
Import-Module '$ModuleManifest'
Connect-Ws1Uem -Server '$($sim.Url)' -Credential `$cred -ApiKey '$($sim.TenantCode)' -RequestsPerMinute 1000000 | Out-Null
'devices=' + (Get-Ws1Device | Measure-Object).Count
"@ | Out-Null
    # Each run clears the journal after listing the users, so the journal then holds exactly the lock's requests.
    function Measure-Lock([string] $plan) {
        $run = Invoke-Child @"
Import-Module '$ModuleManifest'
Connect-Ws1Uem -Server '$($sim.Url)' -Credential `$cred -ApiKey '$($sim.TenantCode)' -RequestsPerMinute 1000000 | Out-Null
`$users = @(Get-Ws1User | Select-Object -First $LockUsers)
Invoke-RestMethod -Method Delete -Uri '$($sim.Url)/_sim/journal' | Out-Null
`$results = `$null
`$t = Measure-Command { `$results = @(`$users | Lock-Ws1UserDevice -DeviceLookup $plan -Confirm:`$false -WarningAction SilentlyContinue -ErrorAction SilentlyContinue) }
'ms=' + [int]`$t.TotalMilliseconds
'devices=' + @(`$results | Where-Object Status -ne 'Skipped').Count
'queued=' + @(`$results | Where-Object Status -eq 'Queued').Count
'ids=' + ((`$results | Where-Object Status -eq 'Queued').DeviceId -join ',')
'concurrency=' + (Get-Ws1UemConnection).PageConcurrency
"@
        $journal = @(Invoke-Ws1SimulatorControl $sim 'journal?limit=200000')
        $run['requests'] = $journal.Count
        $run['commands'] = @($journal | Where-Object { $_.Method -eq 'POST' -and $_.Path -like '*commands*' }).Count
        $run['searches'] = @($journal | Where-Object { $_.Path -like '*devices/search' -and $_.Query -like '*user=*' }).Count
        $run['listing'] = @($journal | Where-Object { $_.Path -like '*devices/search' -and $_.Query -notlike '*user=*' }).Count
        $run
    }
    $perUser = Measure-Lock 'PerUser'
    $lock = Measure-Lock 'Auto'
    $perDevice = [int] $lock.devices
    # The baseline sends one lock per device the module locked, one after another, as a hand-written loop would.
    $single = Invoke-Child @"
`$headers = @{ Authorization = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('apiadmin:Sim-Admin-Pass-1')); 'aw-tenant-code' = '$($sim.TenantCode)'; Accept = 'application/json;version=1' }
`$ids = '$($lock.ids)' -split ','
`$t = Measure-Command { foreach (`$id in `$ids) { Invoke-RestMethod -Method Post -Uri "$($sim.Url)/api/mdm/devices/`$id/commands?command=Lock" -Headers `$headers | Out-Null } }
'ms=' + [int]`$t.TotalMilliseconds
'count=' + `$ids.Count
"@
    Add-Row "Lock devices of $LockUsers users, ${LatencyMs} ms: one search per user (-DeviceLookup PerUser)" "$($perUser.ms) ms, $($perUser.requests) requests ($($perUser.searches) searches)" '' ''
    Add-Row "Lock devices of $LockUsers users, ${LatencyMs} ms: the cheaper plan (Auto)" "$($lock.queued) of $perDevice devices in $($lock.ms) ms, $($lock.requests) requests ($($lock.listing) listing, $($lock.searches) searches)" '' ''
    $lockBound = [double] $lock.requests * $LatencyMs / [int] $lock.concurrency
    $overLockBound = [double] $lock.ms / $lockBound
    Add-Row "Lower bound of the cheaper plan: $($lock.requests) requests x $LatencyMs ms / concurrency $($lock.concurrency)" "$([int]$lockBound) ms" '' ''
    Add-Row 'Lock time over that lower bound' ('{0:0.00}x' -f $overLockBound) '<= 1.3x' ($overLockBound -le 1.3)
    # The floor the simulator sets on this machine: the same device pages fetched by a plain HttpClient, as many at
    # once as the module, nothing parsed (the second of two runs, so its own JIT is not counted).
    $floor = Invoke-Child @"
Add-Type -TypeDefinition @'
using System; using System.Diagnostics; using System.Linq; using System.Net.Http; using System.Threading; using System.Threading.Tasks;
public static class RawDevicePages {
  public static long Fetch(string url, string tenant, int pages, int workers) {
    using (var http = new HttpClient()) {
      http.DefaultRequestHeaders.Add("Authorization", "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("apiadmin:Sim-Admin-Pass-1")));
      http.DefaultRequestHeaders.Add("aw-tenant-code", tenant);
      http.DefaultRequestHeaders.Add("Accept", "application/json;version=1");
      int next = -1;
      var watch = Stopwatch.StartNew();
      Task.WaitAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () => {
        int page;
        while ((page = Interlocked.Increment(ref next)) < pages)
          await http.GetByteArrayAsync(url + "/API/mdm/devices/search?page=" + page + "&pagesize=500");
      })).ToArray());
      return watch.ElapsedMilliseconds;
    }
  }
}
'@
[RawDevicePages]::Fetch('$($sim.Url)', '$($sim.TenantCode)', $($lock.listing), $($lock.concurrency)) | Out-Null
'ms=' + [RawDevicePages]::Fetch('$($sim.Url)', '$($sim.TenantCode)', $($lock.listing), $($lock.concurrency))
"@
    $listingBound = [double] $lock.listing * $LatencyMs / [int] $lock.concurrency
    Add-Row "Floor: the same $($lock.listing) device pages, plain HttpClient, $($lock.concurrency) at once, nothing parsed" ('{0} ms: {1:0.00}x their share of the bound ({2:0} ms)' -f $floor.ms, ([double] $floor.ms / $listingBound), $listingBound) '' ''
    $fewer = [double] $perUser.requests / [double] $lock.requests
    Add-Row 'Requests: one search per user over the cheaper plan' ('{0:0.0}x fewer' -f $fewer) '>= 3x' ($fewer -ge 3)
    Add-Row "Lock the same $($single.count) devices one request each (Invoke-RestMethod loop)" "$($single.ms) ms" '' ''
    Add-Row 'Lock-Ws1UserDevice speed-up over one request per device' ('{0:0.0}x' -f ([double] $single.ms / [double] $lock.ms)) '' ''
    Add-Row 'Command requests sent (one per device would be)' "$($lock.commands) ($perDevice)" '<= 1/10' ($lock.commands * 10 -le $perDevice)
    }
}
finally { Stop-Ws1Simulator $sim }
}

$mbSmall = $null
if (Test-Part 'ZeroLatency') {
Write-Host "3-4. Zero latency: $Users and $BigUsers users"
$simSmall = Start-Ws1Simulator -SimulatorDll $SimulatorDll -Users $Users -Seed 1
try { $small = Measure-ModuleListing $simSmall 1000000 } finally { Stop-Ws1Simulator $simSmall }
$simBig = Start-Ws1Simulator -SimulatorDll $SimulatorDll -Users $BigUsers -Seed 1
try { $big = Measure-ModuleListing $simBig 1000000 } finally { Stop-Ws1Simulator $simBig }
$mbSmall = [double] $small.peak / 1MB; $mbBig = [double] $big.peak / 1MB
$growth = $mbBig / $mbSmall
Add-Row "Zero latency: $Users users / $BigUsers users" "$($small.ms) ms / $($big.ms) ms (cold: $($small.cold) / $($big.cold) ms)" '' ''
Add-Row "Peak working set, $Users users" ('{0:0} MB' -f $mbSmall) '' ''
Add-Row "Peak working set, $BigUsers users" ('{0:0} MB' -f $mbBig) '' ''
Add-Row "Peak at $BigUsers over peak at $Users" ('{0:0.00}x' -f $growth) '<= 1.20x' ($growth -le 1.2)
$perSecond = [double] $small.count / ([double] $small.ms / 1000)
$perSecondBig = [double] $big.count / ([double] $big.ms / 1000)
Add-Row "Users per second, zero latency ($Users)" ('{0:N0}' -f $perSecond) '>= 30,000' ($perSecond -ge 30000)
Add-Row "Users per second, zero latency ($BigUsers)" ('{0:N0}' -f $perSecondBig) '>= 30,000' ($perSecondBig -ge 30000)
}


if (Test-Part 'Import') {
Write-Host '6. Import-Module time'
# Alternate the two commands so machine noise falls on both alike; compare medians.
$bareTimes = [System.Collections.Generic.List[double]]::new(); $importTimes = [System.Collections.Generic.List[double]]::new()
foreach ($i in 1..7) {
    $bareTimes.Add((Measure-Command { & $pwsh -NoProfile -NonInteractive -Command '1' | Out-Null }).TotalMilliseconds)
    $importTimes.Add((Measure-Command { & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$ModuleManifest'" | Out-Null }).TotalMilliseconds)
}
$bare = Get-Median $bareTimes; $importMedian = Get-Median $importTimes
$added = $importMedian - $bare
Add-Row 'pwsh -c 1 / with Import-Module (median of 7)' ('{0:0} ms / {1:0} ms' -f $bare, $importMedian) '' ''
Add-Row 'Import-Module adds' ('{0:0} ms' -f $added) '< 250 ms' ($added -lt 250)
}

if (Test-Part 'Export') {
Write-Host "7. Export-Ws1Inventory -Include Users: $Users and $BigUsers users, zero latency"
function Measure-Export($sim) {
    $file = Join-Path ([IO.Path]::GetTempPath()) "ws1-bench-export-$PID-$($sim.Users).json"
    try {
        Invoke-Child @"
Import-Module '$ModuleManifest'
Connect-Ws1Uem -Server '$($sim.Url)' -Credential `$cred -ApiKey '$($sim.TenantCode)' -RequestsPerMinute 1000000 | Out-Null
`$r = `$null
`$t = Measure-Command { `$r = Export-Ws1Inventory -Path '$file' -Include Users -Force -PassThru }
'ms=' + [int]`$t.TotalMilliseconds
'count=' + `$r.Users
'bytes=' + (Get-Item -LiteralPath '$file').Length
'peak=' + [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
"@
    }
    finally {
        Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue
        Get-ChildItem -LiteralPath (Split-Path $file) -Filter "$(Split-Path $file -Leaf).*.tmp" -ErrorAction SilentlyContinue | Remove-Item -Force -ErrorAction SilentlyContinue
    }
}
$simSmall = Start-Ws1Simulator -SimulatorDll $SimulatorDll -Users $Users -Seed 1
try { $exportSmall = Measure-Export $simSmall } finally { Stop-Ws1Simulator $simSmall }
$simBig = Start-Ws1Simulator -SimulatorDll $SimulatorDll -Users $BigUsers -Seed 1
try { $exportBig = Measure-Export $simBig } finally { Stop-Ws1Simulator $simBig }
if ([int] $exportSmall.count -ne $Users -or [int] $exportBig.count -ne $BigUsers) { throw "Export counts differ: $($exportSmall.count) and $($exportBig.count), expected $Users and $BigUsers." }
$exportMbSmall = [double] $exportSmall.peak / 1MB; $exportMbBig = [double] $exportBig.peak / 1MB
$exportGrowth = $exportMbBig / $exportMbSmall
Add-Row "Export-Ws1Inventory -Include Users: $Users / $BigUsers users" ('{0} ms / {1} ms (files {2:0} MB / {3:0} MB)' -f $exportSmall.ms, $exportBig.ms, ([double] $exportSmall.bytes / 1MB), ([double] $exportBig.bytes / 1MB)) '' ''
Add-Row "Peak working set, export of $Users users" ('{0:0} MB' -f $exportMbSmall) '' ''
Add-Row "Peak working set, export of $BigUsers users" ('{0:0} MB' -f $exportMbBig) '' ''
Add-Row ('Export-Ws1Inventory of {0:N0} users: peak working set vs {1:N0} users' -f $BigUsers, $Users) ('{0:0.00}x' -f $exportGrowth) '<= 1.20x' ($exportGrowth -le 1.2)
}

if (Test-Part 'Endless') {
Write-Host '8. A listing against a body that never ends (default -MaxResponseSize)'
$simEndless = Start-Ws1Simulator -SimulatorDll $SimulatorDll -Users 5000 -Seed 1
try {
    # Page 0 is real, so pages 1-4 are fetched at once (-PageConcurrency 4, the default), and none of them ends.
    foreach ($page in 1..4) {
        Invoke-Ws1SimulatorControl $simEndless 'faults' -Method POST -Body @{ Kind = 'EndlessBody200'; Rate = 1.0; Method = 'GET'; PathContains = "page=$page&" } | Out-Null
    }
    $endless = Invoke-Child @"
Import-Module '$ModuleManifest'
`$c = Connect-Ws1Uem -Server '$($simEndless.Url)' -Credential `$cred -ApiKey '$($simEndless.TenantCode)' -RequestsPerMinute 1000000
`$errorId = 'none'
`$t = Measure-Command { try { Get-Ws1User -ErrorAction Stop | Measure-Object | Out-Null } catch { `$errorId = `$_.FullyQualifiedErrorId } }
'ms=' + [int]`$t.TotalMilliseconds
'error=' + (`$errorId -split ',')[0]
'limit=' + `$c.MaxResponseSize
'concurrency=' + `$c.PageConcurrency
'peak=' + [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
"@
}
finally { Stop-Ws1Simulator $simEndless }
$endlessMb = [double] $endless.peak / 1MB
Add-Row ('Listing against endless bodies, -MaxResponseSize {0:0} MB: ends with' -f ([double] $endless.limit / 1MB)) "$($endless.error) after $($endless.ms) ms" 'Ws1.ResponseTooLarge' ($endless.error -eq 'Ws1.ResponseTooLarge')
if ($null -ne $mbSmall) {
    # Parsed records take about three times their JSON, -PageConcurrency answers at once, on top of a normal listing's peak.
    $endlessBound = $mbSmall + 4 * [int] $endless.concurrency * [double] $endless.limit / 1MB
    Add-Row 'Peak working set, listing against endless bodies' ('{0:0} MB' -f $endlessMb) ('<= {0:0} MB (4 x concurrency x limit over the {1:N0}-user peak)' -f $endlessBound, $Users) ($endlessMb -le $endlessBound)
}
else {
    Add-Row 'Peak working set, listing against endless bodies' ('{0:0} MB' -f $endlessMb) '' ''
}
}

$cpu = (Get-Content /proc/cpuinfo -ErrorAction SilentlyContinue | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
Write-Host "`nMachine: $([Environment]::ProcessorCount) cores, $cpu, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription)"
$rows | Format-Table -AutoSize | Out-String -Width 240
