#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on a free loopback port, generates a dump of about ${ROWS_MB:-200} MB of rows,
# and runs the backup-restore benchmark (our restore+verify next to plain pg_restore, interleaved pairs). Cleans up on
# exit. Usage: benchmarks/backup-restore.sh [--quick]   (ROWS_MB=200 dump size, PAIRS=5)
[ "${1:-}" = --quick ] && { PAIRS=${PAIRS:-2}; ROWS_MB=${ROWS_MB:-20}; }
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/readiness-bench-pg.XXXXXX); chmod 755 "$work"; chown postgres "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export PGPASSWORD="bench-$RANDOM$RANDOM"
echo "$PGPASSWORD" > "$work/pw"; chown postgres "$work/pw"
cleanup() { runuser -u postgres -- "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
runuser -u postgres -- "$bin/initdb" -D "$work/data" -U bench --pwfile "$work/pw" -A scram-sha-256 --no-sync >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$work/data" -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work -c fsync=off" -l "$work/log" -w start >/dev/null
rows=$(( ${ROWS_MB:-200} * 1000000 / 110 ))
psql -q -h 127.0.0.1 -p "$port" -U bench -d postgres -c "create table events (id bigserial primary key, tenant int, payload text); insert into events (tenant, payload) select g % 97, md5(g::text) || md5((g*7)::text) from generate_series(1, $rows) g;"
pg_dump -h 127.0.0.1 -p "$port" -U bench -Fc -Z 0 -f "$work/bench.dump" postgres
dotnet run -c Release --project benchmarks/Readiness.Benchmarks -- backup-restore 127.0.0.1 "$port" bench "$work/bench.dump" "${PAIRS:-5}"
