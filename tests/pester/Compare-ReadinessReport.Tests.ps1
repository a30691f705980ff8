BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Governance.Common.ps1"
}

Describe 'Compare-ReadinessReport' {
    BeforeAll {
        $root = Join-Path ([IO.Path]::GetTempPath()) ("readiness-pester-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $root | Out-Null
        $checklist = New-GovernanceChecklist -Root $root
    }
    AfterAll { Remove-Item -Recurse -Force $root }

    It 'lists a fix after the configuration is corrected' {
        $before = Get-ReadinessReport -Checklist $checklist
        Set-Content -Path (Join-Path $root '.env') -Value "DIFFVER_ENV=production`nA=1"
        $after = Get-ReadinessReport -Checklist $checklist
        $diff = $after | Compare-ReadinessReport -ReferenceReport $before
        @($diff.Fixes).Count | Should -Be 1
        @($diff.Fixes)[0].Id | Should -Be 'security.env-production'
        Compare-ReadinessReport -ReferenceReport $before -DifferenceReport $after -AsMarkdown | Should -BeLike '*#### Fixes*'
    }

    It 'is an ObjectNotFound error naming a report file that does not exist' {
        Push-Location $root
        try {
            $thrown = { Compare-ReadinessReport -ReferencePath ./nope.json -DifferencePath ./nope.json } |
                Should -Throw -PassThru -ErrorId 'PathNotFound,Readiness.PowerShell.Cmdlets.CompareReadinessReportCmdlet'
            $thrown.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $thrown.TargetObject | Should -Be './nope.json'
        } finally { Pop-Location }
    }
}
