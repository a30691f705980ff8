BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module "$PSScriptRoot/../../out/Readiness/Readiness.psd1" -Force
    $repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path

    function Test-Answers {
        param([Parameter(Mandatory)] [string] $Url)
        try { $null = Invoke-WebRequest -Uri "$Url/health" -SkipHttpErrorCheck -TimeoutSec 2; $true } catch { $false }
    }
}

AfterAll {
    Stop-ReadinessSample -All
}

Describe 'Stop-ReadinessSample' {
    BeforeEach { Push-Location -LiteralPath $repoRoot }
    AfterEach { Pop-Location; Stop-ReadinessSample -All }

    It 'stops a sample piped in: the port no longer answers and the temporary evidence file is gone' {
        $sample = Start-ReadinessSample -Ready
        Test-Answers $sample.Url | Should -BeTrue
        Test-Path -LiteralPath $sample.EvidencePath | Should -BeTrue
        $sample | Stop-ReadinessSample | Should -BeNullOrEmpty
        Test-Answers $sample.Url | Should -BeFalse
        Test-Path -LiteralPath $sample.EvidencePath | Should -BeFalse
        $sample.Running | Should -BeFalse
    }

    It 'returns the stopped sample with -PassThru' {
        $sample = Start-ReadinessSample
        $stopped = Stop-ReadinessSample -InputObject $sample -PassThru
        $stopped.Url | Should -Be $sample.Url
        $stopped.Running | Should -BeFalse
    }

    It 'is not an error to stop a sample twice' {
        $sample = Start-ReadinessSample
        $sample | Stop-ReadinessSample
        { $sample | Stop-ReadinessSample } | Should -Not -Throw
    }

    It 'stops only the samples given' {
        $one = Start-ReadinessSample
        $two = Start-ReadinessSample
        $one | Stop-ReadinessSample
        Test-Answers $one.Url | Should -BeFalse
        Test-Answers $two.Url | Should -BeTrue
    }

    It 'stops every running sample with -All' {
        $samples = @(Start-ReadinessSample; Start-ReadinessSample -Ready)
        @(Stop-ReadinessSample -All -PassThru).Count | Should -Be 2
        foreach ($s in $samples) { Test-Answers $s.Url | Should -BeFalse }
    }

    It 'leaves the sample running with -WhatIf' {
        $sample = Start-ReadinessSample
        $sample | Stop-ReadinessSample -WhatIf
        Test-Answers $sample.Url | Should -BeTrue
    }
}
