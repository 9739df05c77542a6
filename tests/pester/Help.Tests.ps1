BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $module = Import-Module (Get-TestModuleManifest) -Force -PassThru
    $script:Cmdlets = @($module.ExportedCmdlets.Values | ForEach-Object {
        @{ Name = $_.Name; Parameters = @($_.Parameters.Keys | Where-Object { $_ -notin ([System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters) -or $_ -in 'WhatIf', 'Confirm' }) }
    })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Module = Import-Module (Get-TestModuleManifest) -Force -PassThru
}

Describe 'Help for <Name>' -ForEach $Cmdlets {
    BeforeAll { $script:Help = Get-Help $Name -Full }

    It 'has a synopsis and a description from the MAML file' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -BeLike "*$Name *[<CommonParameters>]*"   # the auto-generated stub
        ($Help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'opens its page in the repository docs with Get-Help -Online' {
        $uri = (Get-Command $Name).HelpUri
        $uri | Should -Be "https://github.com/workspaceoneuem/WorkspaceOneUem/blob/main/docs/help/$Name.md"
        Join-Path $PSScriptRoot "../../docs/help/$Name.md" | Should -Exist
    }

    It 'shows each list item of its description as a paragraph of its own' {
        $source = Get-Content -Raw (Join-Path $PSScriptRoot "../../docs/help/$Name.md")
        $description = ($source -split '(?m)^## ')[2]   # NAME, SYNOPSIS, DESCRIPTION ...
        $items = @([regex]::Matches($description, '(?m)^[-*] ')).Count
        $paras = @($Help.description | ForEach-Object Text)
        @($paras | Where-Object { $_ -match '^[-*] ' }).Count | Should -Be $items
    }

    It 'has at least two examples with code' {
        $examples = @($Help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        $examples | ForEach-Object { $_.code | Should -Not -BeNullOrEmpty }
    }

    It 'describes its outputs' {
        ($Help.returnValues | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $documented = @{}
        foreach ($p in @($Help.parameters.parameter)) { $documented[$p.name] = ($p.description | Out-String).Trim() }
        foreach ($p in $Parameters) {
            $documented[$p] | Should -Not -BeNullOrEmpty -Because "-$p of $Name needs a description"
        }
    }

    It 'lists -WhatIf and -Confirm in the syntax when it supports ShouldProcess' {
        if ($Parameters -contains 'WhatIf') {
            (Get-Help $Name | Out-String) | Should -Match '\[-WhatIf\]'
            (Get-Help $Name | Out-String) | Should -Match '\[-Confirm\]'
        }
    }
}

Describe 'about_WorkspaceOneUem' {
    It 'covers setup, accounts, safety and throttling' {
        $text = Get-Help about_WorkspaceOneUem | Out-String
        foreach ($topic in 'REST API key', 'SEVERAL ACCOUNTS', 'SAFETY', 'MaxDevices', 'THROTTLING', 'RequestsPerMinute', 'Device Wipe') {
            $text | Should -BeLike "*$topic*"
        }
    }
}
