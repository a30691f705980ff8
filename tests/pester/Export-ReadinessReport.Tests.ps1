BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.TestHelpers.ps1"
}

Describe 'Export-ReadinessReport' {
    BeforeAll {
        $checklist = New-ReadinessTestChecklist -Folder (Join-Path $TestDrive 'export')
        $report = Get-ReadinessReport -Checklist $checklist
    }

    It 'writes JSON text to the pipeline without -Path' {
        $json = $report | Export-ReadinessReport -Format json
        $parsed = $json | ConvertFrom-Json
        $parsed.decision | Should -Be 'NoGo'
        $parsed.results.Count | Should -Be 3
    }

    It 'writes a file with -Path and passes the report on with -PassThru' {
        $path = Join-Path $TestDrive 'out/report.json'
        $passed = $report | Export-ReadinessReport -Format json -Path $path -PassThru
        Test-Path -LiteralPath $path | Should -BeTrue
        $passed | Should -BeOfType ([Readiness.ReadinessReport])
        (Get-Content -LiteralPath $path -Raw | ConvertFrom-Json).checklistName | Should -Be 'pester'
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.json'
        $report | Export-ReadinessReport -Format json -Path $path -WhatIf
        Test-Path -LiteralPath $path | Should -BeFalse
    }

    It 'rejects an unknown format while binding and names the allowed ones' {
        $thrown = { $report | Export-ReadinessReport -Format nosuchformat } | Should -Throw -PassThru -ErrorId 'ParameterArgumentValidationError,Readiness.PowerShell.Cmdlets.ExportReadinessReportCmdlet'
        $thrown.Exception.Message | Should -BeLike "*'nosuchformat' is not a report format. Allowed: *json*junit*"
    }

    It 'completes -Format with the report formats' {
        $line = 'Export-ReadinessReport -Format j'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('json', 'junit')
        $line = 'Export-ReadinessReport -Format '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'sarif'
    }
}
