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
# A stack overflow or a hang kills the test host: the parsers after it never print, so say so rather than "0 failures".
if grep -qE 'Test Run Aborted|Test host process crashed' "$log"; then
  echo "fuzz: the test host crashed: $(grep -m1 -E 'Stack overflow|Reason:' "$log" | sed -E 's/^\s+//')"
  grep -m3 -E '^\s+at Readiness\.' "$log" | sed -E 's/^\s+/  /'
  exit 1
fi
failures=$(grep -E '^\s*fuzz [a-z-]+:' "$log" | sed -E 's/^\s+//' | sort -u | sed -E 's/.*failures ([0-9]+).*/\1/' | paste -sd+ | bc)
echo "fuzz: ${failures:-?} failures in total"
grep -E 'seed [0-9]+ index [0-9]+:' "$log" | sed -E 's/^\s+//; s/^\[xUnit[^]]*\] *//' | sort -u | head -40 || true
