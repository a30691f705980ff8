#!/usr/bin/env bash
# Prints the path of the readiness.dll the benchmarks run: the CLI as it ships, published ReadyToRun on linux-x64
# (build/ReadyToRun.targets) into out/cli. READINESS_CLI=/path/to/readiness.dll benchmarks another build instead
# (for example main's, to compare before and after on the same machine).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${READINESS_CLI:-}" ]; then echo "$READINESS_CLI"; exit 0; fi
r2r=()
[ "$(uname -sm)" = "Linux x86_64" ] && r2r=(-r linux-x64 --self-contained false -p:PublishReadyToRun=true)
dotnet publish "$ROOT/src/Readiness.Cli" -c Release "${r2r[@]}" -o "$ROOT/out/cli" -v q -nologo >/dev/null
echo "$ROOT/out/cli/readiness.dll"
