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
