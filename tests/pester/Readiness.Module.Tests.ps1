BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
}

Describe 'Readiness module' {
    It 'exports exactly the manifest cmdlets' {
        $manifest = Import-PowerShellDataFile "$PSScriptRoot/../../out/Readiness/Readiness.psd1"
        $exported = (Get-Module Readiness).ExportedCmdlets.Keys | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'keeps the engine out of the default load context' {
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Readiness.Core' }
        foreach ($assembly in @($core)) {
            [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name | Should -Be 'Readiness'
        }
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([Readiness.CheckResult].Assembly) |
            Should -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
    }

    It 'has full help for every cmdlet' {
        foreach ($name in (Get-Module Readiness).ExportedCmdlets.Keys) {
            $help = Get-Help $name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty
            @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        }
    }

    It 'gives Test- cmdlets a -Quiet switch' {
        foreach ($command in Get-Command -Module Readiness -Verb Test) {
            $command.Parameters.ContainsKey('Quiet') | Should -BeTrue
        }
    }
}

Describe 'Readiness parameter conventions' {
    It 'names every timeout -TimeoutSec (whole seconds, like Invoke-WebRequest) with the old names as aliases' {
        foreach ($command in Get-Command -Module Readiness) {
            $timeouts = @($command.Parameters.Values | Where-Object { $_.Name -like '*Timeout*' -or ($_.Aliases | Where-Object { $_ -like 'Timeout*' }) })
            foreach ($parameter in $timeouts) {
                $parameter.Name | Should -Be 'TimeoutSec' -Because "$($command.Name) has a timeout"
                $parameter.ParameterType | Should -BeIn @([int], [Nullable[int]]) -Because "$($command.Name) -TimeoutSec is in seconds"
                $parameter.Aliases | Should -Contain 'Timeout' -Because "$($command.Name) scripts used -Timeout"
                $parameter.Aliases | Should -Contain 'TimeoutSeconds' -Because "$($command.Name) scripts used -TimeoutSeconds"
            }
        }
    }

    It 'gives every cmdlet whose -Path reads files a -LiteralPath bound from PSPath' {
        foreach ($name in 'Import-ReadinessChecklist', 'Test-ReadinessSecrets', 'Test-ReadinessMetrics', 'Test-ReadinessAlerts',
            'Test-ReadinessKubernetes', 'Test-ReadinessLogs', 'Test-ReadinessEvidence') {
            $literal = (Get-Command $name).Parameters['LiteralPath']
            $literal | Should -Not -BeNullOrEmpty -Because "$name reads files"
            $literal.Aliases | Should -Contain 'PSPath'
            @($literal.ParameterSets.Values.ValueFromPipelineByPropertyName) | Should -Contain $true
        }
    }
}
