# Loads the build that matches the running PowerShell: .NET 8 for PowerShell 7.4+, .NET Standard 2.0 for
# Windows PowerShell 5.1. The manifest's export lists decide what the user sees.
$edition = if ($PSEdition -eq 'Core') { 'core' } else { 'desktop' }
$path = Join-Path $PSScriptRoot "$edition/WorkspaceOneUem.dll"
# Dependencies are prepared (on PowerShell 7: a private AssemblyLoadContext) before the cmdlets are imported.
[System.Reflection.Assembly]::LoadFrom($path).GetType('WorkspaceOneUem.Infrastructure.DependencyIsolation', $true)::Register()
$binary = Import-Module -Name $path -PassThru
$ExecutionContext.SessionState.Module.OnRemove = { Remove-Module -ModuleInfo $binary -Force -ErrorAction SilentlyContinue }.GetNewClosure()
