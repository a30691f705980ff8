BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
}

Describe 'Test-ReadinessMetrics' {
    BeforeAll {
        $root = Join-Path ([IO.Path]::GetTempPath()) ("readiness-pester-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $root | Out-Null
        $good = Join-Path $root 'good.prom'
        Set-Content -Path $good -Value "# TYPE auth_tokens_issued_total counter`nauth_tokens_issued_total 5`n# TYPE auth_active_sessions gauge`nauth_active_sessions 3`n"
        $bad = Join-Path $root 'bad.prom'
        Set-Content -Path $bad -Value "ok 1`nbroken{x=`"1} 2`n"
    }
    AfterAll { Remove-Item -Recurse -Force $root }

    It 'passes when the required families are present' {
        $r = Test-ReadinessMetrics -Path $good -Require 'auth_active_sessions', @{ name = 'auth_tokens_issued_total'; nonZero = $true }
        $r.Status | Should -Be 'Passed'
        $r.Evidence['families'] | Should -Be '2'
    }

    It 'names the line of malformed text' {
        $r = Test-ReadinessMetrics -Path $bad
        $r.Status | Should -Be 'Failed'
        $r.Line | Should -Be 2
    }

    It 'returns a boolean with -Quiet and takes files from the pipeline' {
        Get-Item $good | Test-ReadinessMetrics -Require 'missing_family' -Quiet | Should -Be $false
    }
}
