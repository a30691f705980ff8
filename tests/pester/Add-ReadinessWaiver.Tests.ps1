BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Governance.Common.ps1"
}

Describe 'Add-ReadinessWaiver' {
    BeforeEach {
        $root = Join-Path ([IO.Path]::GetTempPath()) ("readiness-pester-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $root | Out-Null
        $checklist = New-GovernanceChecklist -Root $root
    }
    AfterEach { Remove-Item -Recurse -Force $root }

    It 'turns the failed item into Waived and the decision into Go' {
        Get-ReadinessReport -Checklist $checklist | Select-Object -ExpandProperty Decision | Should -Be 'NoGo'
        $w = Add-ReadinessWaiver -Item security.env-production -Checklist $checklist -Justification 'staging until 1.4' -ApprovedBy 'AppSec' -Expires (Get-Date).AddDays(7) -Confirm:$false
        $w.Item | Should -Be 'security.env-production'
        $report = Get-ReadinessReport -Checklist $checklist
        ($report.Results | Where-Object Id -eq 'security.env-production').Status | Should -Be 'Waived'
        $report.Decision | Should -Be 'Go'
    }

    It 'writes nothing with -WhatIf' {
        Add-ReadinessWaiver -Item security.env-production -Checklist $checklist -Justification 'x' -ApprovedBy 'y' -Expires (Get-Date).AddDays(1) -WhatIf
        Test-Path (Join-Path $root 'release.waivers.yaml') | Should -BeFalse
    }

    It 'refuses an unknown item with a non-terminating error' {
        { Add-ReadinessWaiver -Item nope -Checklist $checklist -Justification 'x' -ApprovedBy 'y' -Expires (Get-Date).AddDays(1) -Confirm:$false -ErrorAction Stop } | Should -Throw '*No item*'
    }
}
