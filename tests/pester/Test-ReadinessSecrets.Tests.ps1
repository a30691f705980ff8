BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force

    function New-TestRepo {
        $dir = Join-Path ([IO.Path]::GetTempPath()) ("readiness-pester-secrets-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory -Path $dir | Out-Null
        git -C $dir init -q -b main
        git -C $dir config user.name Test
        git -C $dir config user.email test@example.invalid
        git -C $dir config commit.gpgsign false
        $dir
    }
    # A format-valid fake token assembled at run time so this file holds no secret-shaped literal.
    $script:Token = 'gh' + 'p_' + ('A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8')
}

Describe 'Test-ReadinessSecrets' {
    BeforeEach {
        $script:Repo = New-TestRepo
        Set-Content -Path (Join-Path $Repo 'README.md') -Value '# demo'
        Set-Content -Path (Join-Path $Repo 'ci.sh') -Value "export GITHUB_TOKEN=$Token"
        git -C $Repo add -A; git -C $Repo commit -q -m 'add token'
        Remove-Item (Join-Path $Repo 'ci.sh')
        git -C $Repo add -A; git -C $Repo commit -q -m 'remove token'
    }
    AfterEach { Remove-Item -Recurse -Force $Repo -ErrorAction SilentlyContinue }

    It 'passes the working tree once the token is deleted' {
        $r = Test-ReadinessSecrets -Path $Repo
        $r.Status | Should -Be 'Passed'
    }

    It 'finds the deleted token in history without printing it' {
        $r = Test-ReadinessSecrets -Path $Repo -History
        $r.Status | Should -Be 'Failed'
        $r.File | Should -Be (Join-Path $Repo 'ci.sh')
        $r.Evidence['inHistory'] | Should -Be '1'
        ($r | ConvertTo-Json -Depth 5) | Should -Not -Match ([regex]::Escape($Token.Substring(4)))
    }

    It 'returns one result per finding with its commit and fingerprint' {
        $r = @(Test-ReadinessSecrets -Path $Repo -History -PerFinding)
        $r.Count | Should -Be 1
        $r[0].Evidence['rule'] | Should -Be 'github-pat'
        $r[0].Evidence['commit'] | Should -Be (git -C $Repo rev-parse HEAD~1)
        $r[0].Evidence['secret'] | Should -Be 'ghp_****'
    }

    It 'is silenced by an allowlist of fingerprints' {
        $fp = (Test-ReadinessSecrets -Path $Repo -History -PerFinding).Evidence['fingerprint']
        $allow = Join-Path $Repo 'reviewed.txt'
        Set-Content -Path $allow -Value $fp
        Test-ReadinessSecrets -Path $Repo -History -AllowlistPath $allow -Quiet | Should -Be $true
    }

    It 'returns a single Boolean with -Quiet' {
        Test-ReadinessSecrets -Path $Repo -History -Quiet | Should -Be $false
    }

    It 'lists variables the code reads that .env.example lacks' {
        Set-Content -Path (Join-Path $Repo 'app.py') -Value "import os`nkey = os.environ['PAYMENT_API_KEY']"
        Set-Content -Path (Join-Path $Repo '.env.example') -Value 'DATABASE_URL=changeme'
        $r = Test-ReadinessSecrets -Path $Repo -EnvExample .env.example | Where-Object Id -eq 'secrets.env-example'
        $r.Status | Should -Be 'Failed'
        $r.Evidence['missing'] | Should -Be 'PAYMENT_API_KEY'
    }
}

Describe 'Test-ReadinessSecrets paths' {
    BeforeAll {
        $parent = Join-Path $TestDrive 'services'
        foreach ($name in 'api', 'web') {
            $null = New-Item -ItemType Directory -Path (Join-Path $parent $name) -Force
            Set-Content -LiteralPath (Join-Path $parent "$name/README.md") -Value '# demo'
        }
        Set-Content -LiteralPath (Join-Path $parent 'web/ci.sh') -Value "export GITHUB_TOKEN=$Token"
    }
    BeforeEach { Push-Location $TestDrive }
    AfterEach { Pop-Location }

    It 'scans every folder a wildcard matches, relative to the PowerShell location' {
        $r = @(Test-ReadinessSecrets -Path ./services/*)
        ($r | Where-Object Status -eq 'Failed').Target | Should -BeLike '*web*'
        @($r | Where-Object Status -eq 'Passed').Count | Should -BeGreaterThan 0
    }

    It 'writes a non-terminating PathNotFound for a missing folder and scans the others' {
        $r = @(Test-ReadinessSecrets -Path ./nope, ./services/api -ErrorVariable err -ErrorAction SilentlyContinue)
        $r.Count | Should -BeGreaterThan 0
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,Readiness.PowerShell.Cmdlets.TestReadinessSecretsCmdlet'
        $err[0].TargetObject | Should -Be './nope'
    }

    It 'takes folders from Get-ChildItem and its results pipe into Get-ReadinessReport' {
        $report = Get-ChildItem ./services -Directory | Test-ReadinessSecrets | Get-ReadinessReport
        $report.Decision | Should -Be ([Readiness.Decision]::NoGo)
    }
}
