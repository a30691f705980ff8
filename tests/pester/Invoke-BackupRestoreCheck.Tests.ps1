BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
}

Describe 'Invoke-BackupRestoreCheck' {
    BeforeAll {
        $root = Join-Path ([IO.Path]::GetTempPath()) ("readiness-pester-" + [guid]::NewGuid().ToString('N'))
        $src = Join-Path $root 'src'
        New-Item -ItemType Directory -Path $src -Force | Out-Null
        Set-Content -Path (Join-Path $src 'a.txt') -Value 'artifact'
        $hash = (Get-FileHash (Join-Path $src 'a.txt') -Algorithm SHA256).Hash.ToLowerInvariant()
        Set-Content -Path (Join-Path $src 'SHA256SUMS') -Value "$hash  a.txt"
        $stamp = (Get-Date).ToUniversalTime().ToString('yyyyMMdd')
        $backup = Join-Path $root "backups/artifacts-$stamp"
        New-Item -ItemType Directory -Path $backup -Force | Out-Null
        Copy-Item "$src/*" $backup
    }
    AfterAll { Remove-Item -Recurse -Force $root }

    It 'restores a folder backup into scratch, verifies it and removes the scratch' {
        $out = Invoke-BackupRestoreCheck files (Join-Path $root 'backups/artifacts-*') -MaxAgeHours 48 -Confirm:$false
        $summary = $out | Where-Object { $_ -is [Readiness.BackupRestoreResult] }
        $summary.FilesVerified | Should -Be 1
        $summary.ScratchRemoved | Should -BeTrue
        Test-Path $summary.Scratch | Should -BeFalse
        ($out | Where-Object { $_ -is [Readiness.CheckResult] -and $_.Id -eq 'backup.verification' }).Status | Should -Be 'Passed'
    }

    It 'restores nothing with -WhatIf' {
        $summary = Invoke-BackupRestoreCheck files (Join-Path $root 'backups/artifacts-*') -WhatIf | Where-Object { $_ -is [Readiness.BackupRestoreResult] }
        $summary.Scratch | Should -BeNullOrEmpty
    }

    It 'pipes everything it writes (steps and summary) into Get-ReadinessReport, each step once' {
        $out = Invoke-BackupRestoreCheck files (Join-Path $root 'backups/artifacts-*') -MaxAgeHours 48 -Confirm:$false
        $steps = @($out | Where-Object { $_ -is [Readiness.CheckResult] })
        $report = $out | Get-ReadinessReport
        $report | Should -BeOfType ([Readiness.ReadinessReport])
        $report.Results.Count | Should -Be $steps.Count
        ($report.Results.Id | Sort-Object) | Should -Be ($steps.Id | Sort-Object)
        (Invoke-BackupRestoreCheck files (Join-Path $root 'backups/artifacts-*') -MaxAgeHours 48 -Confirm:$false |
            Where-Object { $_ -is [Readiness.BackupRestoreResult] } | Get-ReadinessReport).Results.Count | Should -Be $steps.Count
    }
}
