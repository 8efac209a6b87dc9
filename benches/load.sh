#!/usr/bin/env bash
# Load benchmark: the release build on SQLite with the demo data, driven by wrk at 32
# connections. Measures, in the same run, a static asset and the logged-in approved
# allocation page (98 municipalities' worth of pool, 89 applicants). See docs/benchmarks.md.
#
#   benches/load.sh [seconds per run, default 15]
#
# Needs: curl, wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-15}"
CONNECTIONS=32
THREADS=2

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
cargo build --release --quiet

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
TILSKUD_DATA_DIR="$work" TILSKUD_BIND="127.0.0.1:$port" TILSKUD_LOG=warn \
  ./target/release/tilskud demo >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done

# Log in as the committee member (read-only role) and keep the session cookie.
curl -s -c "$work/cookies" -o /dev/null -d 'username=horsens.committee&password=demo-committee-2017' \
  "http://127.0.0.1:$port/login"
cookie=$(awk '$6 ~ /tilskud/ {print $6"="$7}' "$work/cookies")
[ -n "$cookie" ] || { echo "login failed" >&2; exit 1; }

page="/pools/1/allocation"
html=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port$page")
asset=$(grep -o '/static/app.css?v=[^"]*' <<<"$html" | head -1)
stylesheet=$(grep -o '/static/dkfds/css/[^"]*' <<<"$html" | head -1)
status=$(curl -s -o "$work/page.html" -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$port$page")
rows=$(grep -o "<tr" "$work/page.html" | wc -l)
echo "page $page: HTTP $status, $(wc -c <"$work/page.html") bytes, $rows table rows"
echo "asset $asset: $(curl -s "http://127.0.0.1:$port$asset" | wc -c) bytes"
echo "asset $stylesheet: $(curl -s "http://127.0.0.1:$port$stylesheet" | wc -c) bytes"

run() { # label, path, extra header
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency ${3:+-H "$3"} "http://127.0.0.1:$port$2")
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '%-8s %10s req/s   p99 %8s   non-2xx %s\n' "$1" "$rps" "$p99" "${non2xx:-0}" >&2
  echo "$rps"
}

echo "wrk: $THREADS threads, $CONNECTIONS connections, ${DURATION}s each"
small_rps=$(run app.css "$asset")
css_rps=$(run dkfds.css "$stylesheet")
page_rps=$(run page "$page" "Cookie: $cookie")
python3 - "$small_rps" "$css_rps" "$page_rps" <<'PY'
import sys
small, css, page = map(float, sys.argv[1:])
print(f"page / app.css (2.8 kB)            = {page/small:.2f}")
print(f"page / DKFDS stylesheet (215 kB)   = {page/css:.2f}   (target >= 0.50)")
PY
