#!/usr/bin/env bash
# History scan of the secrets check, cold from the CLI, next to the floor: `git log -p --all` alone writing the same
# history to /dev/null (nothing can scan history faster than git writes it). Generated repositories of 500, 2,000 and
# 8,000 commits (SecretsBenchmark generate); per size, interleaved cold pairs through benchmarks/pairs.py for wall
# time, CPU time (process tree: ours includes the git it runs) and peak memory, plus lines/s over the same line count
# (the lines git log -p --all writes) for both sides. A warm in-process figure follows for 2,000 commits.
# Target: wall and CPU within 1.2x of git log at every size; memory flat in history size.
# Usage: benchmarks/secrets.sh [--quick] [--pairs N] [--sizes "500 2000 8000"]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PAIRS=5; SIZES="500 2000 8000"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) PAIRS=2; SIZES="500 2000" ;;
    --pairs) PAIRS=$2; shift ;;
    --sizes) SIZES=$2; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
dotnet build -c Release "$HERE/Readiness.Benchmarks" -v q -nologo >/dev/null
CLI=$(bash "$HERE/publish-cli.sh")   # the .NET build, ReadyToRun; see publish-cli.sh for the others
BUILD=$([ "${CLI%% *}" = dotnet ] && echo ".NET" || echo "native")
BENCH="$HERE/Readiness.Benchmarks/bin/Release/net10.0/Readiness.Benchmarks.dll"
WORK=$(mktemp -d /tmp/readiness-secrets-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

for n in $SIZES; do
  repo="$WORK/repo$n"
  read -r lines planted < <(dotnet "$BENCH" secrets generate "$repo" --commits "$n")
  echo "== $n commits: git log -p --all writes $lines lines; $planted planted secrets"
  ours="$CLI secrets $repo --history --no-working-tree --format json"
  peer="git -C $repo log -p --all"
  out=$(python3 "$HERE/pairs.py" --measure "secrets history scan $n commits, cold $BUILD CLI vs git log -p --all (wall s)" --pairs "$PAIRS" --ok-codes 0,1 --ours "$ours" --peer "$peer")
  echo "$out"
  # The pairs above also measured CPU and memory; one more interleaved set per metric keeps each row's pairs its own.
  python3 "$HERE/pairs.py" --measure "secrets history scan $n commits, $BUILD (CPU s)" --metric cpu --pairs "$PAIRS" --warmup 0 --ok-codes 0,1 --ours "$ours" --peer "$peer" | tail -2
  python3 "$HERE/pairs.py" --measure "secrets history scan $n commits, $BUILD (peak RSS MiB)" --metric rss --pairs 2 --warmup 0 --ok-codes 0,1 --ours "$ours" --peer "$peer" | tail -2
  echo "$out" | awk -F'\t' -v l="$lines" '/^ROW/ { printf "  lines/s over the same %d lines: ours %.0f, git log %.0f\n", l, l/$3, l/$4 }'
  if [ "$n" = 2000 ]; then dotnet "$BENCH" secrets warm "$repo" --pairs "$PAIRS"; fi
done
