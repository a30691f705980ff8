#!/usr/bin/env bash
# Installs the test tools into folders of the repository's own, whatever the machine has:
#   .tools/pwsh                              PowerShell 7.6.10 (the .NET tool)
#   <NuGet packages>/pester/<v>/tools/       Pester 6.2.0 and 5.9.1 module folders
# Prints nothing on success but one line per install. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ ! -x .tools/pwsh ]; then
  # The tool install runs outside the repository so the solution's props do not apply to it.
  (cd /tmp && dotnet tool install PowerShell --version 7.6.10 --tool-path "$OLDPWD/.tools" >/dev/null)
  echo "tools: installed PowerShell $(.tools/pwsh -NoProfile -Command '$PSVersionTable.PSVersion.ToString()') in .tools/"
fi
dotnet restore scripts/tools/PesterModules.csproj -v quiet >/dev/null
