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
}
