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
# Usage: scripts/publish.sh [Debug|Release] [--no-package] [--output DIR]
#   (build.ps1 -Task Publish calls it; so does scripts/test.sh). --no-package takes out/Readiness as it is laid out
#   (the install tests use it when out/packages is missing, without replacing the module they have loaded);
#   --output writes the packages elsewhere than out/packages.
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=Release; package=yes; out=out/packages
while [ $# -gt 0 ]; do
  case "$1" in
    Debug|Release) configuration="$1" ;;
    --no-package) package=no ;;
    --output) out="$2"; shift ;;
    *) echo "publish: unknown argument $1 (usage: scripts/publish.sh [Debug|Release] [--no-package] [--output DIR])" >&2; exit 2 ;;
  esac
  shift
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
version=$(bash scripts/version.sh)

[ "$package" = no ] || bash scripts/package.sh "$configuration"
if [ -x .tools/pwsh ]; then pwsh="$PWD/.tools/pwsh"
elif command -v pwsh >/dev/null; then pwsh=$(command -v pwsh)
else bash scripts/install-tools.sh; pwsh="$PWD/.tools/pwsh"
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
rm -f "$out"/Readiness.*.nupkg
mkdir -p "$out" "$stage/home" "$stage/repository"

# Run from the temporary folder: NuGet inside Publish-PSResource writes a NuGet/NuGet.Config into the current one.
module="$PWD/out/Readiness"
(cd "$stage" && env -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u XDG_CACHE_HOME HOME="$stage/home" \
  READINESS_MODULE="$module" READINESS_REPOSITORY="$stage/repository" \
  "$pwsh" -NoProfile -NonInteractive -Command '
    $ErrorActionPreference = "Stop"
    # Where HOME does not hold the repository list (Windows), the name is taken back afterwards.
    Unregister-PSResourceRepository -Name ReadinessBuild -ErrorAction Ignore
    Register-PSResourceRepository -Name ReadinessBuild -Uri $env:READINESS_REPOSITORY -Trusted
    try { Publish-PSResource -Path $env:READINESS_MODULE -Repository ReadinessBuild }
    finally { Unregister-PSResourceRepository -Name ReadinessBuild }')
cp "$stage/repository/Readiness.$version.nupkg" "$out/"

dotnet pack src/Readiness.Cli/Readiness.Cli.csproj -c "$configuration" -o "$out" -v quiet -nologo
test -f "$out/Readiness.Cli.$version.nupkg"

echo "publish: $out/Readiness.$version.nupkg, $out/Readiness.Cli.$version.nupkg"
