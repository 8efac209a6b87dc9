#!/usr/bin/env bash
# A large monitoring import end to end (issue 15), against the release build:
#   1. its speed alone, in both orders: the CSV ordered by month (then municipality) and
#      the same lines ordered by person, each imported into a fresh database by
#      `tilskud import monitoring` and by the HTTP upload (`PUT /api/v1/monitoring` to
#      `tilskud serve`, curl); on SQLite beside the baseline of the same rows in the same
#      order: a plain prepared-statement insert (rusqlite, one transaction, the same table
#      and pragmas; `cargo bench --bench monitoring -- --baseline FILE`);
#   2. logins and page loads while it runs: on `tilskud demo --national`, the file by
#      month imported once, then the same load for 20 s without an import, then the file
#      by person imported again (replacing every one of its rows) while wrk logs in
#      (`POST /api/v1/session`) on one connection and loads the national monitoring page
#      on two: counts, p99 and every answer that is not 200.
#
#   benches/import_load.sh [--rows N] [--db sqlite|postgres] [--no-build] [--log FILE]
#
#   --rows N     rows in the file (default 2,000,000)
#   --db         the database (default sqlite); postgres: a server at PG_URL (default
#                postgres://postgres@127.0.0.1:5432/postgres) whose user may create
#                databases; the script makes its own and drops them at the end
#   --no-build   use target/release/tilskud as it is (or TILSKUD_BIN)
#   --features F cargo features for the build and the baseline (postgres is added for
#                --db postgres)
#   --load-only  only part 2
#   --log FILE   keep the import's log under load, with the steps that held the
#                database longer than 40 ms (RUST_LOG ...monitoring::import=debug)
#
# Needs: bash, python3, curl, wrk (apt-get install -y wrk), psql for PostgreSQL. The rows
# come from benches/monitoring_rows.py (kept in target/load-bench/ for the next run).
# Prints a Markdown section for docs/benchmarks.md.

set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
NAME=import_load.sh
# shellcheck source=benches/lib.sh
. "$REPO/benches/lib.sh"
ROWS=2000000
DB=sqlite
BUILD=1
KEEP_LOG=""
FEATURE_LIST=""
LOAD_ONLY=""
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --db) DB="$2"; shift 2 ;;
    --no-build) BUILD=""; shift ;;
    --log) KEEP_LOG="$2"; shift 2 ;;
    --features) FEATURE_LIST="$2"; shift 2 ;;
    --load-only) LOAD_ONLY=1; shift ;;
    -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
case "$DB" in sqlite|postgres) ;; *) die "--db is sqlite or postgres, not $DB" ;; esac
command -v wrk >/dev/null || die "wrk is not installed (apt-get install -y wrk)"
if [ "$DB" = postgres ]; then
  command -v psql >/dev/null || die "psql is needed for PostgreSQL"
  psql "$PG_URL" -qAtc 'SELECT 1' >/dev/null || die "no PostgreSQL at $PG_URL (set PG_URL)"
  FEATURE_LIST="$FEATURE_LIST postgres"
fi
FEATURES=()
[ -n "${FEATURE_LIST// /}" ] && FEATURES=(--features "${FEATURE_LIST# }")
[ -n "$BUILD" ] && (cd "$REPO" && cargo build --release --quiet "${FEATURES[@]}")
BIN="${TILSKUD_BIN:-$REPO/target/release/tilskud}"
[ -x "$BIN" ] || die "no release build at $BIN"

work=$(mktemp -d)
server=""
pg_dbs=()
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  for d in "${pg_dbs[@]}"; do
    psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
port=$(free_port)
base="http://127.0.0.1:$port"
key="load-benchmark-pseudonym-key-0123456789"

