#!/usr/bin/env bash
# Logins and page loads while a large monitoring import runs (issue 15), end to end on
# SQLite, against the release build of `tilskud demo --national`:
#   1. the HTTP upload (`PUT /api/v1/monitoring`, curl) and `tilskud import monitoring`
#      of ROWS rows, each ordered by month and by person, timed without other load;
#   2. `tilskud import monitoring` of the file ordered by person again, while wrk logs in
#      (`POST /api/v1/session`) on one connection and loads the national monitoring page
#      on two: their p99 and every answer that is not 200.
#
#   benches/import_load.sh [--rows N] [--no-build]      # default 2,000,000 rows
#
# Needs: bash, python3, curl, wrk (apt-get install -y wrk). The rows come from
# benches/monitoring_rows.py (ordered by month, then municipality); the person order is
# the same lines sorted by CPR number. Prints a Markdown section for docs/benchmarks.md.

set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
ROWS=2000000
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --no-build) BUILD=""; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "import_load.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
die() { echo "import_load.sh: $*" >&2; exit 1; }
say() { echo "$*" >&2; }
command -v wrk >/dev/null || die "wrk is not installed (apt-get install -y wrk)"
[ -n "$BUILD" ] && (cd "$REPO" && cargo build --release --quiet)
BIN="${TILSKUD_BIN:-$REPO/target/release/tilskud}"
[ -x "$BIN" ] || die "no release build at $BIN"

work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
key="load-benchmark-pseudonym-key-0123456789"
data_dir="$work/data"
db_url="sqlite://$data_dir/tilskud.db"
env_all=(TILSKUD_DATA_DIR="$data_dir" TILSKUD_DATABASE_URL="$db_url" TILSKUD_PSEUDONYM_KEY="$key"
  TILSKUD_LOG=warn)

# Kept for the next run, where benches/load.sh keeps its files.
cache="$REPO/target/load-bench/monitoring-rows-0-$ROWS.csv"
if [ ! -s "$cache" ]; then
  say "generating $ROWS rows into $cache"
  mkdir -p "$(dirname "$cache")"
  python3 "$REPO/benches/monitoring_rows.py" "$ROWS" 0 >"$cache.tmp"
  mv "$cache.tmp" "$cache"
fi
cp "$cache" "$work/by-month.csv"
{ head -n 1 "$work/by-month.csv"; tail -n +2 "$work/by-month.csv" | LC_ALL=C sort -s -t, -k1,1; } \
  >"$work/by-person.csv"
rows=$(($(wc -l <"$work/by-month.csv") - 1))

(cd "$work" && exec env "${env_all[@]}" TILSKUD_BIND="127.0.0.1:$port" TILSKUD_MAIL_WORKER=false \
  TILSKUD_JOBS_WORKER=false "$BIN" demo --national) >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1200); do
  grep -q "demo is running" "$work/server.log" && curl -sf "$base/health" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; die "the server stopped"; }
  sleep 0.1
done

login_json='{"username":"officer","password":"demo-officer-2017"}'
session=$(curl -s -D "$work/headers" -H 'Content-Type: application/json' -d "$login_json" \
  "$base/api/v1/session")
csrf=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["csrf_token"])' "$session")
cookie=$(awk -F'[ ;]' 'tolower($1) == "set-cookie:" && $2 ~ /^tilskud=/ {print $2}' "$work/headers")
[ -n "$cookie" ] || die "login failed: $session"

# The upload, confirmed if it has a sharp drop (a file cut inside a municipality's month);
# the seconds of the import that stored it.
upload() { # file
  local url="$base/api/v1/monitoring" status start token
  start=$(date +%s.%N)
  status=$(curl -s -o "$work/answer.json" -w '%{http_code}' -X PUT -H "Cookie: $cookie" \
    -H "X-CSRF-Token: $csrf" -H 'Content-Type: text/csv' --data-binary @"$1" "$url")
  if [ "$status" = 409 ]; then
    token=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["confirm"])' "$work/answer.json")
    start=$(date +%s.%N)
    status=$(curl -s -o "$work/answer.json" -w '%{http_code}' -X PUT -H "Cookie: $cookie" \
      -H "X-CSRF-Token: $csrf" -H 'Content-Type: text/csv' --data-binary @"$1" "$url?confirm=$token")
  fi
  [ "$status" = 200 ] || { cat "$work/answer.json" >&2; die "upload: HTTP $status"; }
  python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)"
}

cli() { # file
  local start
  start=$(date +%s.%N)
  (cd "$work" && env "${env_all[@]}" "$BIN" import monitoring "$1") >/dev/null 2>&1 \
    || die "tilskud import monitoring $1 failed"
  python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)"
}

