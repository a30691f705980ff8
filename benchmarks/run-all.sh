#!/usr/bin/env bash
# Runs every comparison benchmark and prints one Markdown table of their ROW lines (see benchmarks/pairs.py):
#   ROW<TAB>measure<TAB>ours-median<TAB>peer-median<TAB>ratio-median<TAB>ratio-min<TAB>ratio-max<TAB>mode<TAB>loadavg
# ratio = Readiness / peer of the named measure. A script that fails (or prints no ROW) gets a "failed" row and the
# others still run. Each script's full output goes to $OUT/<script>.log (default /tmp/readiness-benchmarks).
# Usage: benchmarks/run-all.sh [--quick] [script ...]   (--quick: fewer pairs and sizes, for smoke-testing)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
QUICK=()
SCRIPTS=()
for a in "$@"; do
  case "$a" in --quick) QUICK=(--quick) ;; *) SCRIPTS+=("$a") ;; esac
done
[ ${#SCRIPTS[@]} -eq 0 ] && SCRIPTS=(secrets security coldstart load backup-restore)
OUT=${OUT:-/tmp/readiness-benchmarks}
mkdir -p "$OUT"
ROWS="$OUT/rows.tsv"
: > "$ROWS"
for name in "${SCRIPTS[@]}"; do
  script="$HERE/$name.sh"
  log="$OUT/$name.log"
  echo "== $name (log: $log)" >&2
  if [ ! -x "$script" ] && [ ! -f "$script" ]; then
    printf 'ROW\t%s\t\t\tfailed\t\t\t\t%s\n' "$name: script not found" "$(cut -d' ' -f1 /proc/loadavg)" >> "$ROWS"
    continue
  fi
  bash "$script" "${QUICK[@]}" > "$log" 2>&1
  code=$?
  rows=$(grep -P '^ROW\t' "$log" || true)
  [ -n "$rows" ] && echo "$rows" >> "$ROWS"
  if [ $code -ne 0 ] || [ -z "$rows" ]; then
    printf 'ROW\t%s\t\t\tfailed\t\t\t\t%s\n' "$name.sh (exit code $code; see $log)" "$(cut -d' ' -f1 /proc/loadavg)" >> "$ROWS"
  fi
done

echo
echo "| measure | ratio median | min-max | mode | load avg |"
echo "| --- | --- | --- | --- | --- |"
awk -F'\t' '{
  if ($5 == "failed") printf "| %s | failed | | | %s |\n", $2, $9;
  else printf "| %s | %s | %s-%s | %s | %s |\n", $2, $5, $6, $7, $8, $9;
}' "$ROWS"
