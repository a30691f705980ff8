#!/usr/bin/env bash
# Prints the command line of the `readiness` CLI the benchmarks run: by default the .NET build as it ships, published
# ReadyToRun on linux-x64 (build/ReadyToRun.targets) into out/cli and run as `dotnet out/cli/readiness.dll`.
#   READINESS_CLI_BUILD=native   the Native AOT executable of benchmarks/publish-native.sh instead
#   READINESS_CLI=PATH           another build: an executable, or a readiness.dll run with dotnet (for example main's,
#                                to compare before and after on the same machine)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${READINESS_CLI:-}" ]; then
  case "$READINESS_CLI" in *.dll) echo "dotnet $READINESS_CLI" ;; *) echo "$READINESS_CLI" ;; esac
  exit 0
fi
if [ "${READINESS_CLI_BUILD:-r2r}" = native ]; then
  bash "$ROOT/benchmarks/publish-native.sh"
  exit 0
fi
r2r=()
[ "$(uname -sm)" = "Linux x86_64" ] && r2r=(-r linux-x64 --self-contained false -p:PublishReadyToRun=true)
dotnet publish "$ROOT/src/Readiness.Cli" -c Release "${r2r[@]}" -o "$ROOT/out/cli" -v q -nologo >/dev/null
echo "dotnet $ROOT/out/cli/readiness.dll"
