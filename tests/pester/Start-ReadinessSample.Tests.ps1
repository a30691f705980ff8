BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    $repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path

    # The decision `readiness demo` prints, from the CLI build beside the module build: the module must agree with it.
    function Get-DemoDecision {
        param([switch] $Ready)
        $cli = Get-ChildItem "$repoRoot/src/Readiness.Cli/bin/*/net8.0/readiness.dll" | Sort-Object LastWriteTime -Descending | Select-Object -First 1
        if (-not $cli) { throw 'The readiness CLI is not built (dotnet build ReadinessModule.sln).' }
        $arguments = @('demo', '--format', 'json') + ($Ready ? @('--ready') : @())
        Push-Location -LiteralPath $repoRoot
        try { $json = & dotnet $cli.FullName @arguments 2>$null }
        finally { Pop-Location }
        if ($LASTEXITCODE -ne 0) { throw "readiness demo exited $LASTEXITCODE" }
        ($json -join "`n" | ConvertFrom-Json).decision
    }

    function Invoke-SampleRun {
        param([Parameter(Mandatory)] $Sample)
        Get-ReadinessReport -Checklist $Sample.ChecklistPath -Variable $Sample.Variables -EvidencePath $Sample.EvidencePath
    }
}

AfterAll {
    Stop-ReadinessSample -All
}

Describe 'Start-ReadinessSample' {
    BeforeEach { Push-Location -LiteralPath $repoRoot }
    AfterEach { Pop-Location; Stop-ReadinessSample -All }

    It 'serves the flawed configuration on loopback, and the module run is NoGo like readiness demo' {
        $sample = Start-ReadinessSample
        $sample | Should -BeOfType ([Readiness.ReadinessSample])
        $sample.Url | Should -Match '^http://127\.0\.0\.1:\d+$'
        $sample.Ready | Should -BeFalse
        $sample.Running | Should -BeTrue
        $health = Invoke-WebRequest -Uri "$($sample.Url)/health" -SkipHttpErrorCheck
        $health.StatusCode | Should -Be 503
        $report = Invoke-SampleRun $sample
        $report.Decision | Should -Be ([Readiness.Decision]::NoGo)
        $report.Decision.ToString() | Should -Be (Get-DemoDecision)
    }

    It 'serves the production-ready configuration with -Ready, and the module run is Go like readiness demo --ready' {
        $sample = Start-ReadinessSample -Ready
        $sample.Ready | Should -BeTrue
        (Invoke-WebRequest -Uri "$($sample.Url)/health").StatusCode | Should -Be 200
        $report = Invoke-SampleRun $sample
        $report.Decision | Should -Be ([Readiness.Decision]::Go)
        $report.Decision.ToString() | Should -Be (Get-DemoDecision -Ready)
    }

    It 'prepares the variables and the evidence file a run needs' {
        $flawed = Start-ReadinessSample
        $flawed.ChecklistPath | Should -Be (Join-Path $repoRoot 'checklists/diffver.yaml')
        $flawed.Variables['api'] | Should -Be $flawed.Url
        $flawed.Variables['repo'] | Should -Be (Join-Path $repoRoot 'samples/diffver')
        $flawed.Variables.ContainsKey('envFile') | Should -BeFalse
        # Manual items stay pending in the flawed run: nothing has been attested.
        Test-Path -LiteralPath $flawed.EvidencePath | Should -BeFalse

        $ready = Start-ReadinessSample -Ready -Variable @{ extra = 'x' }
        $ready.Variables['envFile'] | Should -Be (Join-Path $repoRoot 'samples/diffver/.env.ready')
        $ready.Variables['extra'] | Should -Be 'x'
        Get-Content -LiteralPath $ready.EvidencePath | Should -Not -BeNullOrEmpty
        $ready.Url | Should -Not -Be $flawed.Url
    }

    It 'finds the default checklist from the pwsh location, not the process folder' {
        $processFolder = [Environment]::CurrentDirectory
        try {
            [Environment]::CurrentDirectory = [IO.Path]::GetTempPath()
            Push-Location -LiteralPath (Join-Path $repoRoot 'docs/cmdlets')
            try { $sample = Start-ReadinessSample } finally { Pop-Location }
            $sample.ChecklistPath | Should -Be (Join-Path $repoRoot 'checklists/diffver.yaml')
        }
        finally { [Environment]::CurrentDirectory = $processFolder }
    }

    It 'takes the checklist relative to the pwsh location' {
        Push-Location -LiteralPath (Join-Path $repoRoot 'checklists')
        try { $sample = Start-ReadinessSample ./auth-service.yaml } finally { Pop-Location }
        $sample.ChecklistPath | Should -Be (Join-Path $repoRoot 'checklists/auth-service.yaml')
    }

    It 'stops with PathNotFound for a missing checklist and leaves nothing running' {
        { Start-ReadinessSample -Checklist (Join-Path $TestDrive 'missing.yaml') } | Should -Throw -ErrorId 'PathNotFound,*'
        @(Stop-ReadinessSample -All -PassThru).Count | Should -Be 0
    }

    It 'starts nothing with -WhatIf' {
        Start-ReadinessSample -WhatIf | Should -BeNullOrEmpty
        @(Stop-ReadinessSample -All -PassThru).Count | Should -Be 0
    }
}
