# Loads the build that matches the running PowerShell: .NET 8 for PowerShell 7.4+, .NET Standard 2.0 for
# Windows PowerShell 5.1. The manifest's export lists decide what the user sees.
$edition = if ($PSEdition -eq 'Core') { 'core' } else { 'desktop' }
$binary = Import-Module -Name (Join-Path $PSScriptRoot "$edition/WorkspaceOneUem.dll") -PassThru
$ExecutionContext.SessionState.Module.OnRemove = { Remove-Module -ModuleInfo $binary -Force -ErrorAction SilentlyContinue }.GetNewClosure()
