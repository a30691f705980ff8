# Shared by Install.Tests.ps1 and CiAction.Tests.ps1 (dot-sourced; not a test file itself).
# The packages a user installs and a user's fresh environment to install them into.

# The one version of everything: <Version> in Directory.Build.props (scripts/version.sh reads the same property).
function Get-ReadinessVersion {
    $props = [xml](Get-Content -Raw (Join-Path $PSScriptRoot '../../Directory.Build.props'))
    @($props.Project.PropertyGroup | ForEach-Object { $_.Version } | Where-Object { $_ })[0]
}

# out/packages when scripts/test.sh (scripts/publish.sh) made them for this version, else packages made from the
# laid-out out/Readiness into $Fallback, without re-laying out the module this session has loaded.
function Get-ReadinessPackageFolder([Parameter(Mandatory)] [string] $Fallback) {
    $version = Get-ReadinessVersion
    $packages = (Join-Path $PSScriptRoot '../../out/packages')
    if ((Test-Path (Join-Path $packages "Readiness.$version.nupkg")) -and (Test-Path (Join-Path $packages "Readiness.Cli.$version.nupkg"))) {
        return (Resolve-Path $packages).ProviderPath
    }
    bash (Join-Path $PSScriptRoot '../../scripts/publish.sh') Release --no-package --output $Fallback | Out-Host
    if ($LASTEXITCODE) { throw "scripts/publish.sh failed ($LASTEXITCODE)" }
    $Fallback
}

# Environment for Invoke-ChildPwsh -Environment: a user who never built the project. Own HOME (so module path,
# PSResource repository list, caches), no XDG folders, module path only pwsh's own modules (PSResourceGet among
# them), an empty NuGet package cache, no colours, and none of the CI variables of the machine running the tests.
# Linux and macOS: HOME moves all a user has there. Windows keeps PSResourceGet's repository list in the known
# LocalApplicationData folder, which no environment variable of a child process moves, so the tests skip there.
function New-FreshUserEnvironment([Parameter(Mandatory)] [string] $Sandbox) {
    $userHome = Join-Path $Sandbox 'home'
    $null = New-Item -ItemType Directory -Force -Path $userHome
    @{
        HOME = $userHome; USERPROFILE = $userHome; XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; XDG_CACHE_HOME = $null
        PSModulePath = (Join-Path $PSHOME 'Modules'); NUGET_PACKAGES = (Join-Path $Sandbox 'nuget-packages'); DOTNET_CLI_HOME = $userHome
        DOTNET_CLI_TELEMETRY_OPTOUT = '1'; DOTNET_NOLOGO = '1'; DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
        GITHUB_ACTIONS = $null; GITHUB_WORKSPACE = $null; GITHUB_STEP_SUMMARY = $null; GITHUB_OUTPUT = $null
        TF_BUILD = $null; BUILD_SOURCESDIRECTORY = $null; CI = $null
        # Plain text: the output lands in test messages and NUnit XML, where an escape character is invalid.
        NO_COLOR = '1'; TERM = 'dumb'
    }
}

# A temporary folder for one test file, the packages to install and a fresh user living in that folder.
function New-InstallSandbox([Parameter(Mandatory)] [string] $Name) {
    $sandbox = Join-Path ([System.IO.Path]::GetTempPath()) ("readiness-$Name-" + [guid]::NewGuid().ToString('N'))
    [pscustomobject]@{
        RepositoryRoot = (Resolve-Path "$PSScriptRoot/../..").ProviderPath
        Version = Get-ReadinessVersion
        Folder = $sandbox
        Packages = Get-ReadinessPackageFolder -Fallback (Join-Path $sandbox 'packages')
        FreshUser = New-FreshUserEnvironment -Sandbox $sandbox
    }
}
