BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    . "$PSScriptRoot/Governance.Common.ps1"
}

Describe 'Test-ReadinessEvidence' {
    BeforeAll {
        $root = Join-Path ([IO.Path]::GetTempPath()) ("readiness-pester-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $root | Out-Null
        $checklist = New-GovernanceChecklist -Root $root
        $zip = Join-Path $root 'e.zip'
        Get-ReadinessReport -Checklist $checklist | Export-ReadinessEvidence -Path $zip -Confirm:$false | Out-Null
    }
    AfterAll { Remove-Item -Recurse -Force $root }

    It 'reports a valid unsigned bundle and fails it when a signature is required' {
        (Test-ReadinessEvidence -Path $zip).IsValid | Should -BeTrue
        Test-ReadinessEvidence -Path $zip -RequireSignature -Quiet | Should -BeFalse
    }

    It 'reports a bundled attestation chain that no longer reaches -ExpectedHead as tampering' {
        $dir = Join-Path $root 'head'
        New-Item -ItemType Directory -Path $dir | Out-Null
        $headChecklist = New-GovernanceChecklist -Root $dir
        $report = Get-ReadinessReport -Checklist $headChecklist
        $report.AttestationChain.Entries | Should -Be 0
        $headZip = Join-Path $dir 'h.zip'
        $report | Export-ReadinessEvidence -Path $headZip -Confirm:$false | Out-Null
        Test-ReadinessEvidence -Path $headZip -ExpectedHead $report.AttestationChain.ToString() -Quiet | Should -BeTrue
        $result = Test-ReadinessEvidence -Path $headZip -ExpectedHead ('2:' + ('ab' * 32))
        $result.IsValid | Should -BeFalse
        ($result.Problems -join ' ') | Should -BeLike '*attestations.jsonl is missing, but the expected head records 2*'
        { Test-ReadinessEvidence -Path $headZip -ExpectedHead 'three' } | Should -Throw '*ENTRIES:HASH*'
    }

    It 'names a tampered file' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $archive = [System.IO.Compression.ZipFile]::Open($zip, 'Update')
        try {
            $entry = $archive.GetEntry('VERSION'); $entry.Delete()
            $new = $archive.CreateEntry('VERSION')
            $writer = [System.IO.StreamWriter]::new($new.Open()); $writer.Write('9.9.9'); $writer.Dispose()
        } finally { $archive.Dispose() }
        $result = Test-ReadinessEvidence -Path $zip
        $result.IsValid | Should -BeFalse
        ($result.Problems -join ' ') | Should -BeLike '*VERSION was modified*'
    }

    It 'pipes its verification into Get-ReadinessReport as a CheckResult' {
        $report = Test-ReadinessEvidence -Path $zip | Get-ReadinessReport
        $report.Results[0].Id | Should -Be 'evidence.bundle'
        $report.Results[0].Target | Should -Be $zip
    }

    It 'writes a non-terminating PathNotFound for a missing bundle and checks the others, relative to the location' {
        Push-Location $root
        try {
            $r = @(Test-ReadinessEvidence -Path ./nope.zip, ./e.zip -ErrorVariable err -ErrorAction SilentlyContinue)
            $r.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,Readiness.PowerShell.Cmdlets.TestReadinessEvidenceCmdlet'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            @(Get-ChildItem -Filter *.zip | Test-ReadinessEvidence).Count | Should -Be 1
        } finally { Pop-Location }
    }
}
