BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.TestHelpers.ps1"
}

Describe 'Invoke-ReadinessRunbook' {
    BeforeEach {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        $checklist = New-ReadinessTestChecklist -Folder $folder -Mode staging
        $evidence = Join-Path $folder 'pester.evidence.jsonl'
        $runFile = Join-Path $folder 'pester.runbook.json'
    }

    It 'runs the automated items without asking and returns the report' {
        $report = Invoke-ReadinessRunbook -Checklist $checklist -NonInteractive -By 'SRE: Dana' 6>$null
        $report | Should -BeOfType ([Readiness.ReadinessReport])
        $report.Results.Id | Should -Be @('config.region', 'config.mode', 'signoff.sre')
        $report.Results.Status | Should -Be @([Readiness.CheckStatus]::Passed, [Readiness.CheckStatus]::Failed, [Readiness.CheckStatus]::Manual)
        $report.Decision | Should -Be ([Readiness.Decision]::NoGo)
        Test-Path -LiteralPath $evidence | Should -BeFalse
    }

    It 'judges dates as of -AsOf while the timeline keeps the real times' {
        $auth = Join-Path $PSScriptRoot '../../checklists/auth-service.yaml'
        $timeline = Join-Path $folder 'timeline.json'
        $report = Invoke-ReadinessRunbook -Checklist $auth -Section '9.1' -NonInteractive -By 'SRE: Dana' -AsOf '2026-11-22' `
            -EvidencePath $evidence -RunPath $runFile -TimelinePath $timeline 6>$null
        ($report.Results | Where-Object Id -eq 'backups.automated-daily').Status | Should -Be ([Readiness.CheckStatus]::Passed)
        $report.AsOf | Should -Be ([datetimeoffset]'2026-11-22T00:00:00Z')
        # The sample day is in the past: real times are later than it, pinned ones would not be.
        $started = (Get-Content -LiteralPath $timeline -Raw | ConvertFrom-Json -DateKind String).startedAt
        [datetimeoffset]$started | Should -BeGreaterThan ([datetimeoffset]'2026-11-23T00:00:00Z')
    }

    It 'shows each result as it lands on the information stream' {
        $shown = Invoke-ReadinessRunbook -Checklist $checklist -NonInteractive 6>&1 | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$_" }
        $shown | Should -Contain '== Config (2 step(s))'
        ($shown -match 'Failed\s+config\.mode') | Should -Not -BeNullOrEmpty
        ($shown -match 'signoff\.sre left Manual') | Should -Not -BeNullOrEmpty
    }

    It 'saves progress beside the evidence file and a second call resumes' {
        $null = Invoke-ReadinessRunbook -Checklist $checklist -NonInteractive 6>$null
        $state = Get-Content -LiteralPath $runFile -Raw | ConvertFrom-Json
        $state.sessions | Should -Be 1
        $state.steps.state | Should -Be @('Done', 'Pending', 'Pending')

        $resumed = Invoke-ReadinessRunbook -Checklist $checklist -NonInteractive 6>&1 | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$_" }
        ($resumed -match '^Resuming the run started .*1 of 3 steps done') | Should -Not -BeNullOrEmpty
        (Get-Content -LiteralPath $runFile -Raw | ConvertFrom-Json).sessions | Should -Be 2

        $null = Invoke-ReadinessRunbook -Checklist $checklist -NonInteractive -Restart 6>$null
        (Get-Content -LiteralPath $runFile -Raw | ConvertFrom-Json).sessions | Should -Be 1
    }

    It 'honours an attestation already in the evidence file' {
        $null = Approve-ReadinessItem -Id signoff.sre -By 'SRE: Dana' -Checklist $checklist -Confirm:$false
        $report = Invoke-ReadinessRunbook -Checklist $checklist -NonInteractive -Section 'Sign-off' 6>$null
        $report.Results.Status | Should -Be ([Readiness.CheckStatus]::Attested)
        $report.Decision | Should -Be ([Readiness.Decision]::Go)
    }

    It 'writes the incident timeline as Markdown and JSON' {
        $md = Join-Path $folder 'timeline.md'
        $json = Join-Path $folder 'timeline.json'
        $null = Invoke-ReadinessRunbook -Checklist $checklist -NonInteractive -By 'SRE: Dana' -TimelinePath $md, $json 6>$null
        Get-Content -LiteralPath $md -Raw | Should -Match '\| config\.mode \| result \| SRE: Dana \| Failed \|'
        $timeline = Get-Content -LiteralPath $json -Raw | ConvertFrom-Json
        $timeline.timeline.event | Should -Contain 'finished'
        $timeline.steps.Count | Should -Be 3
    }

    It 'takes a checklist piped from Import-ReadinessChecklist' {
        $report = Import-ReadinessChecklist -Path $checklist | Invoke-ReadinessRunbook -NonInteractive -Section Config 6>$null
        $report.Results.Count | Should -Be 2
    }

    It 'stops with ChecklistSelectionEmpty when no section matches' {
        { Invoke-ReadinessRunbook -Checklist $checklist -Section 'Nope' -NonInteractive } |
            Should -Throw -ErrorId 'ChecklistSelectionEmpty,Readiness.PowerShell.Cmdlets.InvokeReadinessRunbookCmdlet'
    }
}
