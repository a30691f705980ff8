#!/usr/bin/env bash
# The full security assessment (`readiness security`, the CLI form of Test-ReadinessSecurity) next to testssl.sh
# (Debian package) on the same local nginx endpoint: TLS 1.2+1.3, a test CA, HSTS and security headers, and a plain
# HTTP port that redirects. testssl.sh runs the closest equivalent of our assessment: protocols, server defaults
# (certificate) and headers. Prints both wall times and the ratio. Target: our assessment under 1 s on loopback.
# Usage: benchmarks/security.sh [warm runs for the in-process figure=5]   (SKIP_TESTSSL=1 to time ours only)
set -euo pipefail
RUNS=${1:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
command -v nginx >/dev/null || { echo "nginx is not installed (apt-get install nginx)"; exit 2; }
command -v openssl >/dev/null || { echo "openssl is not installed (apt-get install openssl)"; exit 2; }
TESTSSL=$(command -v testssl || command -v testssl.sh || true)
[ "${SKIP_TESTSSL:-}" = 1 ] && TESTSSL=""

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
dotnet build -c Release "$ROOT/src/Readiness.Cli" -v q -nologo >/dev/null
dotnet build -c Release "$HERE/Readiness.Benchmarks" -v q -nologo >/dev/null
CLI="$ROOT/src/Readiness.Cli/bin/Release/net8.0/readiness.dll"
echo "endpoint $URI (redirect from $HTTP_URI), $(nproc) cores"

now_ms() { date +%s%3N; }
START=$(now_ms)
set +e
dotnet "$CLI" security --uri "$URI" --http-uri "$HTTP_URI" --address 127.0.0.1 --ca-certificate "$DIR/ca.crt" --format json > "$DIR/ours.json"
CODE=$?
set -e
OURS_MS=$(( $(now_ms) - START ))
python3 - "$DIR/ours.json" <<'PY' | sed 's/^/  readiness| /'
import json, sys
report = json.load(open(sys.argv[1]))
results = report.get("results") or report.get("Results") or []
for r in results:
    get = lambda k: r.get(k) if k in r else r.get(k[0].upper() + k[1:])
    print(f'{str(get("status")):8} {get("id")}: {get("message")}')
PY
echo "  readiness| exit code $CODE"
INPROC=$(dotnet "$HERE/Readiness.Benchmarks/bin/Release/net10.0/Readiness.Benchmarks.dll" security "$URI" "$HTTP_URI" 127.0.0.1 "$DIR/ca.crt" "$RUNS")
echo "  $INPROC"

if [ -n "$TESTSSL" ]; then
  START=$(now_ms)
  "$TESTSSL" --protocols --server-defaults --headers --fast --quiet --warnings off --nodns min --jsonfile "$DIR/testssl.json" "127.0.0.1:$PORT" > /dev/null 2>&1 || true
  TESTSSL_MS=$(( $(now_ms) - START ))
  python3 - "$DIR/testssl.json" <<'PY' | sed 's/^/  testssl| /'
import json, sys
for f in json.load(open(sys.argv[1])):
    if f["id"] in ("TLS1", "TLS1_1", "TLS1_2", "TLS1_3", "cert_expirationStatus", "cert_trust", "HSTS", "X-Frame-Options", "X-Content-Type-Options"):
        print(f'{f["id"]:22} {f["finding"]}')
PY
else
  TESTSSL_MS=""
  echo "  testssl.sh is not installed; only our figures are shown."
fi

echo
printf '%-34s %10s\n' "run" "wall ms"
printf '%-34s %10s\n' "readiness security (CLI process)" "$OURS_MS"
printf '%-34s %10s\n' "readiness assessment (in-process)" "$(echo "$INPROC" | sed -E 's/.*warm_median=([0-9]+)ms.*/\1/') (warm median), $(echo "$INPROC" | sed -E 's/.*cold=([0-9]+)ms.*/\1/') cold"
if [ -n "$TESTSSL_MS" ]; then
  printf '%-34s %10s\n' "testssl.sh --protocols --server-defaults --headers --fast" "$TESTSSL_MS"
  awk -v o="$OURS_MS" -v t="$TESTSSL_MS" 'BEGIN { printf "ratio testssl/readiness (wall, CLI process): %.1fx\n", t/o }'
fi
