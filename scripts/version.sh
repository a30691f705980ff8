#!/usr/bin/env bash
# Prints the one version of everything: <Version> in Directory.Build.props. The assemblies get it from MSBuild (and
# with it `readiness --version` and the report's toolVersion); scripts/package.sh stamps it into the module manifest.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)
[ -n "$version" ] || { echo "version: no <Version> in Directory.Build.props" >&2; exit 1; }
echo "$version"
