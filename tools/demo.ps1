# A short walkthrough against two simulated tenants: connect two accounts, list users, show a user, disconnect.
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $ServerA,
    [Parameter(Mandatory)] [string] $ServerB,
    [Parameter(Mandatory)] [string] $TenantCode,
    [Parameter(Mandatory)] [string] $UserName,
    [Parameter(Mandatory)] [string] $Password
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest

function Show-Step([string] $text) { Write-Host "`n>>> $text" -ForegroundColor Cyan }

$credential = [pscredential]::new($UserName, (ConvertTo-SecureString $Password -AsPlainText -Force))

Show-Step "Connect-Ws1Uem -Server $ServerA -Credential `$cred -ApiKey `$key -AccountName Contoso"
Connect-Ws1Uem -Server $ServerA -Credential $credential -ApiKey $TenantCode -AccountName Contoso | Format-Table | Out-String -Width 120

Show-Step "Connect-Ws1Uem -Server $ServerB -Credential `$cred -ApiKey `$key -AccountName Fabrikam"
Connect-Ws1Uem -Server $ServerB -Credential $credential -ApiKey $TenantCode -AccountName Fabrikam | Format-Table | Out-String -Width 120

Show-Step 'Get-Ws1UemConnection'
Get-Ws1UemConnection | Format-Table | Out-String -Width 120

Show-Step 'Get-Ws1User -AccountName Contoso | Measure-Object   (every page, not just the first 500)'
(Get-Ws1User -AccountName Contoso | Measure-Object).Count

Show-Step 'Get-Ws1User -AccountName Fabrikam -Status Inactive | Select-Object -First 5'
Get-Ws1User -AccountName Fabrikam -Status Inactive | Select-Object -First 5 | Format-Table | Out-String -Width 120

$someone = Get-Ws1User -AccountName Contoso | Select-Object -Skip 41 -First 1
Show-Step "Get-Ws1User -AccountName Contoso -UserName '$($someone.UserName)' | Format-List"
Get-Ws1User -AccountName Contoso -UserName $someone.UserName | Format-List | Out-String -Width 120

$owner = Get-Ws1User -AccountName Contoso | Where-Object EnrolledDeviceCount -ge 2 | Select-Object -First 1
Show-Step "Get-Ws1Device -AccountName Contoso -UserName '$($owner.UserName)'"
Get-Ws1Device -AccountName Contoso -UserName $owner.UserName | Format-Table | Out-String -Width 120

Show-Step "Get-Ws1User -AccountName Contoso -UserName '$($owner.UserName)' | Lock-Ws1UserDevice -WhatIf   (nothing is sent)"
Get-Ws1User -AccountName Contoso -UserName $owner.UserName | Lock-Ws1UserDevice -WhatIf

Show-Step 'Test-Ws1UemConnection -AccountName *'
Test-Ws1UemConnection -AccountName * | Format-Table | Out-String -Width 120

Show-Step 'Disconnect-Ws1Uem -All; Get-Ws1UemConnection'
Disconnect-Ws1Uem -All
Get-Ws1UemConnection
Write-Host "`nDemo complete." -ForegroundColor Green