# A fresh, empty database called $1 (its data folder is $work/$1): sets url.
new_db() {
  mkdir -p "$work/$1"
  if [ "$DB" = postgres ]; then
    local name="tilskud_import_load_$$_${1//-/_}"
    psql "$PG_URL" -qc "CREATE DATABASE $name" >/dev/null
    pg_dbs+=("$name")
    url="${PG_URL%/*}/$name"
  else
    url="sqlite://$work/$1/tilskud.db"
  fi
}
# The environment of `tilskud` on database URL $2, data folder $work/$1.
tilskud_env() {
  echo TILSKUD_DATA_DIR="$work/$1" TILSKUD_DATABASE_URL="$2" TILSKUD_PSEUDONYM_KEY="$key" \
    TILSKUD_LOG=warn TILSKUD_MAIL_WORKER=false TILSKUD_JOBS_WORKER=false
}

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

# Starts `tilskud $2...` on database $1's folder and URL (env DB_URL), waits until it
# answers, and logs in as USER/PASS through the API: sets server, cookie and csrf.
start() { # folder url banner command...
  local folder=$1 url=$2 banner=$3
  shift 3
  # shellcheck disable=SC2046
  (cd "$work" && exec env $(tilskud_env "$folder" "$url") TILSKUD_BIND="127.0.0.1:$port" \
    "$BIN" "$@") >"$work/$folder/server.log" 2>&1 &
  server=$!
  wait_started "$server" "$work/$folder/server.log" "$base" "$banner" 1200
}
stop() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
}

# The upload of file $1 with session "$cookie" "$csrf", confirmed if it has a sharp drop
# (a file cut inside a municipality's month): the seconds until the answer.
upload() {
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
  seconds_since "$start"
}

# `tilskud import monitoring $2` on database $1 (folder and URL): its seconds.
cli() { # folder url file [log]
  local start
  start=$(date +%s.%N)
  # shellcheck disable=SC2046
  (cd "$work" && env $(tilskud_env "$1" "$2") ${RUST_LOG:+RUST_LOG=$RUST_LOG} \
    "$BIN" import monitoring "$3") >/dev/null 2>"${4:-/dev/null}" \
    || die "tilskud import monitoring $3 failed"
  seconds_since "$start"
}

# 1. Alone, into fresh databases.
declare -A took
for order in month person; do
  [ -n "$LOAD_ONLY" ] && break
  file="$work/by-$order.csv"
  say "CLI import by $order into a fresh database"
  new_db "cli-$order"
  took[cli-$order]=$(cli "cli-$order" "$url" "$file")
  say "  ${took[cli-$order]} s"
  say "HTTP upload by $order into a fresh database"
  new_db "upload-$order"
  # shellcheck disable=SC2046
  env $(tilskud_env "upload-$order" "$url") TILSKUD_PASSWORD=bench-officer-password \
    "$BIN" users add --username bench --role officer --name Bench >/dev/null
  start "upload-$order" "$url" "" serve
  read -r cookie csrf <<<"$(api_login "$base" bench bench-officer-password)"
  took[upload-$order]=$(upload "$file")
  stop
  say "  ${took[upload-$order]} s"
  rm -rf "${work:?}/cli-$order" "${work:?}/upload-$order"
  if [ "$DB" = sqlite ]; then
    say "baseline: prepared insert of the same rows by $order"
    line=$(cd "$REPO" && cargo bench --quiet --bench monitoring "${FEATURES[@]}" -- --baseline "$file" \
      | grep '^baseline ') || die "the baseline failed"
    took[base-$order]=$(cut -d' ' -f2 <<<"$line")
    say "  ${took[base-$order]} s"
  fi
done

# 2. Under load, on the national demo.
new_db demo
say "starting the national demo"
start demo "$url" "demo is running" demo --national
read -r cookie csrf <<<"$(api_login "$base" officer demo-officer-2017)"
say "CLI import by month into the demo (replacing none of its months)"
took[demo-month]=$(cli demo "$url" "$work/by-month.csv")
say "  ${took[demo-month]} s"

login_json='{"username":"officer","password":"demo-officer-2017"}'
{ cat <<LUA
wrk.method = "POST"
wrk.body = '$login_json'
wrk.headers["Content-Type"] = "application/json"
LUA
  not200_lua; } >"$work/login.lua"
