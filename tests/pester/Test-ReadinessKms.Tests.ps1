BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Readiness.TestHelpers.ps1"
}

Describe 'Test-ReadinessKms' {
    It 'reports Error, not a hang, when KMS cannot be reached' {
        $port = Get-FreePort
        $env:AWS_ACCESS_KEY_ID = 'AKIDPESTER'; $env:AWS_SECRET_ACCESS_KEY = 'pester-secret'
        try {
            $r = Test-ReadinessKms -KeyId k -Aspect state -EndpointUrl "http://127.0.0.1:$port" -Region us-east-1 -TimeoutSeconds 5
            $r.Status | Should -Be 'Error'
        } finally { Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY }
    }
}
