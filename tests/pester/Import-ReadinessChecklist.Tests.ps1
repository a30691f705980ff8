BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.TestHelpers.ps1"
}

Describe 'Import-ReadinessChecklist' {
    BeforeAll {
        $checklist = New-ReadinessTestChecklist -Folder (Join-Path $TestDrive 'import')
    }

    It 'loads a YAML checklist into a Checklist object' {
        $loaded = Import-ReadinessChecklist -Path $checklist
        $loaded | Should -BeOfType ([Readiness.Checklist])
        $loaded.Name | Should -Be 'pester'
        $loaded.Items.Count | Should -Be 3
        $loaded.Items[2].CheckType | Should -Be 'manual'
    }

    It 'takes files from Get-ChildItem by their FullName' {
        $loaded = @(Get-ChildItem -Path (Join-Path $TestDrive 'import') -Filter *.yaml | Import-ReadinessChecklist)
        $loaded.Count | Should -Be 1
        $loaded[0].Path | Should -Be (Resolve-Path $checklist).Path
    }

    It 'resolves variables from -Variable' {
        $loaded = Import-ReadinessChecklist -Path $checklist -Variable @{ envFile = 'other.env' }
        $loaded.Items[0].Check.Parameters['file'] | Should -Be 'other.env'
    }

    It 'is a terminating error for an undefined variable' {
        $path = Join-Path $TestDrive 'undefined.yaml'
        Set-Content -LiteralPath $path -Encoding utf8NoBOM -Value @'
schemaVersion: 1
name: undefined
items:
  - id: a.b
    section: A
    title: uses an undefined variable
    severity: low
    check:
      type: env
      name: ${nowhere_defined_variable}
'@
        { Import-ReadinessChecklist -Path $path } | Should -Throw -ErrorId 'ChecklistInvalid,Readiness.PowerShell.Cmdlets.ImportReadinessChecklistCmdlet'
    }
}
