#!/usr/bin/env bash
# History scan speed of the secrets check next to `git log -p --all | grep -E -c` on a generated 5,000-commit repository.
# Usage: benchmarks/secrets.sh [--commits N] [--lines L] [--runs R] [--keep] [--profile]
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project benchmarks/Readiness.Benchmarks -- secrets "$@"
