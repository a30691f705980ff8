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

Describe 'Get-ReadinessReport binding' {
    BeforeAll {
        $checklist = New-ReadinessTestChecklist -Folder (Join-Path $TestDrive 'binding/checklist')
        $caller = Join-Path $TestDrive 'binding/caller'
        $null = New-Item -ItemType Directory -Path $caller -Force
        Set-Content -LiteralPath (Join-Path $caller 'ready.env') -Value "MODE=production`nREGION=eu-west-1" -Encoding utf8NoBOM
        # Numbered like the auth service's shipped checklist (seed 001): "9.1 Backups"; manual items, so nothing is probed.
        $authService = Join-Path $TestDrive 'binding/numbered.yaml'
        $items = foreach ($section in '1.1 Secrets Management', '9.1 Backups', '9.2 High Availability', '10.1 Approvals') {
            $id = ($section -replace '^[0-9.]+ ', '').ToLowerInvariant() -replace ' ', '-'
            "  - id: s.$id`n    section: $section`n    title: $section`n    severity: low`n    manual: { approvers: [SRE] }"
        }
        Set-Content -LiteralPath $authService -Encoding utf8NoBOM -Value ("schemaVersion: 1`nname: numbered`nitems:`n" + ($items -join "`n"))
    }
    AfterEach { Pop-Location -ErrorAction SilentlyContinue }

    It 'resolves a relative path in -Variable against the PowerShell location, not the checklist folder' {
        Push-Location $caller
        [Environment]::CurrentDirectory | Should -Not -Be $caller
        $report = Get-ReadinessReport -Checklist ../checklist/pester.yaml -Variable @{ envFile = './ready.env' } -Section Config
        $report.Results.Status | Should -Be @('Passed', 'Passed')
        $report.Decision | Should -Be ([Readiness.Decision]::Go)
    }

    It 'still resolves a path written in the checklist against its folder' {
        Push-Location $caller
        (Get-ReadinessReport -Checklist ../checklist/pester.yaml -Id config.region).Results[0].Status | Should -Be 'Passed'
    }

    It 'selects a section by its number, and a chapter number selects its subsections' {
        (Get-ReadinessReport -Checklist $authService -Section '9.1' -ResultsOnly).Section | Should -Be @('9.1 Backups')
        (Get-ReadinessReport -Checklist $authService -Section '1' -ResultsOnly).Section | Should -Be @('1.1 Secrets Management')
        $chapter = (Get-ReadinessReport -Checklist $authService -Section '9' -ResultsOnly).Section | Sort-Object -Unique
        $chapter | Should -Be @('9.1 Backups', '9.2 High Availability')
    }

    It 'selects sections with wildcards' {
        (Get-ReadinessReport -Checklist $authService -Section '1*Secrets*', '*Avail*' -ResultsOnly).Section | Should -Be @('1.1 Secrets Management', '9.2 High Availability')
        (Get-ReadinessReport -Checklist $checklist -Section 'conf*').Results.Id | Should -Be @('config.region', 'config.mode')
    }

    It 'names the sections that exist when nothing matches' {
        $thrown = { Get-ReadinessReport -Checklist $checklist -Section '9.9' } | Should -Throw -PassThru -ErrorId 'ChecklistSelectionEmpty,Readiness.PowerShell.Cmdlets.GetReadinessReportCmdlet'
        $thrown.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $thrown.Exception.Message | Should -BeLike "*matches '9.9'*'Config', 'Sign-off'*"
    }

    It 'is an ObjectNotFound error for a checklist file that does not exist' {
        $thrown = { Get-ReadinessReport -Checklist ./nope.yaml } | Should -Throw -PassThru -ErrorId 'PathNotFound,Readiness.PowerShell.Cmdlets.GetReadinessReportCmdlet'
        $thrown.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'takes -TimeoutSec in seconds, the old -TimeoutSeconds and a TimeSpan through -Timeout' {
        (Get-Command Get-ReadinessReport).Parameters['TimeoutSec'].Aliases | Should -Be @('TimeoutSeconds', 'Timeout')
        (Get-ReadinessReport -Checklist $checklist -TimeoutSec 5).Results.Count | Should -Be 3
        (Get-ReadinessReport -Checklist $checklist -Timeout ([timespan]::FromSeconds(5))).Results.Count | Should -Be 3
        { Get-ReadinessReport -Checklist $checklist -TimeoutSec 0 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Readiness.PowerShell.Cmdlets.GetReadinessReportCmdlet'
    }

    It 'completes -Section with the sections of the checklist given by -Checklist' {
        $line = "Get-ReadinessReport -Checklist '$authService' -Section 9"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @("'9.1 Backups'", "'9.2 High Availability'")
    }

    It 'completes -Id with the ids of the checklist, narrowed by -Section, relative to the PowerShell location' {
        Push-Location (Split-Path $checklist)
        $line = 'Get-ReadinessReport ./pester.yaml -Section Config -Id '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('config.region', 'config.mode')
        $line = 'Get-ReadinessReport ./pester.yaml -Id sign'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('signoff.sre')
    }
}
