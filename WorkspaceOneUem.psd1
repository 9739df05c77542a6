@{
    # Plain data only, so every tool that reads manifests as data can. WorkspaceOneUem.psm1 loads the .NET 8
    # build on PowerShell 7.4+ and the .NET Standard 2.0 build on Windows PowerShell 5.1.
    RootModule           = 'WorkspaceOneUem.psm1'
    ModuleVersion        = '0.0.0'
    GUID                 = 'b3f0c1d2-5e6a-4f7b-9c8d-1a2b3c4d5e6f'
    Author               = 'WorkspaceOneUem contributors'
    CompanyName          = 'WorkspaceOneUem'
    Copyright            = '(c) WorkspaceOneUem contributors. MIT License.'
    Description          = 'Workspace ONE UEM (AirWatch) REST API from PowerShell: named connections to several tenants, users, devices and apps, and safe device actions with -WhatIf, exact matching, retries that never repeat a write, and throttling control.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    FormatsToProcess     = @('WorkspaceOneUem.Format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Connect-Ws1Uem'
        'Disconnect-Ws1Uem'
        'Get-Ws1UemConnection'
        'Get-Ws1User'
        'New-Ws1User'
        'Remove-Ws1User'
        'Enable-Ws1User'
        'Disable-Ws1User'
        'Set-Ws1User'
        'Get-Ws1OrganizationGroup'
        'Get-Ws1Device'
        'Get-Ws1App'
        'Lock-Ws1UserDevice'
        'Invoke-Ws1UserDeviceWipe'
        'Clear-Ws1DevicePasscode'
        'Sync-Ws1Device'
        'Restart-Ws1Device'
        'Send-Ws1DeviceMessage'
        'Remove-Ws1Device'
        'Wait-Ws1DeviceCommand'
        'Get-Ws1DeviceWipe'
        'Approve-Ws1DeviceWipe'
        'Deny-Ws1DeviceWipe'
        'Get-Ws1DeviceWipeLock'
        'Unlock-Ws1DeviceWipe'
        'Test-Ws1UemConnection'
        'Get-Ws1Inventory'
        'Export-Ws1Inventory'
        'Import-Ws1Inventory'
        'Compare-Ws1Inventory'
        'Invoke-Ws1UemRequest'
        'Get-Ws1UserGroup'
        'Get-Ws1UserGroupMember'
        'Add-Ws1UserGroupMember'
        'Remove-Ws1UserGroupMember'
        'Get-Ws1SmartGroup'
        'Invoke-Ws1UserOffboarding'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('WorkspaceONE', 'AirWatch', 'UEM', 'MDM', 'REST', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/workspaceoneuem/WorkspaceOneUem/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/workspaceoneuem/WorkspaceOneUem'
            ReleaseNotes = 'First release: named connections to several tenants (Basic + API key, OAuth, certificate), users (Get/New/Set/Enable/Disable/Remove-Ws1User), organization, user and smart groups, devices and apps, every device action (lock, wipe, passcode, sync, restart, message, delete) with bulk commands and -Wait, wipe protection, the leaver command Invoke-Ws1UserOffboarding, Invoke-Ws1UemRequest, Test-Ws1UemConnection, and inventory snapshots (Get/Export/Import/Compare-Ws1Inventory).'
        }
    }
}
