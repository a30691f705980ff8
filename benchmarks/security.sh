#!/usr/bin/env bash
# The full security assessment (`readiness security`, the CLI form of Test-ReadinessSecurity) next to sslscan on the
# same local nginx endpoint: TLS 1.2+1.3, a test CA, HSTS and security headers, and a plain HTTP port that redirects.
# Interleaved cold pairs (benchmarks/pairs.py), wall and CPU; then the warm in-process figure.
# Target: `readiness security` cold at or below sslscan's wall time.
# Usage: benchmarks/security.sh [--quick] [--pairs N]   (RUN_TESTSSL=1 adds testssl.sh, which takes tens of seconds a run)
set -euo pipefail
PAIRS=5
while [ $# -gt 0 ]; do
  case "$1" in --quick) PAIRS=2 ;; --pairs) PAIRS=$2; shift ;; *) echo "unknown argument $1" >&2; exit 2 ;; esac
  shift
done
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
command -v nginx >/dev/null || { echo "nginx is not installed (apt-get install nginx)"; exit 2; }
command -v openssl >/dev/null || { echo "openssl is not installed (apt-get install openssl)"; exit 2; }
command -v sslscan >/dev/null || { echo "sslscan is not installed (apt-get install sslscan)"; exit 2; }
TESTSSL=""
[ "${RUN_TESTSSL:-}" = 1 ] && TESTSSL=$(command -v testssl || command -v testssl.sh || true)

DIR=$(mktemp -d /tmp/readiness-security-bench.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port); PORT2=$(free_port)
chmod 755 "$DIR"; mkdir -p "$DIR/logs"

# A test CA and a 90-day leaf for localhost, as an ACME CA would issue it.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$DIR/ca.key" -out "$DIR/ca.crt" -days 365 -subj "/CN=Readiness Bench CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$DIR/server.key" -out "$DIR/server.csr" -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$DIR/ext.cnf"
openssl x509 -req -in "$DIR/server.csr" -CA "$DIR/ca.crt" -CAkey "$DIR/ca.key" -CAcreateserial -days 90 -extfile "$DIR/ext.cnf" -out "$DIR/server.crt" 2>/dev/null

cat > "$DIR/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $DIR/body; proxy_temp_path $DIR/proxy; fastcgi_temp_path $DIR/fastcgi;
  uwsgi_temp_path $DIR/uwsgi; scgi_temp_path $DIR/scgi;
  server {
    listen 127.0.0.1:$PORT ssl;
    ssl_certificate $DIR/server.crt; ssl_certificate_key $DIR/server.key; ssl_protocols TLSv1.2 TLSv1.3;
    location / {
      add_header Content-Security-Policy "default-src 'self'; object-src 'none'; frame-ancestors 'none'" always;
      add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
      add_header X-Content-Type-Options nosniff always;
      add_header X-Frame-Options DENY always;
      add_header Referrer-Policy strict-origin-when-cross-origin always;
      add_header Permissions-Policy "geolocation=()" always;
      return 200 'ok';
    }
  }
  server { listen 127.0.0.1:$PORT2; location / { return 301 https://\$host:$PORT\$request_uri; } }
}
CONF
nginx -p "$DIR" -c "$DIR/nginx.conf" -e "$DIR/logs/error.log" &
NGINX=$!
cleanup() { kill "$NGINX" 2>/dev/null || true; wait "$NGINX" 2>/dev/null || true; rm -rf "$DIR"; }
trap cleanup EXIT
for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.05; done

URI="https://localhost:$PORT/"
HTTP_URI="http://localhost:$PORT2/"
dotnet build -c Release "$HERE/Readiness.Benchmarks" -v q -nologo >/dev/null
CLI=$(bash "$HERE/publish-cli.sh")   # the .NET build, ReadyToRun; see publish-cli.sh for the others
BUILD=$([ "${CLI%% *}" = dotnet ] && echo ".NET" || echo "native")
echo "endpoint $URI (redirect from $HTTP_URI), $(nproc) cores"

# What each side reports, once, so a reader sees both looked at the same endpoint.
set +e
$CLI security --uri "$URI" --http-uri "$HTTP_URI" --address 127.0.0.1 --ca-certificate "$DIR/ca.crt" --format json > "$DIR/ours.json"
CODE=$?
set -e
python3 - "$DIR/ours.json" <<'PY' | sed 's/^/  readiness| /'
import json, sys
report = json.load(open(sys.argv[1]))
results = report.get("results") or report.get("Results") or []
for r in results:
    get = lambda k: r.get(k) if k in r else r.get(k[0].upper() + k[1:])
    print(f'{str(get("status")):8} {get("id")}: {get("message")}')
PY
echo "  readiness| exit code $CODE"
sslscan --no-colour "127.0.0.1:$PORT" 2>&1 | grep -E "enabled|Subject|Issuer|Not valid" | sed 's/^/  sslscan| /'

# Cold: a new process per run on both sides. sslscan checks TLS only (protocols, ciphers, certificate); ours runs
# the whole assessment (TLS, certificate, headers, redirect), so the comparison is generous to sslscan.
OURS="$CLI security --uri $URI --http-uri $HTTP_URI --address 127.0.0.1 --ca-certificate $DIR/ca.crt --format json"
python3 "$HERE/pairs.py" --measure "readiness security ($BUILD) cold vs sslscan (wall s)" --pairs "$PAIRS" --ok-codes 0,1 \
  --ours "$OURS" --peer "sslscan --no-colour 127.0.0.1:$PORT"
python3 "$HERE/pairs.py" --measure "readiness security ($BUILD) cold vs sslscan (CPU s)" --metric cpu --pairs "$PAIRS" --warmup 0 --ok-codes 0,1 \
  --ours "$OURS" --peer "sslscan --no-colour 127.0.0.1:$PORT" | tail -2
python3 "$HERE/pairs.py" --measure "readiness security ($BUILD) cold vs readiness --version (wall s: start-up share)" --pairs "$PAIRS" --ok-codes 0,1 \
  --ours "$OURS" --peer "$CLI --version" | tail -2
if [ -n "$TESTSSL" ]; then
  python3 "$HERE/pairs.py" --measure "readiness security ($BUILD) cold vs testssl.sh (wall s)" --pairs "$PAIRS" --ok-codes 0,1 \
    --ours "$OURS" --peer "$TESTSSL --protocols --server-defaults --headers --fast --quiet --warnings off --nodns min 127.0.0.1:$PORT" | tail -2
fi
# Warm: the assessment repeated in one process after a first run (SecurityBenchmark), for the figure a session sees.
dotnet "$HERE/Readiness.Benchmarks/bin/Release/net10.0/Readiness.Benchmarks.dll" security "$URI" "$HTTP_URI" 127.0.0.1 "$DIR/ca.crt" "$PAIRS" | sed 's/^/  in-process: /'
