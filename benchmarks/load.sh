#!/usr/bin/env bash
# Our closed-model load generator next to wrk (Debian package), same nginx endpoint, same connection count and
# duration, in one run. Prints both rates, both p95s and the ratio. Targets on a 2-core machine: >= 10,000 req/s
# and >= 0.8 of wrk's rate. Usage: benchmarks/load.sh [connections=64] [seconds=10] [nginx workers=1] [rounds=3] [inline]
# The two tools alternate for several rounds and the medians are compared, because a shared machine's load swings.
set -euo pipefail
CONNECTIONS=${1:-64}
SECONDS_=${2:-10}
WORKERS=${3:-1}
ROUNDS=${4:-3}
# 5th argument "inline": run ours with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 (socket continuations on the epoll thread).
INLINE=${5:-}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v nginx >/dev/null || { echo "nginx is not installed (apt-get install nginx)"; exit 2; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }

DIR=$(mktemp -d /tmp/readiness-load-bench.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
chmod 755 "$DIR"   # nginx workers run as nobody and must reach the root
mkdir -p "$DIR/html" "$DIR/logs"
echo '<html><body>ok</body></html>' > "$DIR/html/index.html"
cat > "$DIR/nginx.conf" <<CONF
daemon off;
worker_processes $WORKERS;
pid $DIR/nginx.pid;
error_log $DIR/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $DIR/body; proxy_temp_path $DIR/proxy; fastcgi_temp_path $DIR/fastcgi;
  uwsgi_temp_path $DIR/uwsgi; scgi_temp_path $DIR/scgi;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$PORT; root $DIR/html; }
}
CONF
nginx -p "$DIR" -c "$DIR/nginx.conf" -e "$DIR/logs/error.log" &
NGINX=$!
cleanup() { kill "$NGINX" 2>/dev/null || true; wait "$NGINX" 2>/dev/null || true; rm -rf "$DIR"; }
trap cleanup EXIT
for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.05; done
URL="http://127.0.0.1:$PORT/index.html"

dotnet build -c Release "$HERE/Readiness.Benchmarks" -v q -nologo >/dev/null
echo "${INLINE:+readiness with inline socket completions; }endpoint $URL, $CONNECTIONS connections, ${SECONDS_}s per run, $ROUNDS rounds (wrk then ours), nginx workers $WORKERS, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# wrk --latency prints 50/75/90/99 percentiles; p95 is not among them, so it is interpolated between 90 and 99
# on a log scale (stated as such below).
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
WRK_RATES=(); WRK_P95S=(); OUR_RATES=(); OUR_P95S=()
for round in $(seq 1 "$ROUNDS"); do
  WRK_OUT=$(/usr/bin/time -f '%U %S' -o "$DIR/wrk.cpu" wrk -t 2 -c "$CONNECTIONS" -d "${SECONDS_}s" --latency "$URL")
  if echo "$WRK_OUT" | grep -q 'Non-2xx'; then echo "$WRK_OUT"; echo "wrk saw error responses"; exit 1; fi
  WRK_RATE=$(echo "$WRK_OUT" | awk '/Requests\/sec/ {print $2}')
  WRK_P90=$(echo "$WRK_OUT" | awk '$1=="90%" {print $2}' | to_ms)
  WRK_P99=$(echo "$WRK_OUT" | awk '$1=="99%" {print $2}' | to_ms)
  WRK_P95=$(awk -v a="$WRK_P90" -v b="$WRK_P99" 'BEGIN { if (a<=0) a=0.001; printf "%.3f", exp(log(a)+(log(b)-log(a))*5/9) }')
  OURS=$(env ${INLINE:+DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1} /usr/bin/time -f '%U %S' -o "$DIR/ours.cpu" dotnet "$HERE/Readiness.Benchmarks/bin/Release/net10.0/Readiness.Benchmarks.dll" load "$URL" "$CONNECTIONS" "$SECONDS_" || true)
  # CPU microseconds per request (user + system) is steadier than the rate on a shared machine. Ours includes
  # process start, JIT and the 1 s warm-up, so it is an upper bound.
  WRK_REQS=$(echo "$WRK_OUT" | awk '/requests in/ {print $1}')
  OUR_REQS=$(echo "$OURS" | sed -E 's/.* requests=([0-9]+).*/\1/')
  WRK_CPU=$(awk -v r="$WRK_REQS" '{ printf "%.1f", ($1+$2)*1e6/r }' "$DIR/wrk.cpu")
  OUR_CPU=$(awk -v r="$OUR_REQS" '{ printf "%.1f", ($1+$2)*1e6/r }' "$DIR/ours.cpu")
  OUR_RATE=$(echo "$OURS" | sed -E 's/.* rate=([0-9]+).*/\1/')
  OUR_P95=$(echo "$OURS" | sed -E 's/.* p95=([0-9.]+)ms.*/\1/')
  printf 'round %d: wrk %8.0f req/s p95 %8s ms cpu %6s us/req | readiness %8.0f req/s p95 %8s ms cpu %6s us/req (%s)\n' \
    "$round" "$WRK_RATE" "$WRK_P95" "$WRK_CPU" "$OUR_RATE" "$OUR_P95" "$OUR_CPU" "$(echo "$OURS" | grep -o 'errors=[0-9]*')"
  WRK_RATES+=("$WRK_RATE"); WRK_P95S+=("$WRK_P95"); OUR_RATES+=("$OUR_RATE"); OUR_P95S+=("$OUR_P95")
done
WRK_RATE=$(printf '%s\n' "${WRK_RATES[@]}" | median); WRK_P95=$(printf '%s\n' "${WRK_P95S[@]}" | median)
OUR_RATE=$(printf '%s\n' "${OUR_RATES[@]}" | median); OUR_P95=$(printf '%s\n' "${OUR_P95S[@]}" | median)
RATIO=$(awk -v o="$OUR_RATE" -v w="$WRK_RATE" 'BEGIN { printf "%.2f", o/w }')
echo
echo "median of $ROUNDS rounds:"
printf '%-10s %12s %14s\n' tool "req/s" "p95 ms"
printf '%-10s %12.0f %14s\n' wrk "$WRK_RATE" "$WRK_P95 (interpolated p90..p99)"
printf '%-10s %12.0f %14s\n' readiness "$OUR_RATE" "$OUR_P95"
echo "ratio readiness/wrk: $RATIO (target >= 0.80); readiness rate target >= 10000 req/s"
