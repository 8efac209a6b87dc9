#!/usr/bin/env bash
# Soak test (issue 15): N minutes of mixed reads and writes at 32 connections against the
# demo, on SQLite and on PostgreSQL, reporting the errors (must be 0), the latency
# percentiles, and the server's memory (VmRSS from /proc/PID/status) at the start, every
# minute, and at the end (it must stay flat). See docs/benchmarks.md.
#
#   benches/soak.sh [options]
#
#   -m, --minutes N      minutes of load per database (default 10; env MINUTES)
#   --db WHICH           sqlite, postgres or both (default both; env DBS)
#   -c, --connections N  concurrent connections (default 32)
#   --writes PERCENT     share of requests that write (default 10)
#   --no-build           use target/release/tilskud as it is (or the binary in
#                        TILSKUD_BIN)
#
# The mix, chosen at random per request: the officer's pool, allocation, applications,
# payout queue and ledger pages and the ledger API; the finance user's municipality page,
# own application and `GET /api/v1/me`; and, as the writes, the finance user's monthly
# monitoring upload through the API (a small file for Horsens, replacing the same month
# each time: a transaction that deletes, inserts, recounts and writes its audit entry).
# An error is any answer but 200, or a socket error or timeout.
#
# PostgreSQL: a server at PG_URL (default postgres://postgres@127.0.0.1:5432/postgres)
# whose user may create databases; the script creates its own and drops it at the end.
#
# Needs: bash, curl, python3, wrk (apt-get install -y wrk), psql for PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
NAME=soak.sh
# shellcheck source=benches/lib.sh
. "$REPO/benches/lib.sh"

MINUTES="${MINUTES:-10}"
DBS="${DBS:-both}"
CONNECTIONS=32
WRITES=10
BUILD=1
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

while [ $# -gt 0 ]; do
  case "$1" in
    -m|--minutes) MINUTES="$2"; shift 2 ;;
    --db) DBS="$2"; shift 2 ;;
    -c|--connections) CONNECTIONS="$2"; shift 2 ;;
    --writes) WRITES="$2"; shift 2 ;;
    --no-build) BUILD=""; shift ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
case "$DBS" in
  both) DBS="sqlite postgres" ;;
  sqlite|postgres) ;;
  *) die "--db is sqlite, postgres or both, not $DBS" ;;
esac

command -v wrk >/dev/null || die "wrk is not installed (apt-get install -y wrk)"
command -v curl >/dev/null || die "curl is not installed"
command -v python3 >/dev/null || die "python3 is not installed"
if [[ " $DBS " == *" postgres "* ]]; then
  command -v psql >/dev/null || die "psql is needed for PostgreSQL (apt-get install -y postgresql-client)"
  psql "$PG_URL" -qAtc 'SELECT 1' >/dev/null || die "no PostgreSQL at $PG_URL (set PG_URL)"
fi
if [ -n "$BUILD" ]; then
  if [[ " $DBS " == *" postgres "* ]]; then
    cargo build --release --quiet --features postgres
  else
    cargo build --release --quiet
  fi
fi
BIN="${TILSKUD_BIN:-$REPO/target/release/tilskud}"
[ -x "$BIN" ] || die "$BIN is missing (run without --no-build)"

work=$(mktemp -d)
server=""
sampler=""
pg_db=""
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ -n "$pg_db" ] && psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(free_port)
base="http://127.0.0.1:$port"

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
mib() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

start_server() {
  local log="$work/server.log"
  : >"$log"
  (cd "$work" && exec env TILSKUD_DATA_DIR="$data_dir" TILSKUD_DATABASE_URL="$db_url" \
    TILSKUD_BIND="127.0.0.1:$port" TILSKUD_LOG=warn "$BIN" demo) >"$log" 2>&1 &
  server=$!
  wait_started "$server" "$log" "$base" "demo is running" 600
}

login() { api_login "$base" "$1" "$2"; }

# The writes: a small monitoring file for Horsens (615), the same month each time.
csv_body() {
  printf 'cpr,municipality_code,month,group,job_broker,company_offer,ordinary_hours,outcome\\n'
  printf '010190-1234,615,2016-01,1,ja,ja,12,ingen\\n'
  printf '0202851234,615,2016-01,2,nej,nej,0,ingen\\n'
  printf '150285-4321,615,2016-01,1,ja,nej,0,job\\n'
}

