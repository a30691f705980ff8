#!/usr/bin/env bash
# Lays out the PowerShell module in out/Readiness/, ready for `Import-Module ./out/Readiness/Readiness.psd1`:
#
#   Readiness.psd1, Readiness.format.ps1xml
#   Readiness.PowerShell.dll   cmdlets, module initializer, private load context      (default context)
#   Readiness.Model.dll        the objects users see: CheckResult, ReadinessReport, ... (default context)
#   Dependencies/              Readiness.Core.dll and every third-party assembly        (private context only)
#   en-US/                     MAML help: the compiled cmdlets' metadata merged with docs/cmdlets/*.md by
#                              build/Readiness.HelpBuilder (build tooling, never shipped), about_Readiness.help.txt
#   checklists/diffver.yaml,   what Start-ReadinessSample runs when the module is installed rather than run from a
#   samples/diffver/           clone (it looks beside the module too)
#   ci/Invoke-ReadinessAction.ps1   the GitHub Action's run step (action/), which templates/readiness.yml runs from
#                              the installed module, so an Azure DevOps pipeline needs no checkout of this repository
#
# ModuleVersion (and PSData.Prerelease) are stamped from <Version> in Directory.Build.props (scripts/version.sh), the
# one version of the assemblies, `readiness --version` and the report's toolVersion.
#
# Usage: scripts/package.sh [Debug|Release]   (build.ps1 -Task Package calls this; so does .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${1:-Release}"
out=out/Readiness
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# ReadyToRun on linux-x64 (build/ReadyToRun.targets): the first cmdlet call runs precompiled engine code instead of
# JIT-compiling it. Every image keeps its IL, so the module still loads on other systems. READINESS_R2R=0 skips it.
r2r=()
if [ "${READINESS_R2R:-1}" != 0 ] && [ "$(uname -sm)" = "Linux x86_64" ]; then
  r2r=(-r linux-x64 --self-contained false -p:PublishReadyToRun=true)
fi
dotnet publish src/Readiness.PowerShell/Readiness.PowerShell.csproj -c "$configuration" "${r2r[@]}" -o "$stage/module" -v quiet -nologo
dotnet build build/Readiness.HelpBuilder/Readiness.HelpBuilder.csproj -c "$configuration" -v quiet -nologo >/dev/null

rm -rf "$out"
mkdir -p "$out/Dependencies" "$out/en-US"
for file in "$stage/module"/*; do
  name=$(basename "$file")
  case "$name" in
    Readiness.PowerShell.dll|Readiness.PowerShell.pdb|Readiness.Model.dll|Readiness.Model.pdb) cp "$file" "$out/" ;;
    *.deps.json) ;;                                   # pwsh loads the module by path; the private context probes by name
    System.Management.Automation.dll) ;;              # pwsh's own; never shipped
    *) cp -R "$file" "$out/Dependencies/" ;;
  esac
done
cp module/Readiness.psd1 module/Readiness.format.ps1xml "$out/"
version=$(bash scripts/version.sh)              # 1.2.0 or 1.2.0-beta1: a manifest holds 1.2.0 and Prerelease beta1
prerelease=""; [[ "$version" == *-* ]] && prerelease="${version#*-}"
sed -i -E "s/^( *ModuleVersion *= *)'[^']*'/\\1'${version%%-*}'/; s/^( *Prerelease *= *)'[^']*'/\\1'$prerelease'/" "$out/Readiness.psd1"
mkdir -p "$out/checklists" "$out/samples"
cp checklists/diffver.yaml "$out/checklists/"
cp -R samples/diffver "$out/samples/"
mkdir -p "$out/ci" && cp action/Invoke-ReadinessAction.ps1 "$out/ci/"

# Imports the laid-out module to read each parameter as pwsh binds it; exits non-zero when docs lack a description.
dotnet run --project build/Readiness.HelpBuilder/Readiness.HelpBuilder.csproj -c "$configuration" --no-build -- \
  --module "$out" --docs docs --output "$out/en-US"

echo "package: $out $version ($(find "$out/Dependencies" -name '*.dll' | wc -l) dependency assemblies)"
