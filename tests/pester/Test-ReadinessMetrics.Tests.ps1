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

Describe 'Test-ReadinessMetrics paths' {
    BeforeAll {
        $scrapes = Join-Path $TestDrive 'scrapes'
        $null = New-Item -ItemType Directory -Path $scrapes -Force
        Set-Content -LiteralPath (Join-Path $scrapes 'a.prom') -Value "# TYPE up gauge`nup 1`n" -Encoding utf8NoBOM
        Set-Content -LiteralPath (Join-Path $scrapes 'b.prom') -Value "# TYPE up gauge`nup 1`n" -Encoding utf8NoBOM
    }
    BeforeEach { Push-Location $TestDrive }
    AfterEach { Pop-Location }

    It 'checks every file a wildcard matches, relative to the PowerShell location' {
        $results = @(Test-ReadinessMetrics -Path ./scrapes/*.prom -Require up)
        $results.Count | Should -Be 2
        $results.Status | Should -Be @('Passed', 'Passed')
    }

    It 'writes a non-terminating PathNotFound for a missing file and checks the others' {
        $results = @(Test-ReadinessMetrics -Path ./nope.prom, ./scrapes/a.prom -Require up -ErrorVariable err -ErrorAction SilentlyContinue)
        $results.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,Readiness.PowerShell.Cmdlets.TestReadinessMetricsCmdlet'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'rejects a -Uri that is not an http(s) URL while binding' {
        { Test-ReadinessMetrics -Uri './scrapes/a.prom' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Readiness.PowerShell.Cmdlets.TestReadinessMetricsCmdlet'
    }
}
