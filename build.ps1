#requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and packages the Readiness module.
.PARAMETER Task
    Build: compile the solution. Test: scripts/test.sh (build, package, xunit, Pester 6.2.0 and 5.9.1).
    Package: lay out out/Readiness/ with scripts/package.sh (module root, Dependencies/, en-US help).
    Publish: Package, then write out/packages/ with scripts/publish.sh: Readiness.<version>.nupkg (the module, made by
    Publish-PSResource; Install-PSResource Readiness installs it) and Readiness.Cli.<version>.nupkg (the .NET tool).
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Publish')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Push-Location $PSScriptRoot
try {
    switch ($Task) {
        'Build' { dotnet build ReadinessModule.sln -c $Configuration; if ($LASTEXITCODE) { throw "build failed" } }
        'Test' {
            # The README's test command: xunit and Pester (6.2.0 and 5.9.1) with one closing count.
            bash scripts/test.sh; if ($LASTEXITCODE) { throw "tests failed" }
        }
        'Package' {
            # The same layout as `bash scripts/package.sh`, which .ci/run uses where pwsh is absent.
            bash scripts/package.sh $Configuration; if ($LASTEXITCODE) { throw "package failed" }
        }
        'Publish' {
            # Nothing leaves the machine: the packages land in out/packages/ for a feed (or a test) to take.
            bash scripts/publish.sh $Configuration; if ($LASTEXITCODE) { throw "publish failed" }
        }
    }
}
finally { Pop-Location }
