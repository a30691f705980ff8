BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    $samples = Join-Path $PSScriptRoot '../../samples/diffver/infra/k8s'
}

Describe 'Test-ReadinessAlerts' {
    It 'passes the diffver sample rules and their routing' {
        $results = Test-ReadinessAlerts -Path (Join-Path $samples 'prometheus-rules.diffver.yaml') -AlertmanagerConfig (Join-Path $samples 'alertmanager.yml')
        $results.Count | Should -Be 2
        $results[0].Status | Should -Be 'Passed'
        $results[1].Status | Should -Be 'Passed'
    }

    It 'finds required alerts by intent and fails an unmet one' {
        $r = Test-ReadinessAlerts -Path (Join-Path $samples 'prometheus-rules.diffver.yaml') -Require @(
            @{ description = 'p95 > 100ms'; metrics = 'http_request_duration_seconds_bucket'; op = '>'; threshold = 0.1; quantile = 0.95 },
            @{ description = 'p99 > 1s'; metrics = 'http_request_duration_seconds_bucket'; op = '>'; threshold = 1; quantile = 0.99 })
        $r.Status | Should -Be 'Failed'
        $r.Message | Should -BeLike '*p99 > 1s*'
    }

    It 'reports a PromQL error with its line' {
        $file = Join-Path ([IO.Path]::GetTempPath()) ("rules-" + [guid]::NewGuid().ToString('N') + '.yaml')
        Set-Content -Path $file -Value "groups:`n  - name: g`n    rules:`n      - alert: A`n        expr: sum(up`n"
        try {
            $r = Test-ReadinessAlerts -Path $file
            $r.Status | Should -Be 'Failed'
            $r.Line | Should -Be 5
        } finally { Remove-Item $file }
    }
}

Describe 'Test-ReadinessAlerts paths' {
    AfterEach { Pop-Location -ErrorAction SilentlyContinue }

    It 'expands wildcards against the PowerShell location and takes Get-ChildItem output' {
        Push-Location $samples
        (Test-ReadinessAlerts -Path ./prometheus-rules.*.yaml).Status | Should -Be 'Passed'
        (Get-ChildItem -Filter 'prometheus-rules.diffver.yaml' | Test-ReadinessAlerts).Status | Should -Be 'Passed'
    }

    It 'writes a non-terminating PathNotFound for a missing rule file and checks the others' {
        Push-Location $samples
        $r = Test-ReadinessAlerts -Path ./nope.yaml, ./prometheus-rules.diffver.yaml -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Status | Should -Be 'Passed'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,Readiness.PowerShell.Cmdlets.TestReadinessAlertsCmdlet'
    }

    It 'pipes its results into Get-ReadinessReport' {
        $report = Test-ReadinessAlerts -Path (Join-Path $samples 'prometheus-rules.diffver.yaml') | Get-ReadinessReport
        $report.Decision | Should -Be ([Readiness.Decision]::Go)
    }
}
