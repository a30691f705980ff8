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

    It 'is a ChecklistInvalid error for an undefined variable' {
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

Describe 'Import-ReadinessChecklist paths' {
    BeforeAll {
        $repo = (Resolve-Path "$PSScriptRoot/../..").Path
        $many = Join-Path $TestDrive 'many'
        $null = New-Item -ItemType Directory -Path $many -Force
        Copy-Item (Join-Path $repo 'checklists/*.yaml') $many
        Copy-Item (Join-Path $repo 'checklists/diffver.yaml') (Join-Path $many 'odd[1].yml')
        $bad = Join-Path $TestDrive 'bad.yaml'
        Set-Content -LiteralPath $bad -Encoding utf8NoBOM -Value "schemaVersion: 1`nname: bad`nitems:`n  - id: a.b`n    section: A`n    title: t`n    severity: nope`n    manual: {}"
    }
    AfterEach { Pop-Location -ErrorAction SilentlyContinue }

    It 'loads the good checklist and writes one non-terminating PathNotFound error for the missing one' {
        Push-Location $repo
        $loaded = './nope.yaml', './checklists/diffver.yaml' | Import-ReadinessChecklist -ErrorVariable err -ErrorAction SilentlyContinue
        @($loaded).Name | Should -Be @('diffver')
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,Readiness.PowerShell.Cmdlets.ImportReadinessChecklistCmdlet'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be './nope.yaml'
        $err[0].Exception.Message | Should -Be "Cannot find path '$(Join-Path $repo 'nope.yaml')' because it does not exist."
    }

    It 'honours -ErrorAction SilentlyContinue' {
        Push-Location $TestDrive
        { Import-ReadinessChecklist ./nope.yaml -ErrorAction SilentlyContinue } | Should -Not -Throw
        Import-ReadinessChecklist ./nope.yaml -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'expands wildcards against the PowerShell location, not the process directory' {
        Push-Location $TestDrive
        [Environment]::CurrentDirectory | Should -Not -Be (Get-Location).ProviderPath
        (Import-ReadinessChecklist ./many/*.yaml).Name | Should -Be @('auth-service-incident', 'auth-service', 'diffver')
    }

    It 'takes -LiteralPath (alias PSPath) with wildcard characters as they are' {
        Push-Location $many
        (Import-ReadinessChecklist -LiteralPath './odd[1].yml').Name | Should -Be 'diffver'
        (Get-Item -LiteralPath './odd[1].yml' | Import-ReadinessChecklist).Name | Should -Be 'diffver'
        (Get-Command Import-ReadinessChecklist).Parameters['LiteralPath'].Aliases | Should -Contain 'PSPath'
    }

    It 'writes a non-terminating InvalidData error with file:line:col for an invalid checklist and loads the rest' {
        $loaded = Import-ReadinessChecklist -Path $bad, (Join-Path $many 'diffver.yaml') -ErrorVariable err -ErrorAction SilentlyContinue
        @($loaded).Name | Should -Be @('diffver')
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ChecklistInvalid,Readiness.PowerShell.Cmdlets.ImportReadinessChecklistCmdlet'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].Exception.Message | Should -BeLike '*bad.yaml:7:15:*severity*'
    }
}
