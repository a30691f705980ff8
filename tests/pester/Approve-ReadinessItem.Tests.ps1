BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.TestHelpers.ps1"
}

Describe 'Approve-ReadinessItem' {
    BeforeEach {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        $checklist = New-ReadinessTestChecklist -Folder $folder -Mode production
        $evidence = Join-Path $folder 'pester.evidence.jsonl'
    }

    It 'records nothing with -WhatIf' {
        Approve-ReadinessItem -Id signoff.sre -By 'SRE: Dana' -Checklist $checklist -WhatIf
        Test-Path -LiteralPath $evidence | Should -BeFalse
        (Get-ReadinessReport -Checklist $checklist).Results[2].Status | Should -Be ([Readiness.CheckStatus]::Manual)
    }

    It 'records an attestation that the next run reports as Attested' {
        $attestation = Approve-ReadinessItem -Id signoff.sre -By 'SRE: Dana' -Note 'runbook reviewed' -Checklist $checklist
        $attestation | Should -BeOfType ([Readiness.Attestation])
        $attestation.By | Should -Be 'SRE: Dana'
        Test-Path -LiteralPath $evidence | Should -BeTrue
        $report = Get-ReadinessReport -Checklist $checklist
        $report.Results[2].Status | Should -Be ([Readiness.CheckStatus]::Attested)
        $report.Decision | Should -Be ([Readiness.Decision]::Go)
    }

    It 'finds the checklist under ./checklists when -Checklist is omitted' {
        $repo = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        $located = New-ReadinessTestChecklist -Folder (Join-Path $repo 'checklists') -Mode production
        Push-Location $repo
        try { $attestation = Approve-ReadinessItem signoff.sre -By 'SRE: Dana' }
        finally { Pop-Location }
        $attestation.ItemId | Should -Be 'signoff.sre'
        (Get-ReadinessReport -Checklist $located).Decision | Should -Be ([Readiness.Decision]::Go)
    }

    It 'takes ids from piped results' {
        $attested = @(Get-ReadinessReport -Checklist $checklist -ResultsOnly | Where-Object Status -eq Manual |
            Approve-ReadinessItem -By 'SRE: Dana' -Checklist $checklist)
        $attested.Count | Should -Be 1
        $attested[0].ItemId | Should -Be 'signoff.sre'
    }

    It 'writes a non-terminating error for an unknown id and goes on' {
        $records = @()
        $out = @('no.such-item', 'signoff.sre') | ForEach-Object { [pscustomobject]@{ Id = $_ } } |
            Approve-ReadinessItem -By 'SRE: Dana' -Checklist $checklist -ErrorAction SilentlyContinue -ErrorVariable records
        @($out).Count | Should -Be 1
        $records.Count | Should -Be 1
        $records[0].FullyQualifiedErrorId | Should -Be 'InvalidArgument,Readiness.PowerShell.Cmdlets.ApproveReadinessItemCmdlet'
        $records[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        $records[0].Exception.Message | Should -Match 'signoff\.sre'
        $records[0].TargetObject | Should -Be 'no.such-item'
    }
}
