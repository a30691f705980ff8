#!/usr/bin/env bash
# Publishes the `readiness` CLI as one Native AOT executable, out/native/<rid>/readiness, and prints its path: the
# measurement of what a native build would give (benchmarks/README.md, "Native AOT"). It is not what ships: the
# publish takes about 4 minutes on 2 cores, and the Kubernetes manifest and OpenAPI readers still need YamlDotNet's
# reflection reader, which native code lacks. The CLI tests judge it with
#   READINESS_CLI=$(bash benchmarks/publish-native.sh) dotnet test tests/Readiness.Cli.Tests -c Release
# The native linker step needs the C toolchain (gcc or clang) and zlib.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
case "$(uname -sm)" in
  "Linux x86_64") rid=linux-x64 ;;
  "Linux aarch64") rid=linux-arm64 ;;
  *) echo "publish-native: no Native AOT build for $(uname -sm)" >&2; exit 2 ;;
esac
out="out/native/$rid"
dotnet publish src/Readiness.Cli/Readiness.Cli.csproj -c Release -r "$rid" -p:PublishAot=true -o "$out" -v quiet -nologo >&2
test -x "$out/readiness"
echo "$PWD/$out/readiness"
