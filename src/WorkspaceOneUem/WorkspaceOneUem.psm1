# Loads the build for this edition: .NET 8 for PowerShell 7.4+, .NET Standard 2.0 for Windows PowerShell 5.1.
# The manifest stays plain data (Import-PowerShellDataFile, Update-ModuleManifest and Gallery tools read it),
# so the choice is made here, once, at import.
$edition = if ($PSVersionTable.PSEdition -eq 'Core') { 'core' } else { 'desktop' }
$binary = Import-Module -Name (Join-Path $PSScriptRoot "$edition/WorkspaceOneUem.dll") -PassThru -ErrorAction Stop
Export-ModuleMember -Cmdlet @($binary.ExportedCmdlets.Keys)
