#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }
# Get-Help works for every exported cmdlet: synopsis, examples and parameters come from en-US/Lensmor.dll-Help.xml.

BeforeDiscovery {
    $manifest = Join-Path $PSScriptRoot '../../out/Lensmor/Lensmor.psd1'
    Import-Module $manifest -Force -ErrorAction Stop
    $cmdlets = @(Get-Command -Module Lensmor -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'LensmorTestHelpers.ps1')
    Import-Module $ModuleManifest -Force -ErrorAction Stop
    $commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'The module' {
    It 'exports exactly the cmdlets its manifest lists' {
        $listed = (Import-PowerShellDataFile $ModuleManifest).CmdletsToExport | Sort-Object
        $exported = (Get-Module Lensmor).ExportedCmdlets.Keys | Sort-Object
        ($exported -join ',') | Should -Be ($listed -join ',')
    }

    It 'imports without warnings about verbs' {
        $warnings = Import-Module $ModuleManifest -Force -PassThru 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }
        $warnings | Should -BeNullOrEmpty
    }
}

Describe 'Get-Help <Name>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help -Name $Name -Full
        $command = Get-Command -Name $Name
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($Name))\s"   # not the generated syntax stub
        ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples' {
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $help.examples.example) {
            $example.code | Should -Match ([regex]::Escape($Name))
        }
    }

    It 'documents every parameter' {
        $documented = @($help.parameters.parameter | ForEach-Object name)
        foreach ($parameter in $command.Parameters.Keys | Where-Object { $_ -notin $commonParameters }) {
            $documented | Should -Contain $parameter
        }
        foreach ($parameter in $help.parameters.parameter) {
            ($parameter.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs a description"
        }
    }

    It 'names its output types' {
        $declared = @($command.OutputType | ForEach-Object Name | Where-Object { $_ -and $_ -ne 'System.Void' })
        $documented = ($help.returnValues | Out-String)
        foreach ($type in $declared) { $documented | Should -Match ([regex]::Escape($type)) }
    }
}
