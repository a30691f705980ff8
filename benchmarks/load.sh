#!/usr/bin/env bash
# `readiness load` (the CLI, closed model) next to wrk on the same loopback nginx, measured the same way:
#   - interleaved pairs (ours, wrk, then wrk, ours, ...: the side that goes first alternates), at least 5 per level;
#   - the same work: one static page, the same connection count, 5 s, no warm-up on either side (each run is a fresh
#     process, so ours pays its start and JIT inside the figures, as a user's run does);
#   - wrk with --latency, so its p50/p90/p99 are its measured percentiles, set beside ours (HdrHistogram);
#   - CPU per request of each process tree (user + sys from wait4, divided by the requests it completed);
#   - the load average before and after.
# It prints every pair, then the median and min-max of the per-pair ratios (ours / wrk) and ROW lines in the format
# of benchmarks/pairs.py, which benchmarks/run-all.sh collects. For the rate a ratio above 1 means ours is faster; for
# CPU per request below 1 means ours is cheaper.
# Usage: benchmarks/load.sh [--quick] [--pairs N] [--seconds S] [--connections "16 64 256"] [--workers 1]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PAIRS=5
SECONDS_=5
LEVELS="16 64 256"
WORKERS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) PAIRS=2; LEVELS="64" ;;
    --pairs) PAIRS=$2; shift ;;
    --seconds) SECONDS_=$2; shift ;;
    --connections) LEVELS=$2; shift ;;
    --workers) WORKERS=$2; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
command -v nginx >/dev/null || { echo "nginx is not installed (apt-get install nginx)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }

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

dotnet build -c Release "$ROOT/src/Readiness.Cli" -v q -nologo >/dev/null
CLI=$(ls "$ROOT"/src/Readiness.Cli/bin/Release/net*/readiness.dll | head -1)
echo "endpoint $URL (nginx, $WORKERS worker), closed model, ${SECONDS_} s per run, no warm-up on either side, $PAIRS pairs per level, $(nproc) cores"

python3 - "$CLI" "$URL" "$SECONDS_" "$PAIRS" $LEVELS <<'PY'
import json, os, re, statistics, subprocess, sys, time

cli, url, seconds, pairs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
levels = [int(c) for c in sys.argv[5:]]

def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])

def run(argv):
    """Stdout and the CPU seconds (user + sys) of the process tree, from wait4."""
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = p.stdout.read().decode()
    _, status, usage = os.wait4(p.pid, 0)
    p.stdout.close()
    return os.waitstatus_to_exitcode(status), out, usage.ru_utime + usage.ru_stime

def ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]

def wrk(connections):
    code, out, cpu = run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", url])
    if code != 0 or "Non-2xx" in out or "Socket errors" in out:
        sys.exit(f"wrk failed or saw errors:\n{out}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    pct = {m.group(1): ms(m.group(2)) for m in re.finditer(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M)}
    return {"rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "requests": requests,
            "cpu_us": cpu * 1e6 / requests, "p50": pct["50"], "p90": pct["90"], "p99": pct["99"], "errors": 0}

def ours(connections):
    code, out, cpu = run(["dotnet", cli, "load", url, "-c", str(connections), "--duration", f"{seconds}s", "--format", "json", "--yes"])
    s = json.loads(out)["summary"]
    if code != 0 or s["Errors"] != 0:
        sys.exit(f"readiness load failed (exit code {code}) or saw errors:\n{out[-2000:]}")
    requests = s["Requests"]
    return {"rate": s["RequestsPerSecond"], "requests": requests, "cpu_us": cpu * 1e6 / requests,
            "p50": s["P50Ms"], "p90": s["P90Ms"], "p99": s["P99Ms"], "errors": s["Errors"]}

rows = []
for c in levels:
    before = loadavg()
    o_runs, w_runs = [], []
    print(f"\n{c} connections:")
    for i in range(pairs):
        if i % 2 == 0:
            o = ours(c); w = wrk(c)
        else:
            w = wrk(c); o = ours(c)
        o_runs.append(o); w_runs.append(w)
        print(f"  pair {i + 1} ({'ours first' if i % 2 == 0 else 'wrk first'}): "
              f"readiness {o['rate']:8.0f} req/s cpu {o['cpu_us']:5.1f} us/req p50 {o['p50']:.3f} p90 {o['p90']:.3f} p99 {o['p99']:.3f} ms | "
              f"wrk {w['rate']:8.0f} req/s cpu {w['cpu_us']:5.1f} us/req p50 {w['p50']:.3f} p90 {w['p90']:.3f} p99 {w['p99']:.3f} ms | "
              f"rate ratio {o['rate'] / w['rate']:.3f}")
    after = loadavg()
    for key, label in (("rate", "req/s"), ("cpu_us", "CPU us/request")):
        ratios = [o[key] / w[key] for o, w in zip(o_runs, w_runs)]
        om = statistics.median(o[key] for o in o_runs)
        wm = statistics.median(w[key] for w in w_runs)
        print(f"  {label}: readiness median {om:.1f}, wrk median {wm:.1f}; ratio median {statistics.median(ratios):.3f} "
              f"(min {min(ratios):.3f}, max {max(ratios):.3f}); load average {before:.2f} -> {after:.2f}")
        rows.append(["ROW", f"readiness load vs wrk, closed, {c} connections, {seconds} s ({label})", f"{om:.1f}", f"{wm:.1f}",
                     f"{statistics.median(ratios):.2f}", f"{min(ratios):.2f}", f"{max(ratios):.2f}", "cold", f"{max(before, after):.2f}"])
    for key in ("p50", "p99"):
        print(f"  {key} ms: readiness median {statistics.median(o[key] for o in o_runs):.3f}, wrk median {statistics.median(w[key] for w in w_runs):.3f} (both measured)")
print()
for r in rows:
    print("\t".join(r))
PY
