#!/usr/bin/env bash
# Publishes the `readiness` CLI as one Native AOT executable: out/native/<rid>/readiness. No .NET runtime is needed to
# run it and nothing is JIT-compiled, so a cold command starts in tens of milliseconds instead of the 150-300 ms of
# `dotnet readiness.dll` (benchmarks/README.md). The ILCompiler package comes from NuGet like every other; the
# native linker step needs the C toolchain (gcc or clang) that Debian's build-essential provides.
# Usage: scripts/publish-native.sh [--output DIR]   (prints the executable's path)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
case "$(uname -sm)" in
  "Linux x86_64") rid=linux-x64 ;;
  "Linux aarch64") rid=linux-arm64 ;;
  *) echo "publish-native: no Native AOT build for $(uname -sm)" >&2; exit 2 ;;
esac
out="out/native/$rid"
[ "${1:-}" = --output ] && out="$2"
dotnet publish src/Readiness.Cli/Readiness.Cli.csproj -c Release -r "$rid" -p:PublishAot=true -o "$out" -v quiet -nologo >&2
test -x "$out/readiness"
echo "$PWD/$out/readiness"