declare -A took
for order in month person; do
  say "HTTP upload, by $order"
  took[upload-$order]=$(upload "$work/by-$order.csv")
  say "  ${took[upload-$order]} s"
  say "CLI import, by $order"
  took[cli-$order]=$(cli "$work/by-$order.csv")
  say "  ${took[cli-$order]} s"
done

cat >"$work/login.lua" <<LUA
wrk.method = "POST"
wrk.body = '$login_json'
wrk.headers["Content-Type"] = "application/json"
LUA
cat >>"$work/login.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not200 = 0 end
function response(status, headers, body) if status ~= 200 then not200 = not200 + 1 end end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("not200") end
  io.write(string.format("NOT200 %d\n", n))
end
LUA
sed -n '/^local threads/,$p' "$work/login.lua" >"$work/check.lua"

# The same load without an import first, so both sides of the comparison come from
# this run, this binary and this database.
say "the same load without an import (20 s)"
wrk -t1 -c1 -d20s --latency -s "$work/login.lua" "$base/api/v1/session" >"$work/wrk-login-idle" &
idle_login=$!
wrk -t1 -c2 -d20s --latency -s "$work/check.lua" -H "Cookie: $cookie" \
  "$base/monitoring" >"$work/wrk-page-idle"
wait "$idle_login"

# The load lasts as long as the import took alone, and starts with it.
window=$(python3 -c "import math,sys; print(max(5, math.ceil(float(sys.argv[1]))))" "${took[cli-person]}")
say "CLI import by person under load (${window} s of wrk)"
start=$(date +%s.%N)
(cd "$work" && env "${env_all[@]}" "$BIN" import monitoring "$work/by-person.csv") >/dev/null 2>&1 &
import_pid=$!
wrk -t1 -c1 -d"${window}s" --latency -s "$work/login.lua" "$base/api/v1/session" >"$work/wrk-login" &
login_pid=$!
wrk -t1 -c2 -d"${window}s" --latency -s "$work/check.lua" -H "Cookie: $cookie" \
  "$base/monitoring" >"$work/wrk-page" &
page_pid=$!
wait "$import_pid" || die "the import under load failed"
under_load=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
wait "$login_pid" "$page_pid"

summary() { # wrk output -> "requests p99-ms not-200 socket-errors"
  awk '
    $1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
                  p99 = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v }
    / requests in / { n = $1 }
    $1 == "NOT200" { bad = $2 }
    /Socket errors/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
    END { printf "%d %.1f %d %d\n", n, p99, bad, errors }' "$1"
}
read -r l_n l_p99 l_bad l_err < <(summary "$work/wrk-login")
read -r p_n p_p99 p_bad p_err < <(summary "$work/wrk-page")
read -r il_n il_p99 il_bad il_err < <(summary "$work/wrk-login-idle")
read -r ip_n ip_p99 ip_bad ip_err < <(summary "$work/wrk-page-idle")

echo "## Monitoring import under load, $(date -u +%Y-%m-%d), $(nproc) cores, SQLite"
echo
echo "Commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown); release build;"
echo "$rows rows from benches/monitoring_rows.py into the demo's database (\`demo --national\`);"
echo "rerun: \`benches/import_load.sh --rows $ROWS\`."
echo
echo "| import, alone | ordered by month | ordered by person |"
echo "|---|---|---|"
echo "| HTTP upload (PUT /api/v1/monitoring) | ${took[upload-month]} s | ${took[upload-person]} s |"
echo "| \`tilskud import monitoring\` | ${took[cli-month]} s | ${took[cli-person]} s |"
echo
echo "During \`tilskud import monitoring\` of the file ordered by person (${under_load} s under load):"
echo
echo "| requests | count | p99 | not 200 | socket errors |"
echo "|---|---|---|---|---|"
echo "| login (POST /api/v1/session, 1 connection) | $l_n | $l_p99 ms | $l_bad | $l_err |"
echo "| page (GET /monitoring, 2 connections) | $p_n | $p_p99 ms | $p_bad | $p_err |"
echo
echo "The same load for 20 s without an import, just before:"
echo
echo "| requests | count | p99 | not 200 | socket errors |"
echo "|---|---|---|---|---|"
echo "| login (POST /api/v1/session, 1 connection) | $il_n | $il_p99 ms | $il_bad | $il_err |"
echo "| page (GET /monitoring, 2 connections) | $ip_n | $ip_p99 ms | $ip_bad | $ip_err |"
