#!/usr/bin/env bash
# Prints the module folder of Pester <version> restored by scripts/install-tools.sh.
set -euo pipefail
packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
echo "${packages%/}/pester/$1/tools/Pester.psd1"