write_lua() {
  local officer_cookie="$1" finance_cookie="$2" finance_csrf="$3"
  cat >"$work/soak.lua" <<LUA
local officer = { ["Cookie"] = "$officer_cookie" }
local finance = { ["Cookie"] = "$finance_cookie" }
local upload = {
  ["Cookie"] = "$finance_cookie",
  ["X-CSRF-Token"] = "$finance_csrf",
  ["Content-Type"] = "text/csv",
  ["Origin"] = "$base",
}
local csv = "$(csv_body)"
local reads = {
  { "GET", "/pools/1", officer },
  { "GET", "/pools/1/allocation", officer },
  { "GET", "/pools/1/applications", officer },
  { "GET", "/pools/1/payouts", officer },
  { "GET", "/pools/1/ledger", officer },
  { "GET", "/api/v1/pools/1/ledger", officer },
  { "GET", "/municipalities/615", finance },
  { "GET", "/pools/1/applications/615", finance },
  { "GET", "/api/v1/me", finance },
}
local writes_percent = $WRITES
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(os.time() + id * 7919)
  bad, writes, last_bad = 0, 0, ""
end
function request()
  if math.random(100) <= writes_percent then
    writes = writes + 1
    return wrk.format("PUT", "/api/v1/municipalities/615/monitoring", upload, csv)
  end
  local r = reads[math.random(#reads)]
  return wrk.format(r[1], r[2], r[3])
end
function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    last_bad = status .. " " .. string.sub(body or "", 1, 200)
  end
end
function done(summary, latency, requests)
  local b, w, why = 0, 0, ""
  for _, t in ipairs(threads) do
    b = b + t:get("bad")
    w = w + t:get("writes")
    if t:get("last_bad") ~= "" then why = t:get("last_bad") end
  end
  local e = summary.errors
  io.write(string.format("SOAK requests=%d writes=%d not200=%d socket=%d timeout=%d p50=%.1f p90=%.1f p99=%.1f max=%.1f\n",
    summary.requests, w, b, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  if why ~= "" then io.write("LASTBAD " .. why .. "\n") end
end
LUA
}

results="$work/results.md"
{
  echo "| database | minutes | requests | req/s | writes | errors | p50 ms | p90 ms | p99 ms | max ms | RSS start MiB | RSS end MiB | RSS each minute MiB | load avg (start → end) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
} >"$results"

for db in $DBS; do
  data_dir="$work/data-$db"
  mkdir -p "$data_dir"
  if [ "$db" = postgres ]; then
    pg_db="tilskud_soak_$$"
    psql "$PG_URL" -qc "CREATE DATABASE $pg_db" >/dev/null
    db_url="${PG_URL%/*}/$pg_db"
  else
    db_url="sqlite://$data_dir/tilskud.db"
  fi
  say "== $db: starting the demo"
  start_server
  read -r officer_cookie _ <<<"$(login officer demo-officer-2017)"
  read -r finance_cookie finance_csrf <<<"$(login horsens.finance demo-finance-2017)"
  write_lua "$officer_cookie" "$finance_cookie" "$finance_csrf"
  # The write must work before it is repeated for minutes.
  status=$(printf "$(csv_body)" | curl -s -o "$work/first" -w '%{http_code}' -X PUT \
    -H "Cookie: $finance_cookie" -H "X-CSRF-Token: $finance_csrf" -H "Origin: $base" \
    -H 'Content-Type: text/csv' --data-binary @- "$base/api/v1/municipalities/615/monitoring")
  [ "$status" = 200 ] || die "the monitoring upload answered $status: $(cat "$work/first")"
  say "== $db: warming up (30 s)"
  wrk -t2 -c"$CONNECTIONS" -d30s -s "$work/soak.lua" "$base" >/dev/null
  rss_start=$(rss_kb "$server")
  load_start=$(cut -d' ' -f1-3 /proc/loadavg)
  : >"$work/rss"
  ( while sleep 60; do echo "$(rss_kb "$server")" >>"$work/rss"; done ) &
  sampler=$!
  say "== $db: $MINUTES minutes at $CONNECTIONS connections, $WRITES % writes (RSS at start $(mib "$rss_start") MiB)"
  wrk -t2 -c"$CONNECTIONS" -d"$((MINUTES * 60))s" --timeout 10s -s "$work/soak.lua" "$base" >"$work/wrk.out"
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true; sampler=""
  rss_end=$(rss_kb "$server")
  load_end=$(cut -d' ' -f1-3 /proc/loadavg)
  cat "$work/wrk.out" >&2
  line=$(grep '^SOAK ' "$work/wrk.out") || die "wrk printed no summary"
  val() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$line"; }
  requests=$(val requests)
  errors=$(( $(val not200) + $(val socket) + $(val timeout) ))
  rps=$(awk -v n="$requests" -v m="$MINUTES" 'BEGIN { printf "%.0f", n / (m * 60) }')
  minutes=$(while read -r kb; do printf '%s ' "$(mib "$kb")"; done <"$work/rss")
  if [ "$errors" -gt 0 ]; then
    say "== $db: $errors errors; the server's last error lines:"
    grep -E 'ERROR|WARN' "$work/server.log" | tail -n 5 >&2 || true
  fi
  echo "| $db | $MINUTES | $requests | $rps | $(val writes) | $errors | $(val p50) | $(val p90) | $(val p99) | $(val max) | $(mib "$rss_start") | $(mib "$rss_end") | ${minutes% } | $load_start → $load_end |" >>"$results"
  kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; server=""
  if [ -n "$pg_db" ]; then
    psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1
    pg_db=""
  fi
done

echo
echo "Soak: $MINUTES min per database, $CONNECTIONS connections, $WRITES % writes, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
cat "$results"
