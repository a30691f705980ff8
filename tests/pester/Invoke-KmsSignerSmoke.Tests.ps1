BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
}

Describe 'Invoke-KmsSignerSmoke' {
    It 'signs nothing with -WhatIf' {
        Invoke-KmsSignerSmoke -KeyId alias/none -EndpointUrl 'http://127.0.0.1:9' -WhatIf | Should -BeNullOrEmpty
    }
}
