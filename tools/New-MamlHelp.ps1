<#
.SYNOPSIS
    Generates en-US/WorkspaceOneUem.dll-Help.xml (MAML) from docs/help/<Cmdlet>.md and the cmdlets' own metadata.
.DESCRIPTION
    The Markdown files hold what a person writes (synopsis, description, parameter text, examples, outputs);
    syntax, types, positions, pipeline and wildcard facts come from the compiled cmdlets, so they cannot drift.
    Warns when an exported cmdlet has no help file or a parameter has no description; the help tests fail then.
    Runs in its own pwsh (build.ps1 starts it) so the build session never loads the module.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $HelpSource,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$module = Import-Module $ModuleManifest -PassThru
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

function Read-HelpMarkdown([string] $path) {
    # Sections: '## NAME' blocks; parameters and examples are '### ' blocks inside them.
    $doc = @{ Synopsis = ''; Description = ''; Parameters = @{}; Examples = [System.Collections.Generic.List[object]]::new(); Outputs = [System.Collections.Generic.List[object]]::new(); Inputs = [System.Collections.Generic.List[object]]::new(); Notes = ''; Links = @() }
    $section = $null; $sub = $null; $buffer = [System.Text.StringBuilder]::new()
    $flush = {
        $text = $buffer.ToString().Trim()
        $null = $buffer.Clear()
        switch ($section) {
            'SYNOPSIS' { $doc.Synopsis = $text }
            'DESCRIPTION' { $doc.Description = $text }
            'NOTES' { $doc.Notes = $text }
            'RELATED LINKS' { $doc.Links = @($text -split "`n" | ForEach-Object { $_.Trim().TrimStart('-', '*', ' ') } | Where-Object { $_ }) }
            'PARAMETERS' { if ($sub) { $doc.Parameters[$sub.TrimStart('-')] = $text } }
            'EXAMPLES' {
                if ($sub) {
                    $code = if ($text -match '(?s)```(?:powershell)?\s*\n(.*?)```') { $Matches[1].TrimEnd() } else { '' }
                    $remarks = ($text -replace '(?s)```.*?```', '').Trim()
                    $doc.Examples.Add([pscustomobject]@{ Title = $sub; Code = $code; Remarks = $remarks })
                }
            }
            'OUTPUTS' { if ($sub) { $doc.Outputs.Add([pscustomobject]@{ Type = $sub; Text = $text }) } }
            'INPUTS' { if ($sub) { $doc.Inputs.Add([pscustomobject]@{ Type = $sub; Text = $text }) } }
        }
    }
    $inCode = $false
    foreach ($line in Get-Content -LiteralPath $path) {
        if ($line.StartsWith('```')) { $inCode = -not $inCode }
        if (-not $inCode -and $line -match '^## (.+)$') { & $flush; $section = $Matches[1].Trim().ToUpperInvariant(); $sub = $null; continue }
        if (-not $inCode -and $line -match '^### (.+)$') { & $flush; $sub = $Matches[1].Trim(); continue }
        if (-not $inCode -and $line -match '^# ') { continue }
        $null = $buffer.AppendLine($line)
    }
    & $flush
    $doc
}

function Add-Paras([System.Xml.XmlWriter] $w, [string] $text) {
    # One paragraph per blank-line block, and one per list item, so Get-Help shows each bullet on its own.
    foreach ($block in ($text -split "\r?\n\s*\r?\n")) {
        $paras = [System.Collections.Generic.List[string]]::new()
        foreach ($line in ($block -split "\r?\n" | ForEach-Object Trim)) {
            if (-not $line) { continue }
            if ($paras.Count -eq 0 -or $line -match '^([-*]|\d+\.)\s') { $paras.Add($line) }
            else { $paras[$paras.Count - 1] += ' ' + $line }
        }
        foreach ($para in $paras) {
            $w.WriteElementString('maml', 'para', 'http://schemas.microsoft.com/maml/2004/10', $para)
        }
    }
}

