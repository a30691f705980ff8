BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
}

Describe 'Test-ReadinessLogs' {
    It 'finds a plain-text line among JSON lines from the pipeline' {
        $results = '{"level":"info","msg":"a"}', 'plain text', '{"level":"info","msg":"b"}' | Test-ReadinessLogs
        ($results | Where-Object Id -eq 'logs.json').Status | Should -Be 'Failed'
        ($results | Where-Object Id -eq 'logs.json').Message | Should -BeLike '*pipeline:2*'
    }

    It 'returns a single Boolean with -Quiet' {
        '{"level":"info","msg":"ok"}' | Test-ReadinessLogs -Quiet | Should -BeTrue
    }

    It 'reports PII by field without the value' {
        $email = 'jane.doe' + '@example.com'
        $r = ('{"level":"info","user":{"mail":"' + $email + '"}}') | Test-ReadinessLogs | Where-Object Id -eq 'logs.pii'
        $r.Status | Should -Be 'Failed'
        $r.Message | Should -BeLike '*user.mail (email)*'
        $r.Message | Should -Not -BeLike "*$email*"
    }
}

Describe 'Test-ReadinessLogs paths and pipeline' {
    BeforeAll {
        $logs = Join-Path $TestDrive 'logs'
        $null = New-Item -ItemType Directory -Path $logs -Force
        Set-Content -LiteralPath (Join-Path $logs 'a.log') -Value '{"level":"info","msg":"a","requestId":"r-1"}' -Encoding utf8NoBOM
        Set-Content -LiteralPath (Join-Path $logs 'b.log') -Value 'plain text' -Encoding utf8NoBOM
    }
    BeforeEach { Push-Location $TestDrive }
    AfterEach { Pop-Location }

    It 'binds strings from the pipeline as lines, also when they come from Get-Content (which adds PSPath)' {
        $json = Get-Content -LiteralPath (Join-Path $logs 'b.log') | Test-ReadinessLogs | Where-Object Id -eq 'logs.json'
        $json.Status | Should -Be 'Failed'
        $json.Message | Should -BeLike '*pipeline:1*'
    }

    It 'expands a wildcard against the PowerShell location, not the process directory' {
        [Environment]::CurrentDirectory | Should -Not -Be (Get-Location).ProviderPath
        $json = Test-ReadinessLogs -Path ./logs/*.log | Where-Object Id -eq 'logs.json'
        $json.Status | Should -Be 'Failed'
        $json.Message | Should -BeLike '*b.log:1*'
    }

    It 'takes Get-ChildItem output through -LiteralPath' {
        (Get-ChildItem ./logs -Filter a.log | Test-ReadinessLogs | Where-Object Id -eq 'logs.json').Status | Should -Be 'Passed'
    }

    It 'writes a non-terminating PathNotFound for a missing file and reads the others' {
        $results = Test-ReadinessLogs -Path ./nope.log, ./logs/a.log -ErrorVariable err -ErrorAction SilentlyContinue
        ($results | Where-Object Id -eq 'logs.json').Status | Should -Be 'Passed'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,Readiness.PowerShell.Cmdlets.TestReadinessLogsCmdlet'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be './nope.log'
    }

    It 'pipes its results into Get-ReadinessReport' {
        $report = '{"level":"info","msg":"a","requestId":"r-1"}' | Test-ReadinessLogs | Get-ReadinessReport
        $report | Should -BeOfType ([Readiness.ReadinessReport])
        $report.Results.Id | Should -Contain 'logs.json'
    }
}
