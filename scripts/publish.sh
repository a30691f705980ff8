#!/usr/bin/env bash
# Writes the installable packages to out/packages/:
#
#   Readiness.<version>.nupkg       the module, made by PSResourceGet's own Publish-PSResource from out/Readiness
#                                   (scripts/package.sh), so `Install-PSResource Readiness` / `Install-Module Readiness`
#                                   install exactly what the PowerShell Gallery would serve
#   Readiness.Cli.<version>.nupkg   the CLI as a .NET tool (`dotnet tool install -g Readiness.Cli`, command `readiness`)
#
# <version> is <Version> in Directory.Build.props, the one version of everything (scripts/version.sh reads it).
# Nothing is pushed anywhere: Publish-PSResource writes to a file repository in a temporary folder, with a temporary
# HOME so the caller's registered repositories are neither read nor changed.
#
# Usage: scripts/publish.sh [Debug|Release]   (build.ps1 -Task Publish calls this; so does scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${1:-Release}"
out=out/packages
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
version=$(bash scripts/version.sh)

bash scripts/package.sh "$configuration"
if [ -x .tools/pwsh ]; then pwsh=.tools/pwsh
elif command -v pwsh >/dev/null; then pwsh=pwsh
else bash scripts/install-tools.sh; pwsh=.tools/pwsh
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
rm -rf "$out"
mkdir -p "$out" "$stage/home" "$stage/repository"

HOME="$stage/home" XDG_DATA_HOME="" XDG_CONFIG_HOME="" XDG_CACHE_HOME="" \
  READINESS_MODULE="$PWD/out/Readiness" READINESS_REPOSITORY="$stage/repository" \
  "$pwsh" -NoProfile -NonInteractive -Command '
    $ErrorActionPreference = "Stop"
    Register-PSResourceRepository -Name ReadinessBuild -Uri $env:READINESS_REPOSITORY -Trusted
    Publish-PSResource -Path $env:READINESS_MODULE -Repository ReadinessBuild'
cp "$stage/repository/Readiness.$version.nupkg" "$out/"

dotnet pack src/Readiness.Cli/Readiness.Cli.csproj -c "$configuration" -o "$out" -v quiet -nologo
test -f "$out/Readiness.Cli.$version.nupkg"

echo "publish: $out/Readiness.$version.nupkg, $out/Readiness.Cli.$version.nupkg"
