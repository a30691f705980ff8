BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
}

Describe 'Test-ReadinessApiContract' {
    BeforeAll {
        $spec = Join-Path ([IO.Path]::GetTempPath()) ("spec-" + [guid]::NewGuid().ToString('N') + '.yaml')
        Set-Content -Path $spec -Value @'
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a:
    get:
      responses:
        "200": { description: ok }
'@
    }
    AfterAll { Remove-Item $spec -ErrorAction SilentlyContinue }

    It 'passes a valid spec and fails the undocumented error responses' {
        $results = Test-ReadinessApiContract -Spec $spec
        ($results | Where-Object Id -eq 'api.spec').Status | Should -Be 'Passed'
        ($results | Where-Object Id -eq 'api.error-codes').Status | Should -Be 'Failed'
        Test-ReadinessApiContract -Spec $spec -Quiet | Should -BeFalse
    }
}

Describe 'Test-ReadinessApiContract parameters' {
    It 'is a non-terminating PathNotFound for a spec that does not exist' {
        Push-Location $TestDrive
        try {
            $r = Test-ReadinessApiContract -Spec ./nope.yaml -ErrorVariable err -ErrorAction SilentlyContinue
            $r | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,Readiness.PowerShell.Cmdlets.TestReadinessApiContractCmdlet'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        } finally { Pop-Location }
    }

    It 'rejects a -BaseUri that is not an http(s) URL while binding' {
        { Test-ReadinessApiContract -Spec ./x.yaml -BaseUri 'localhost:8080' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Readiness.PowerShell.Cmdlets.TestReadinessApiContractCmdlet'
    }
}
