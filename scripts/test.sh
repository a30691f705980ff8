#!/usr/bin/env bash
# The test command: builds, lays out out/Readiness and the packages in out/packages (scripts/publish.sh, which the
# install tests in tests/pester/Install.Tests.ps1 install from), runs the xunit suites, then the Pester suite under Pester 6.2.0
# and 5.9.1 in PowerShell 7.6.10, and ends with one line "N passed, N failed, N skipped" over all of them.
# Installs PowerShell and Pester itself (scripts/install-tools.sh); the servers the tests start (nginx, PostgreSQL,
# Redis, Prometheus, ...) come from Debian packages, which .ci/run installs.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
configuration=Release

bash scripts/install-tools.sh
dotnet restore ReadinessModule.sln
dotnet build ReadinessModule.sln --no-restore -c "$configuration"
bash scripts/publish.sh "$configuration"   # scripts/package.sh (out/Readiness), then out/packages

status=0
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

set +e
dotnet test ReadinessModule.sln --no-build -c "$configuration" 2>&1 | tee "$logs/xunit.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
for version in 6.2.0 5.9.1; do
  .tools/pwsh -NoProfile -NonInteractive -File scripts/Invoke-PesterSuite.ps1 \
    -PesterModule "$(bash scripts/pester-module-path.sh "$version")" 2>&1 | tee "$logs/pester-$version.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
set -e

count() { grep -Eo "$1: +[0-9]+" "$logs/xunit.log" | awk '{s+=$2} END {print s+0}'; }
xunit_passed=$(count Passed); xunit_failed=$(count Failed); xunit_skipped=$(count Skipped)
pester_line() { grep -Eo "^pester $1: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped" "$logs/pester-$1.log" | tail -1; }
passed=$xunit_passed; failed=$xunit_failed; skipped=$xunit_skipped
for version in 6.2.0 5.9.1; do
  line=$(pester_line "$version")
  if [ -z "$line" ]; then echo "test: Pester $version printed no summary"; status=1; failed=$((failed + 1)); continue; fi
  read -r p f s < <(echo "$line" | sed -E 's/^pester [^:]+: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\1 \2 \3/')
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done
echo "xunit: $xunit_passed passed, $xunit_failed failed, $xunit_skipped skipped"
for version in 6.2.0 5.9.1; do pester_line "$version" || true; done
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
