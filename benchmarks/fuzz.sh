#!/usr/bin/env bash
# The parser fuzz suite at benchmark size: 2,000 mutated inputs per parser (FUZZ_INPUTS), the fixed seed of the CI
# run unless FUZZ_SEED is given. Prints one line per parser: inputs, time, slowest input, verdicts and failures
# (an escaped exception, a hang past 30 s, or a message carrying .NET exception text). CI runs 40 per parser.
#
# Usage: benchmarks/fuzz.sh [inputs-per-parser]
set -euo pipefail
cd "$(dirname "$0")/.."
inputs="${1:-2000}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tests/Readiness.Core.Tests/Readiness.Core.Tests.csproj -c Release -v q -nologo >/dev/null
echo "fuzz: $inputs inputs per parser, seed ${FUZZ_SEED:-20261207}, load average $(cut -d' ' -f1-3 /proc/loadavg)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
FUZZ_INPUTS="$inputs" dotnet test tests/Readiness.Core.Tests/Readiness.Core.Tests.csproj -c Release --no-build \
  --filter "FullyQualifiedName~ParserFuzzTests" --logger "console;verbosity=detailed" >"$log" 2>&1 || true
grep -E '^\s*fuzz [a-z-]+:' "$log" | sed -E 's/^\s+//' | sort -u
failures=$(grep -E '^\s*fuzz [a-z-]+:' "$log" | sed -E 's/^\s+//' | sort -u | sed -E 's/.*failures ([0-9]+).*/\1/' | paste -sd+ | bc)
echo "fuzz: ${failures:-?} failures in total"
grep -E 'seed [0-9]+ index [0-9]+:' "$log" | sed -E 's/^\s+//; s/^\[xUnit[^]]*\] *//' | sort -u | head -40 || true
