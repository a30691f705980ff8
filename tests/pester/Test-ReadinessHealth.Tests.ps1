BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.TestHelpers.ps1"
}

Describe 'Test-ReadinessHealth' {
    It 'gives Error, not a hang, when nothing listens' {
        $port = Get-FreePort
        $r = Test-ReadinessHealth -Uri "http://127.0.0.1:$port/health" -TimeoutSeconds 2
        $r.Status | Should -Be 'Error'
    }

    It 'gives Error for Redis that is down and never prints the password' {
        $env:READINESS_PESTER_REDIS_PW = 'pester-secret-' + [guid]::NewGuid().ToString('N')
        try {
            $port = Get-FreePort
            $r = Test-ReadinessHealth -Redis "127.0.0.1:$port" -PasswordVariable READINESS_PESTER_REDIS_PW -TimeoutSeconds 2
            $r.Status | Should -Be 'Error'
            ($r | ConvertTo-Json -Depth 5) | Should -Not -BeLike "*$($env:READINESS_PESTER_REDIS_PW)*"
        } finally { Remove-Item Env:READINESS_PESTER_REDIS_PW }
    }

    It 'returns a boolean with -Quiet' {
        Test-ReadinessHealth -Uri 'http://127.0.0.1:1/health' -TimeoutSeconds 1 -Quiet | Should -Be $false
    }
}

Describe 'Test-ReadinessHealth parameters' {
    It 'rejects a -Uri that is not an http(s) URL while binding, naming the parameter' {
        $thrown = { Test-ReadinessHealth -Uri 'not a url' } | Should -Throw -PassThru -ErrorId 'ParameterArgumentValidationError,Readiness.PowerShell.Cmdlets.TestReadinessHealthCmdlet'
        $thrown.Exception.Message | Should -BeLike "*parameter 'Uri'*'not a url' is not an absolute URI*"
        $thrown.Exception.Message | Should -Not -BeLike '*saved*'
        { Test-ReadinessHealth -Uri 'ftp://127.0.0.1/health' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Readiness.PowerShell.Cmdlets.TestReadinessHealthCmdlet'
    }

    It 'names its timeout -TimeoutSec and still takes a TimeSpan through -Timeout' {
        (Get-Command Test-ReadinessHealth).Parameters['TimeoutSec'].Aliases | Should -Be @('TimeoutSeconds', 'Timeout')
        Test-ReadinessHealth -Uri 'http://127.0.0.1:1/health' -Timeout ([timespan]'00:00:01') -Quiet | Should -Be $false
        { Test-ReadinessHealth -Uri 'http://127.0.0.1:1/health' -TimeoutSec 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Readiness.PowerShell.Cmdlets.TestReadinessHealthCmdlet'
    }

    It 'pipes its result into Get-ReadinessReport' {
        $report = Test-ReadinessHealth -Uri 'http://127.0.0.1:1/health' -TimeoutSec 1 | Get-ReadinessReport
        $report.Results[0].Status | Should -Be 'Error'
        $report.Decision | Should -Be ([Readiness.Decision]::NoGo)
    }
}
