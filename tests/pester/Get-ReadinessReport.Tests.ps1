BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.TestHelpers.ps1"
}

Describe 'Get-ReadinessReport' {
    BeforeAll {
        $checklist = New-ReadinessTestChecklist -Folder (Join-Path $TestDrive 'run')
    }

    It 'runs a checklist file and returns a NoGo report naming the failed item' {
        $report = Get-ReadinessReport -Checklist $checklist
        $report | Should -BeOfType ([Readiness.ReadinessReport])
        $report.Decision | Should -Be ([Readiness.Decision]::NoGo)
        $report.DecisionReason | Should -Match 'config\.mode'
        $report.Count('Passed') | Should -Be 1
        $report.Count('Failed') | Should -Be 1
        $report.Count('Manual') | Should -Be 1
        $report.Results.Id | Should -Be @('config.region', 'config.mode', 'signoff.sre')
    }

    It 'composes: Import-ReadinessChecklist | Get-ReadinessReport' {
        $report = Import-ReadinessChecklist -Path $checklist | Get-ReadinessReport
        $report.ChecklistName | Should -Be 'pester'
        $report.Results.Count | Should -Be 3
    }

    It 'composes: Get-ReadinessReport -ResultsOnly | Where-Object Status -eq Failed' {
        $failed = @(Get-ReadinessReport -Checklist $checklist -ResultsOnly | Where-Object Status -eq Failed)
        $failed.Count | Should -Be 1
        $failed[0].Id | Should -Be 'config.mode'
        $failed[0] | Should -BeOfType ([Readiness.CheckResult])
        $failed[0].Message | Should -Match 'MODE'
    }

    It 'aggregates CheckResult objects piped in' {
        $results = Get-ReadinessReport -Checklist $checklist -ResultsOnly | Where-Object Status -ne Manual
        $report = $results | Get-ReadinessReport
        $report.ChecklistName | Should -Be 'ad-hoc'
        $report.Results.Count | Should -Be 2
        $report.Decision | Should -Be ([Readiness.Decision]::NoGo)
    }

    It 'applies -Variable, -Section and -Id' {
        $good = New-ReadinessTestChecklist -Folder (Join-Path $TestDrive 'vars') -Mode 'production'
        $report = Get-ReadinessReport -Checklist $good -Section Config
        $report.Decision | Should -Be ([Readiness.Decision]::Go)
        (Get-ReadinessReport -Checklist $checklist -Id config.region).Results.Count | Should -Be 1
        $redirected = Get-ReadinessReport -Checklist $checklist -Variable @{ envFile = (Join-Path $TestDrive 'vars/.env') } -Section Config
        $redirected.Decision | Should -Be ([Readiness.Decision]::Go)
    }

    It 'reruns only the failed items of a previous JSON report with -OnlyFailedFrom' {
        $previous = Join-Path $TestDrive 'previous.json'
        Get-ReadinessReport -Checklist $checklist | Export-ReadinessReport -Format json -Path $previous
        $rerun = Get-ReadinessReport -Checklist $checklist -OnlyFailedFrom $previous
        $rerun.Results.Id | Should -Be @('config.mode')
        $green = Join-Path $TestDrive 'green.json'
        $good = New-ReadinessTestChecklist -Folder (Join-Path $TestDrive 'green') -Mode 'production'
        Get-ReadinessReport -Checklist $good -Section Config | Export-ReadinessReport -Format json -Path $green
        { Get-ReadinessReport -Checklist $checklist -OnlyFailedFrom $green } |
            Should -Throw -ErrorId 'ChecklistSelectionEmpty,Readiness.PowerShell.Cmdlets.GetReadinessReportCmdlet'
    }

    It 'is a terminating error when the selection is empty' {
        { Get-ReadinessReport -Checklist $checklist -Section NoSuchSection } |
            Should -Throw -ErrorId 'ChecklistSelectionEmpty,Readiness.PowerShell.Cmdlets.GetReadinessReportCmdlet'
    }

    It 'is a terminating error naming the line when the checklist is malformed' {
        $bad = Join-Path $TestDrive 'bad.yaml'
        Set-Content -LiteralPath $bad -Value "schemaVersion: 1`nname: bad`nitems:`n  - id: x`n    severity: nope" -Encoding utf8NoBOM
        { Get-ReadinessReport -Checklist $bad } | Should -Throw -ErrorId 'ChecklistInvalid,Readiness.PowerShell.Cmdlets.GetReadinessReportCmdlet'
    }
}
