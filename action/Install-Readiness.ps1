#requires -Version 7.4
<#
.SYNOPSIS
    The install step of action.yml: Install-PSResource Readiness, from the PowerShell Gallery unless told otherwise.
.PARAMETER Version
    The module version to install (exact, e.g. 0.1.0, or a NuGet range such as [0.1,1.0)); empty for the newest.
.PARAMETER Repository
    Where from: a registered PSResource repository name (PSGallery, or a private feed the workflow registered with
    credentials), a folder of .nupkg files (out/packages of ./build.ps1 -Task Publish) or a feed URL. A folder or URL
    is registered as the trusted repository ReadinessActionSource, since the workflow itself named it.
#>
[CmdletBinding()]
param(
    [string] $Version = '',
    [string] $Repository = 'PSGallery'
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
if (-not $Repository) { $Repository = 'PSGallery' }

$source = $Repository
if (-not (Get-PSResourceRepository -Name $Repository -ErrorAction Ignore)) {
    $uri = if (Test-Path -LiteralPath $Repository) { (Resolve-Path -LiteralPath $Repository).ProviderPath } else { $Repository }
    $source = 'ReadinessActionSource'
    if (Get-PSResourceRepository -Name $source -ErrorAction Ignore) { Set-PSResourceRepository -Name $source -Uri $uri -Trusted }
    else { Register-PSResourceRepository -Name $source -Uri $uri -Trusted }
}

$install = @{ Name = 'Readiness'; Repository = $source; TrustRepository = $true; Scope = 'CurrentUser'; Quiet = $true }
if ($Version) {
    $install.Version = $Version
    if ($Version.Contains('-')) { $install.Prerelease = $true }
}
Install-PSResource @install
$installed = Get-InstalledPSResource -Name Readiness -Scope CurrentUser | Sort-Object Version -Descending | Select-Object -First 1
Write-Host "Readiness $($installed.Version) installed from $Repository ($($installed.InstalledLocation))"