function Get-PipelineText($p) {
    $kinds = @()
    if ($p.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($p.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

$problems = [System.Collections.Generic.List[string]]::new()
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
New-Item -ItemType Directory -Force -Path (Split-Path $OutputPath) | Out-Null
$w = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
$w.WriteStartDocument()
$w.WriteStartElement('helpItems', 'http://msh')
$w.WriteAttributeString('schema', 'maml')
$maml = 'http://schemas.microsoft.com/maml/2004/10'; $cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'; $dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

foreach ($command in ($module.ExportedCmdlets.Values | Sort-Object Name)) {
    $file = Join-Path $HelpSource "$($command.Name).md"
    if (-not (Test-Path -LiteralPath $file)) { $problems.Add("$($command.Name): no help file $file"); continue }
    $doc = Read-HelpMarkdown $file
    if (-not $doc.Synopsis) { $problems.Add("$($command.Name): no SYNOPSIS") }
    if (-not $doc.Description) { $problems.Add("$($command.Name): no DESCRIPTION") }
    if ($doc.Examples.Count -lt 2) { $problems.Add("$($command.Name): fewer than two EXAMPLES") }
    if ($doc.Outputs.Count -lt 1) { $problems.Add("$($command.Name): no OUTPUTS") }

    $parameters = @($command.Parameters.Values | Where-Object { $_.Name -notin $common -or $_.Name -in 'WhatIf', 'Confirm' })
    $shouldProcess = $command.Parameters.ContainsKey('WhatIf')
    if ($shouldProcess) {
        if (-not $doc.Parameters.ContainsKey('WhatIf')) { $doc.Parameters['WhatIf'] = 'Shows what would happen if the command runs. The command is not run and nothing is sent to the tenant. -WhatIf wins over -Force.' }
        if (-not $doc.Parameters.ContainsKey('Confirm')) { $doc.Parameters['Confirm'] = 'Prompts for confirmation before each change. Use -Confirm:$false in unattended scripts.' }
    }
    foreach ($p in $parameters) {
        if (-not $doc.Parameters[$p.Name]) { $problems.Add("$($command.Name): parameter -$($p.Name) has no description") }
    }
    foreach ($documented in $doc.Parameters.Keys) {
        if (-not $command.Parameters.ContainsKey($documented)) { $problems.Add("$($command.Name): help describes -$documented, which does not exist") }
    }

    $w.WriteStartElement('command', 'command', $cmd)
    $w.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $w.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $w.WriteStartElement('command', 'details', $cmd)
    $w.WriteElementString('command', 'name', $cmd, $command.Name)
    $w.WriteElementString('command', 'verb', $cmd, $command.Verb)
    $w.WriteElementString('command', 'noun', $cmd, $command.Noun)
    $w.WriteStartElement('maml', 'description', $maml); Add-Paras $w $doc.Synopsis; $w.WriteEndElement()
    $w.WriteEndElement()
    $w.WriteStartElement('maml', 'description', $maml); Add-Paras $w $doc.Description; $w.WriteEndElement()

    $writeParameter = {
        param($p, $inSet, [bool] $full)
        $mandatory = if ($inSet) { $inSet.IsMandatory } else { @($p.ParameterSets.Values | Where-Object IsMandatory).Count -gt 0 }
        $position = if ($inSet -and $inSet.Position -ge 0) { [string] $inSet.Position } elseif (-not $inSet -and @($p.ParameterSets.Values | Where-Object Position -ge 0)) { [string] (@($p.ParameterSets.Values | Where-Object Position -ge 0)[0].Position) } else { 'named' }
        $globbing = [bool] ($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
        $w.WriteStartElement('command', 'parameter', $cmd)
        $w.WriteAttributeString('required', ([string] $mandatory).ToLowerInvariant())
        $w.WriteAttributeString('variableLength', ([string] $p.ParameterType.IsArray).ToLowerInvariant())
        $w.WriteAttributeString('globbing', ([string] $globbing).ToLowerInvariant())
        $w.WriteAttributeString('pipelineInput', (Get-PipelineText $(if ($inSet) { $inSet } else { @($p.ParameterSets.Values)[0] })))
        $w.WriteAttributeString('position', $position)
        $w.WriteAttributeString('aliases', $(if ($p.Aliases.Count) { $p.Aliases -join ', ' } else { 'none' }))
        $w.WriteElementString('maml', 'name', $maml, $p.Name)
        $w.WriteStartElement('maml', 'description', $maml)
        $text = [string] $doc.Parameters[$p.Name]
        if ($globbing) { $text += "`n`nWildcards are accepted." }
        Add-Paras $w $text
        $w.WriteEndElement()
        $typeName = $p.ParameterType.Name
        if ($p.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
            $w.WriteStartElement('command', 'parameterValue', $cmd)
            $w.WriteAttributeString('required', 'true'); $w.WriteAttributeString('variableLength', ([string] $p.ParameterType.IsArray).ToLowerInvariant())
            $w.WriteString($typeName); $w.WriteEndElement()
        }
        $validateSet = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
        $enumValues = if ($p.ParameterType.IsEnum) { [Enum]::GetNames($p.ParameterType) } elseif ([Nullable]::GetUnderlyingType($p.ParameterType) -and [Nullable]::GetUnderlyingType($p.ParameterType).IsEnum) { [Enum]::GetNames([Nullable]::GetUnderlyingType($p.ParameterType)) } else { $null }
        $values = if ($validateSet) { $validateSet.ValidValues } else { $enumValues }
        if ($values -and -not $full) {
            $w.WriteStartElement('command', 'parameterValueGroup', $cmd)
            foreach ($v in $values) { $w.WriteStartElement('command', 'parameterValue', $cmd); $w.WriteAttributeString('required', 'false'); $w.WriteAttributeString('variableLength', 'false'); $w.WriteString($v); $w.WriteEndElement() }
            $w.WriteEndElement()
        }
        $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $p.ParameterType.FullName); $w.WriteEndElement()
        if ($full) { $w.WriteElementString('dev', 'defaultValue', $dev, 'None') }
        $w.WriteEndElement()
    }

    $w.WriteStartElement('command', 'syntax', $cmd)
    foreach ($set in $command.ParameterSets) {
        $w.WriteStartElement('command', 'syntaxItem', $cmd)
        $w.WriteElementString('maml', 'name', $maml, $command.Name)
        foreach ($sp in ($set.Parameters | Where-Object { $_.Name -notin $common -or $_.Name -in 'WhatIf', 'Confirm' } | Sort-Object { if ($_.Position -ge 0) { $_.Position } else { 1000 } })) {
            & $writeParameter $command.Parameters[$sp.Name] $sp $false
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'parameters', $cmd)
    foreach ($p in ($parameters | Sort-Object Name)) { & $writeParameter $p $null $true }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'inputTypes', $cmd)
    foreach ($input in $doc.Inputs) {
        $w.WriteStartElement('command', 'inputType', $cmd)
        $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $input.Type); $w.WriteEndElement()
        $w.WriteStartElement('maml', 'description', $maml); Add-Paras $w $input.Text; $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteStartElement('command', 'returnValues', $cmd)
    foreach ($output in $doc.Outputs) {
        $w.WriteStartElement('command', 'returnValue', $cmd)
        $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $output.Type); $w.WriteEndElement()
        $w.WriteStartElement('maml', 'description', $maml); Add-Paras $w $output.Text; $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    if ($doc.Notes) {
        $w.WriteStartElement('maml', 'alertSet', $maml); $w.WriteStartElement('maml', 'alert', $maml); Add-Paras $w $doc.Notes; $w.WriteEndElement(); $w.WriteEndElement()
    }
    $w.WriteStartElement('command', 'examples', $cmd)
    foreach ($example in $doc.Examples) {
        $w.WriteStartElement('command', 'example', $cmd)
        $w.WriteElementString('maml', 'title', $maml, "-------------------------- $($example.Title) --------------------------")
        $w.WriteElementString('dev', 'code', $dev, $example.Code)
        $w.WriteStartElement('dev', 'remarks', $dev); Add-Paras $w $example.Remarks; $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteStartElement('command', 'relatedLinks', $cmd)
    foreach ($link in $doc.Links) {
        $w.WriteStartElement('maml', 'navigationLink', $maml); $w.WriteElementString('maml', 'linkText', $maml, $link); $w.WriteElementString('maml', 'uri', $maml, ''); $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteEndElement()
}
$w.WriteEndElement()
$w.WriteEndDocument()
$w.Close()

# Gaps are reported here and fail the help tests (tests/pester/Help.Tests.ps1), not the build, so work in
# progress can still be built and tried.
$problems | ForEach-Object { Write-Warning "help: $_" }
Write-Host "Wrote help for $($module.ExportedCmdlets.Count) cmdlets to $OutputPath"