not200_lua >"$work/check.lua"

# The same load without an import first, so both sides of the comparison come from this
# run, this binary and this database.
say "the same load without an import (20 s)"
wrk -t1 -c1 -d20s --latency -s "$work/login.lua" "$base/api/v1/session" >"$work/wrk-login-idle" &
idle_login=$!
wrk -t1 -c2 -d20s --latency -s "$work/check.lua" -H "Cookie: $cookie" \
  "$base/monitoring" >"$work/wrk-page-idle"
wait "$idle_login"

# The load starts with the import and stops when it ends (wrk prints its figures when
# interrupted).
say "CLI import by person under load, replacing every row of the last"
log=/dev/null
[ -n "$KEEP_LOG" ] && log=$KEEP_LOG && export RUST_LOG=warn,tilskud::app::monitoring::import=debug
start_at=$(date +%s.%N)
cli demo "$url" "$work/by-person.csv" "$log" >"$work/under-load" &
import_pid=$!
wrk -t1 -c1 -d1h --latency -s "$work/login.lua" "$base/api/v1/session" >"$work/wrk-login" &
login_pid=$!
wrk -t1 -c2 -d1h --latency -s "$work/check.lua" -H "Cookie: $cookie" \
  "$base/monitoring" >"$work/wrk-page" &
page_pid=$!
wait "$import_pid" || die "the import under load failed"
under_load=$(seconds_since "$start_at")
kill -INT "$login_pid" "$page_pid"
wait "$login_pid" "$page_pid" || true
stop

read -r l_n l_p99 l_bad l_err < <(wrk_summary "$work/wrk-login")
read -r p_n p_p99 p_bad p_err < <(wrk_summary "$work/wrk-page")
read -r il_n il_p99 il_bad il_err < <(wrk_summary "$work/wrk-login-idle")
read -r ip_n ip_p99 ip_bad ip_err < <(wrk_summary "$work/wrk-page-idle")
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }

label=SQLite
[ "$DB" = postgres ] && label=PostgreSQL
echo "## Monitoring import end to end, $(date -u +%Y-%m-%d), $(nproc) cores, $label"
echo
echo "Commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown); release build;"
echo "$rows rows from benches/monitoring_rows.py; rerun: \`benches/import_load.sh --rows $ROWS --db $DB\`."
echo
if [ -n "$LOAD_ONLY" ]; then
  :
elif [ "$DB" = sqlite ]; then
  echo "Alone, each into a fresh database:"
  echo
  echo "| import | ordered by month | ordered by person |"
  echo "|---|---|---|"
  echo "| prepared insert of the same rows (baseline) | ${took[base-month]} s | ${took[base-person]} s |"
  echo "| \`tilskud import monitoring\` | ${took[cli-month]} s ($(ratio "${took[base-month]}" "${took[cli-month]}")×) | ${took[cli-person]} s ($(ratio "${took[base-person]}" "${took[cli-person]}")×) |"
  echo "| HTTP upload (PUT /api/v1/monitoring) | ${took[upload-month]} s ($(ratio "${took[base-month]}" "${took[upload-month]}")×) | ${took[upload-person]} s ($(ratio "${took[base-person]}" "${took[upload-person]}")×) |"
  echo
  echo "(×: the baseline's rate of rows per second is 1.00; the target is at least 0.80.)"
else
  echo "Alone, each into a fresh database:"
  echo
  echo "| import | ordered by month | ordered by person |"
  echo "|---|---|---|"
  echo "| \`tilskud import monitoring\` | ${took[cli-month]} s | ${took[cli-person]} s |"
  echo "| HTTP upload (PUT /api/v1/monitoring) | ${took[upload-month]} s | ${took[upload-person]} s |"
fi
echo
echo "On the national demo: the file by month alone ${took[demo-month]} s; then the file by person,"
echo "replacing all of its rows, under load (${under_load} s):"
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
