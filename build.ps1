#requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and packages the Readiness module.
.PARAMETER Task
    Build: compile the solution. Test: build, package, run xunit, then Pester.
    Package: lay out out/Readiness/ with scripts/package.sh (module root, Dependencies/, en-US help).
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
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
            # Same order as .ci/run: build, package (the contract tests read out/Readiness), xunit, then Pester.
            dotnet build ReadinessModule.sln -c $Configuration; if ($LASTEXITCODE) { throw "build failed" }
            bash scripts/package.sh $Configuration; if ($LASTEXITCODE) { throw "package failed" }
            dotnet test ReadinessModule.sln --no-build -c $Configuration; if ($LASTEXITCODE) { throw "tests failed" }
            Invoke-Pester -Path tests/pester -CI
        }
        'Package' {
            # The same layout as `bash scripts/package.sh`, which .ci/run uses where pwsh is absent.
            bash scripts/package.sh $Configuration; if ($LASTEXITCODE) { throw "package failed" }
        }
    }
}
finally { Pop-Location }
