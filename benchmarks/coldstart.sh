#!/usr/bin/env bash
# Cold starts: what a user waits for before any work. Interleaved pairs (benchmarks/pairs.py) of
#  - `readiness --version` next to `promtool --version` (a Go tool's start, for scale);
#  - 1,000 alert rules checked cold in pwsh (pwsh start + Import-Module + Test-ReadinessAlerts) next to
#    `promtool check rules` on the same file (target: at or below 1.5x), and pwsh's own start on the same scale;
#  - the first cmdlet call after Import-Module next to the second call of the same cmdlet in the same session
#    (Measure-Command inside pwsh; the difference is engine load and JIT; target: under 100 ms more).
# Lays out the module first (scripts/package.sh: out/Readiness, ReadyToRun on linux-x64), so a stale layout is never
# what gets measured; needs .tools/pwsh (scripts/install-tools.sh).
# Usage: benchmarks/coldstart.sh [--quick] [--pairs N]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PAIRS=5
while [ $# -gt 0 ]; do
  case "$1" in --quick) PAIRS=2 ;; --pairs) PAIRS=$2; shift ;; *) echo "unknown argument $1" >&2; exit 2 ;; esac
  shift
done
PWSH="$ROOT/.tools/pwsh"
[ -x "$PWSH" ] || PWSH=$(command -v pwsh)
if [ -n "${READINESS_MODULE:-}" ]; then MODULE=$READINESS_MODULE   # another layout, as it is
else bash "$ROOT/scripts/package.sh" >/dev/null; MODULE="$ROOT/out/Readiness/Readiness.psd1"; fi
[ -f "$MODULE" ] || { echo "$MODULE is missing" >&2; exit 2; }
command -v promtool >/dev/null || { echo "promtool is not installed (apt-get install prometheus)" >&2; exit 2; }
CLI=$(bash "$HERE/publish-cli.sh")   # the .NET build, ReadyToRun; see publish-cli.sh for the others
BUILD=$([ "${CLI%% *}" = dotnet ] && echo ".NET" || echo "native")
WORK=$(mktemp -d /tmp/readiness-coldstart.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK/rules.yml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("groups:\n")
    for g in range(50):
        f.write(f"  - name: group{g}\n    rules:\n")
        for r in range(20):
            n = g * 20 + r
            f.write(f"      - alert: HighErrorRate{n}\n"
                    f"        expr: sum(rate(http_requests_total{{job=\"api{n}\",code=~\"5..\"}}[5m])) / sum(rate(http_requests_total{{job=\"api{n}\"}}[5m])) > 0.05\n"
                    f"        for: 10m\n        labels:\n          severity: critical\n"
                    f"        annotations:\n          summary: Error rate above 5% on api{n}\n          runbook_url: https://runbooks.example.invalid/api{n}\n")
PY

python3 "$HERE/pairs.py" --measure "readiness --version ($BUILD) cold vs promtool --version (wall s)" --pairs "$PAIRS" \
  --ours "$CLI --version" --peer "promtool --version" | tail -2
ALERTS="Import-Module '$MODULE'; Test-ReadinessAlerts -Path '$WORK/rules.yml' | Out-Null"
python3 "$HERE/pairs.py" --measure "1,000 alert rules cold in pwsh vs promtool check rules (wall s)" --pairs "$PAIRS" --ok-codes 0,1 \
  --ours "$PWSH -NoProfile -NonInteractive -c \"$ALERTS\"" --peer "promtool check rules $WORK/rules.yml" | tail -2
python3 "$HERE/pairs.py" --measure "pwsh -c exit (no module) vs promtool check rules (wall s)" --pairs "$PAIRS" \
  --ours "$PWSH -NoProfile -NonInteractive -c exit" --peer "promtool check rules $WORK/rules.yml" | tail -2

# First call vs second call, measured inside one session per pair; sessions alternate nothing, so each pair is one session.
load_before=$(cut -d' ' -f1 /proc/loadavg)
for i in $(seq 1 "$PAIRS"); do
  "$PWSH" -NoProfile -NonInteractive -c "Import-Module '$MODULE'
    \$first = (Measure-Command { Test-ReadinessAlerts -Path '$WORK/rules.yml' | Out-Null }).TotalSeconds
    \$second = (Measure-Command { Test-ReadinessAlerts -Path '$WORK/rules.yml' | Out-Null }).TotalSeconds
    [Console]::WriteLine(('{0:0.000} {1:0.000}' -f \$first, \$second))"
done > "$WORK/first.txt"
load_after=$(cut -d' ' -f1 /proc/loadavg)
python3 - "$WORK/first.txt" "$load_before" "$load_after" <<'PY'
import statistics, sys
pairs = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
for i, (a, b) in enumerate(pairs, 1):
    print(f"  session {i}: first Test-ReadinessAlerts {a:.3f} s, second {b:.3f} s, engine start {1000 * (a - b):.0f} ms")
ratios = [a / b for a, b in pairs]
print(f"  first-call overhead (first - second): median {1000 * statistics.median(a - b for a, b in pairs):.0f} ms")
print("\t".join(["ROW", "first cmdlet call after Import-Module vs second call, 1,000 rules (wall s)",
                 f"{statistics.median(a for a, _ in pairs):.3f}", f"{statistics.median(b for _, b in pairs):.3f}",
                 f"{statistics.median(ratios):.2f}", f"{min(ratios):.2f}", f"{max(ratios):.2f}", "cold",
                 f"{max(float(sys.argv[2]), float(sys.argv[3])):.2f}"]))
PY
