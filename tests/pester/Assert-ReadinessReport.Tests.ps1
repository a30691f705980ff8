BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.TestHelpers.ps1"
}

Describe 'Assert-ReadinessReport' {
    BeforeAll {
        $noGo = Get-ReadinessReport -Checklist (New-ReadinessTestChecklist -Folder (Join-Path $TestDrive 'nogo'))
        $conditional = Get-ReadinessReport -Checklist (New-ReadinessTestChecklist -Folder (Join-Path $TestDrive 'cond') -Mode production)
    }

    It 'throws a terminating error naming the failed item when the report is NoGo' {
        { $noGo | Assert-ReadinessReport } | Should -Throw -ErrorId 'ReadinessGateFailed,Readiness.PowerShell.Cmdlets.AssertReadinessReportCmdlet'
        { $noGo | Assert-ReadinessReport } | Should -Throw '*config.mode*'
    }

    It 'fails a Conditional report by default and lets it through with -FailOn NoGo' {
        $conditional.Decision | Should -Be ([Readiness.Decision]::Conditional)
        { $conditional | Assert-ReadinessReport } | Should -Throw '*signoff.sre*'
        $passed = $conditional | Assert-ReadinessReport -FailOn NoGo -PassThru
        $passed | Should -BeOfType ([Readiness.ReadinessReport])
    }
}
