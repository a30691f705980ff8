BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Governance.Common.ps1"
}

Describe 'Export-ReadinessEvidence' {
    BeforeAll {
        $root = Join-Path ([IO.Path]::GetTempPath()) ("readiness-pester-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $root | Out-Null
        $checklist = New-GovernanceChecklist -Root $root
        $keyPath = Join-Path $root 'key.pem'
        $ec = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
        Set-Content -Path $keyPath -Value $ec.ExportPkcs8PrivateKeyPem()
    }
    AfterAll { Remove-Item -Recurse -Force $root }

    It 'writes a signed bundle that verifies' {
        $bundle = Get-ReadinessReport -Checklist $checklist | Export-ReadinessEvidence -Path (Join-Path $root 'e.zip') -SigningKeyPath $keyPath -Confirm:$false
        $bundle.Signed | Should -BeTrue
        $bundle.Files | Should -Contain 'report.json'
        $bundle | Test-ReadinessEvidence -Quiet | Should -BeTrue
    }

    It 'writes nothing with -WhatIf' {
        Get-ReadinessReport -Checklist $checklist | Export-ReadinessEvidence -Path (Join-Path $root 'w.zip') -WhatIf
        Test-Path (Join-Path $root 'w.zip') | Should -BeFalse
    }
}
