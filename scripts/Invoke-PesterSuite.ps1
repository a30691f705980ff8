#requires -Version 7.4
<#
.SYNOPSIS
    Runs tests/pester under one Pester version against the packaged module in out/Readiness.
.DESCRIPTION
    Imports exactly the Pester module file given (so 6.x and 5.x runs never mix), writes NUnit XML results to
    TestResults/pester-<version>.xml, prints "pester <version>: N passed, N failed, N skipped" and exits 1 when
    anything failed or nothing ran.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterModule,
    [string] $Path = (Join-Path $PSScriptRoot '../tests/pester'),
    [string[]] $FullName
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterModule -Force
$version = (Get-Module Pester).Version.ToString()
$resultsFolder = Join-Path $PSScriptRoot '../TestResults'
$null = New-Item -ItemType Directory -Force -Path $resultsFolder

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
if ($FullName) { $configuration.Filter.FullName = $FullName }
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = Join-Path $resultsFolder "pester-$version.xml"
$result = Invoke-Pester -Configuration $configuration

# Container failures (a BeforeAll that threw) count as failures: their tests never ran.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
Write-Host "pester ${version}: $($result.PassedCount) passed, $failed failed, $($result.SkippedCount) skipped"
if ($failed -gt 0 -or $result.PassedCount -eq 0) { exit 1 }
exit 0
