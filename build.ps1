#requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and packages the Readiness module.
.PARAMETER Task
    Build: compile the solution. Test: run xunit (and Pester when available). Package: lay out out/Readiness.
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
            dotnet test ReadinessModule.sln -c $Configuration; if ($LASTEXITCODE) { throw "tests failed" }
            & $PSCommandPath -Task Package -Configuration $Configuration
            Invoke-Pester -Path tests/pester -CI
        }
        'Package' {
            # The same layout as `bash scripts/package.sh`, which .ci/run uses where pwsh is absent.
            bash scripts/package.sh $Configuration; if ($LASTEXITCODE) { throw "package failed" }
        }
    }
}
finally { Pop-Location }
