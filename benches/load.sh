#!/usr/bin/env bash
# Load benchmark (issues 11 and 13): the main page of each role, the officer's payout
# queue and pool ledger (page, what-if, API), on SQLite and PostgreSQL, with the
# national demo (every applicant with its commitment and accounts) and with 2,000,000
# extra monitoring rows, each page beside a static file of the same size served by the
# same server in the same run; then the downloads, and the latency of one uncached
# request (the first after a data change) to the queue and the ledger. Each table
# notes the load average when it started. See docs/benchmarks.md.
#
#   benches/load.sh [options]
#
#   -d, --duration S     seconds per wrk run (default 15; env DURATION)
#   --db WHICH           sqlite, postgres or both (default both; env DBS)
#   --rows "N ..."       extra monitoring rows, each size in turn, ascending
#                        (default "0 2000000"; env EXTRA_ROWS)
#   --downloads N        requests per download for its median and max (default 20)
#   --single N           data changes, each followed by one request to each queue and
#                        ledger page, for the uncached latency (default 10; 0: none)
#   --sizing             instead of the tables: pool size x workers on two pages
#                        (env SIZING_POOLS, default "2 4 8 16 32"; SIZING_WORKERS,
#                        default "1 2 4"; SIZING_REPEAT runs each, default 1, the
#                        median shown), at the largest --rows size
#   --only REGEX         only the pages, downloads and single requests whose path
#                        matches (grep -E), e.g. --only accounts, --only 'payouts|ledger'
#   --no-build           use target/release/tilskud as it is
#
# PostgreSQL: a build with `--features postgres` (the script builds it) and a server at
# PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) whose user may create
# databases; the script creates its own database and drops it at the end. TILSKUD_WORKERS
# and TILSKUD_DB_POOL_SIZE, if set, are passed to the server.
#
# Needs: bash, python3, curl, wrk (apt-get install -y wrk), psql for PostgreSQL
# (apt-get install -y postgresql-client).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

DURATION="${DURATION:-15}"
DBS="${DBS:-both}"
EXTRA_ROWS="${EXTRA_ROWS:-0 2000000}"
DOWNLOADS="${DOWNLOADS:-20}"
SINGLE="${SINGLE:-10}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
SIZING_POOLS="${SIZING_POOLS:-2 4 8 16 32}"
SIZING_WORKERS="${SIZING_WORKERS:-1 2 4}"
SIZING_REPEAT="${SIZING_REPEAT:-1}"
SIZING=""
ONLY=""
BUILD=1
THREADS=2
CONNECTIONS=32
DEMO_ROWS=626800

NAME=load.sh
# shellcheck source=benches/lib.sh
. "$REPO/benches/lib.sh"

while [ $# -gt 0 ]; do
  case "$1" in
    -d|--duration) DURATION="$2"; shift 2 ;;
    --db) DBS="$2"; shift 2 ;;
    --rows) EXTRA_ROWS="$2"; shift 2 ;;
    --downloads) DOWNLOADS="$2"; shift 2 ;;
    --single) SINGLE="$2"; shift 2 ;;
    --sizing) SIZING=1; shift ;;
    --no-build) BUILD=""; shift ;;
    --only) ONLY="$2"; shift 2 ;;
    -h|--help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
case "$DBS" in
  both) DBS="sqlite postgres" ;;
  sqlite|postgres) ;;
  *) die "--db is sqlite, postgres or both, not $DBS" ;;
esac
EXTRA_ROWS=$(tr ' ' '\n' <<<"$EXTRA_ROWS" | grep . | sort -n | uniq | tr '\n' ' ')

command -v wrk >/dev/null || die "wrk is not installed (apt-get install -y wrk)"
command -v curl >/dev/null || die "curl is not installed (apt-get install -y curl)"
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
BIN="$REPO/target/release/tilskud"
[ -x "$BIN" ] || die "$BIN is missing (run without --no-build)"

# What each role opens first, and the downloads (role path).
PAGES=(
  "officer /pools/1"
  "officer /pools/1/allocation"
  "officer /pools/1/applications"
  "officer /monitoring"
  "finance /municipalities/615"
  "finance /pools/1/applications/615"
  "finance /municipalities/615/monitoring"
  "committee /municipalities/615"
  "officer /accounts"
  "officer /pools/1/accounts/615/interim/review"
  "finance /pools/1/accounts/615/final"
  "officer /pools/1/payouts"
  "officer /pools/1/ledger"
  "officer /pools/1/ledger?code=615&rate=3&month=2027-03"
  "officer /api/v1/pools/1/ledger"
)
# Read from the whole pool (issue 13): also timed one request at a time, uncached.
SINGLE_PATHS=(
  "officer /pools/1/payouts"
  "officer /pools/1/ledger"
  "officer /pools/1/ledger?code=615&rate=3&month=2027-03"
  "officer /api/v1/pools/1/ledger"
  "officer /api/v1/pools/1/payouts"
)
DOWNLOAD_PATHS=(
  "officer /monitoring/kpis.csv"
  "officer /monitoring/kpis.xlsx"
  "finance /municipalities/615/monitoring/kpis.csv"
  "finance /municipalities/615/monitoring/kpis.xlsx"
  "officer /pools/1/allocation.csv"
  "officer /pools/1/allocation.xlsx"
  "officer /accounts.csv"
  "officer /accounts.xlsx"
)
SIZING_PAGES=(
  "officer /pools/1/allocation"
  "finance /municipalities/615"
)
if [ -n "$ONLY" ]; then
  keep() { local e; for e in "$@"; do grep -qE -- "$ONLY" <<<"${e#* }" && printf '%s\n' "$e"; done; true; }
  mapfile -t PAGES < <(keep "${PAGES[@]}")
  mapfile -t DOWNLOAD_PATHS < <(keep "${DOWNLOAD_PATHS[@]}")
  mapfile -t SINGLE_PATHS < <(keep "${SINGLE_PATHS[@]}")
  [ ${#PAGES[@]} -gt 0 ] || [ ${#DOWNLOAD_PATHS[@]} -gt 0 ] || [ ${#SINGLE_PATHS[@]} -gt 0 ] \
    || die "--only $ONLY matches no page, download or single request"
fi
declare -A USERNAME=([officer]=officer [finance]=horsens.finance [committee]=horsens.committee)
declare -A PASSWORD=([officer]=demo-officer-2017 [finance]=demo-finance-2017 [committee]=demo-committee-2017)
declare -A COOKIE=()

work=$(mktemp -d)
rows_cache="$REPO/target/load-bench"
mkdir -p "$rows_cache"
server=""
pg_db=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ -n "$pg_db" ] && psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(free_port)
base="http://127.0.0.1:$port"
key="load-benchmark-pseudonym-key-0123456789"
public="$work/public"
results="$work/results.md"
: >"$results"

# wrk counts only 4xx/5xx as errors; a 303 to the login page would pass as a success.
# This counts every answer that is not 200 and prints the sum.
not200_lua >"$work/check.lua"

# The server with the demo data, on database $db_url, reading $public at start.
start_server() {
  local log="$work/server.log"
  : >"$log"
  (cd "$work" && exec env TILSKUD_DATA_DIR="$data_dir" TILSKUD_DATABASE_URL="$db_url" \
    TILSKUD_BIND="127.0.0.1:$port" TILSKUD_LOG=warn TILSKUD_PSEUDONYM_KEY="$key" \
    TILSKUD_PUBLIC_DIR="$public" TILSKUD_MAIL_WORKER=false TILSKUD_JOBS_WORKER=false "$@" "$BIN" demo --national) >"$log" 2>&1 &
  server=$!
  # The banner comes after the demo data is loaded (the first time, with its monitoring rows).
  for _ in $(seq 1200); do
    if grep -q "demo is running" "$log" && curl -sf "$base/health" >/dev/null; then return 0; fi
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; die "the server stopped"; }
    sleep 0.1
  done
  cat "$log" >&2
  die "the server did not start within 120 s"
}

stop_server() {
  [ -n "$server" ] || return 0
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
}

login() { # role
  local role=$1 jar="$work/jar-$1" status value
  rm -f "$jar"
  status=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" \
    --data-urlencode "username=${USERNAME[$role]}" --data-urlencode "password=${PASSWORD[$role]}" \
    "$base/login")
  value=$(awk '$6 == "tilskud" {print $7}' "$jar")
  [ -n "$value" ] || die "login as ${USERNAME[$role]} failed (HTTP $status)"
  COOKIE[$role]="tilskud=$value"
}

# Fetches path as role into file; fails unless 200. Prints the size in bytes.
fetch() { # role path file
  local status
  status=$(curl -s -o "$3" -w '%{http_code}' ${1:+-H "Cookie: ${COOKIE[$1]}"} "$base$2")
  [ "$status" = 200 ] || die "GET $2 as ${1:-anonymous}: HTTP $status, not 200"
  wc -c <"$3" | tr -d ' '
}

static_name() { # role path -> the name of its equal-size file
  echo "$1$(tr -c 'A-Za-z0-9.\n' '-' <<<"$2").html"
}

load_average() { # -> "1.93 / 2.10 / 2.25" (1, 5 and 15 minutes)
  awk '{ printf "%s / %s / %s", $1, $2, $3 }' /proc/loadavg 2>/dev/null || echo unknown
}

# A slow page leaves requests in flight when wrk stops; the next run starts when they
# are done (the health check answers within 5 ms), so it does not pay for them.
settle() {
  local _
  for _ in $(seq 200); do
    python3 -c 'import sys; sys.exit(float(sys.argv[1]) >= 0.005)' \
      "$(curl -s -o /dev/null -w '%{time_total}' "$base/health")" && return 0
    sleep 0.05
  done
}

# Runs wrk; prints "req/s p99-in-ms socket-errors", and fails on any answer but 200.
run_wrk() { # url [cookie]
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$work/check.lua" \
    ${2:+-H "Cookie: $2"} "$1")
  local not200
  not200=$(awk '$1 == "NOT200" {print $2}' <<<"$out")
  if [ "${not200:-x}" != 0 ]; then
    echo "$out" >&2
    die "$1: ${not200:-?} answers were not 200 OK"
  fi
  settle
  awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
                  p99 = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v }
    /Socket errors/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
    END { printf "%s %.3f %d\n", rps, p99, errors }' <<<"$out"
}

# Every page fetched once: its size, and a file of that size in the public folder.
write_static_files() {
  rm -rf "$public"
  mkdir -p "$public"
  local entry role path bytes
  for entry in "${PAGES[@]}"; do
    read -r role path <<<"$entry"
    bytes=$(fetch "$role" "$path" "$work/page.html")
    python3 - "$bytes" "$public/$(static_name "$role" "$path")" <<'PY'
import sys
size, path = int(sys.argv[1]), sys.argv[2]
head = b"<!doctype html>\n<html lang=\"da\"><title>Equal-size static file</title>\n<p>"
body = (head + b"x" * size)[: size - 1] + b"\n"
open(path, "wb").write(body)
PY
  done
}

bench_pages() { # label
  local entry role path bytes static sbytes result page_rps page_p99 page_err st_rps st_p99 st_err
  [ ${#PAGES[@]} -gt 0 ] || return 0
  {
    echo
    echo "### $1"
    echo
    echo "Load average (1 / 5 / 15 min) at the start: $(load_average)."
    echo
    echo "| role | page | bytes | page req/s | page p99 ms | static req/s | static p99 ms | ratio |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|"
  } >>"$results"
  for entry in "${PAGES[@]}"; do
    read -r role path <<<"$entry"
    bytes=$(fetch "$role" "$path" "$work/page.html")
    static="/public/$(static_name "$role" "$path")"
    sbytes=$(fetch "" "$static" "$work/static.html")
    say "  $role $path ($bytes bytes; static $sbytes bytes)"
    result=$(run_wrk "$base$path" "${COOKIE[$role]}")
    read -r page_rps page_p99 page_err <<<"$result"
    result=$(run_wrk "$base$static")
    read -r st_rps st_p99 st_err <<<"$result"
    python3 - "$role" "$path" "$bytes" "$page_rps" "$page_p99" "$st_rps" "$st_p99" \
      "$page_err" "$st_err" >>"$results" <<'PY'
import sys
role, path, size, rps, p99, srps, sp99, err, serr = sys.argv[1:]
rps, p99, srps, sp99 = float(rps), float(p99), float(srps), float(sp99)
ratio = rps / srps if srps else 0
mark = lambda bad: " ✗" if bad else ""
note = f" ({err} socket errors)" if int(err) else ""
snote = f" ({serr} socket errors)" if int(serr) else ""
print(f"| {role} | `{path}` | {int(size):,} | {rps:,.0f}{note} | {p99:.2f}{mark(p99 >= 10)} "
      f"| {srps:,.0f}{snote} | {sp99:.2f} | {ratio:.2f}{mark(ratio < 0.5)} |")
PY
    tail -1 "$results" >&2
  done
}

bench_downloads() {
  local entry role path
  [ ${#DOWNLOAD_PATHS[@]} -gt 0 ] || return 0
  {
    echo
    echo "| download | bytes | median ms | max ms |"
    echo "|---|---:|---:|---:|"
  } >>"$results"
  for entry in "${DOWNLOAD_PATHS[@]}"; do
    read -r role path <<<"$entry"
    : >"$work/times"
    for _ in $(seq "$DOWNLOADS"); do
      curl -s -o "$work/download" -w '%{http_code} %{size_download} %{time_total}\n' \
        -H "Cookie: ${COOKIE[$role]}" "$base$path" >>"$work/times"
    done
    python3 - "$role" "$path" "$work/times" >>"$results" <<'PY'
import statistics, sys
role, path, times = sys.argv[1:]
rows = [line.split() for line in open(times)]
bad = [r[0] for r in rows if r[0] != "200"]
if bad:
    sys.exit(f"load.sh: GET {path} as {role}: HTTP {bad[0]}, not 200")
ms = [float(r[2]) * 1000 for r in rows]
size = int(rows[-1][1])
mark = " ✗" if max(ms) >= 50 else ""
print(f"| `{path}` ({role}) | {size:,} | {statistics.median(ms):.1f} | {max(ms):.1f}{mark} |")
PY
    tail -1 "$results" >&2
  done
}

# A data change that leaves the pool's pages as they were: the officer corrects the
# reference of the first registered finance act back and forth (audited, so it raises
# the data version and every instance reads afresh).
change_data() {
  local csrf acts year body
  csrf=$(curl -sf -H "Cookie: ${COOKIE[officer]}" "$base/api/v1/me" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["csrf_token"])') \
    || die "GET /api/v1/me failed"
  acts=$(curl -sf -H "Cookie: ${COOKIE[officer]}" "$base/api/v1/finance-acts") \
    || die "GET /api/v1/finance-acts failed"
  read -r year body < <(python3 -c '
import json, sys
acts = json.loads(sys.argv[1])
if not acts:
    sys.exit("load.sh: no finance act registered in the demo to correct")
a = acts[0]
mark = " (load.sh)"
ref = a["reference"][: -len(mark)] if a["reference"].endswith(mark) else a["reference"] + mark
print(a["year"], json.dumps({"passed_on": a["passed_on"], "reference": ref}))' "$acts")
  [ -n "${year:-}" ] || die "no finance act to correct"
  local status
  status=$(curl -s -o "$work/change.json" -w '%{http_code}' -X PUT \
    -H "Cookie: ${COOKIE[officer]}" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    --data "$body" "$base/api/v1/finance-acts/$year")
  [ "$status" = 200 ] || { cat "$work/change.json" >&2; die "PUT /api/v1/finance-acts/$year: HTTP $status"; }
}

# One request at a time: after a data change (uncached: the first request reads the whole
# pool), then the same request again (from this instance's cache).
bench_single() { # label
  local entry role path i
  [ ${#SINGLE_PATHS[@]} -gt 0 ] && [ "$SINGLE" -gt 0 ] || return 0
  {
    echo
    echo "Single requests, $1: $SINGLE data changes, each followed by one request to the page"
    echo "(uncached) and one more (cached). Load average at the start: $(load_average)."
    echo
    echo "| page | bytes | uncached median ms | uncached max ms | cached median ms |"
    echo "|---|---:|---:|---:|---:|"
  } >>"$results"
  for entry in "${SINGLE_PATHS[@]}"; do
    read -r role path <<<"$entry"
    : >"$work/single"
    for i in $(seq "$SINGLE"); do
      change_data
      for _ in uncached cached; do
        curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_total}\n' \
          -H "Cookie: ${COOKIE[$role]}" "$base$path" >>"$work/single"
      done
    done
    python3 - "$role" "$path" "$work/single" >>"$results" <<'PY'
import statistics, sys
role, path, times = sys.argv[1:]
rows = [line.split() for line in open(times)]
bad = [r[0] for r in rows if r[0] != "200"]
if bad:
    sys.exit(f"load.sh: GET {path} as {role}: HTTP {bad[0]}, not 200")
uncached = [float(r[2]) * 1000 for r in rows[0::2]]
cached = [float(r[2]) * 1000 for r in rows[1::2]]
mark = " ✗" if max(uncached) >= 100 else ""
print(f"| `{path}` | {int(rows[-1][1]):,} | {statistics.median(uncached):.1f} "
      f"| {max(uncached):.1f}{mark} | {statistics.median(cached):.1f} |")
PY
    tail -1 "$results" >&2
  done
}

login_all() {
  local role
  for role in officer finance committee; do login "$role"; done
}

# Imports the extra rows up to $1 (from $imported) the way an operator would.
import_rows() { # rows
  local to=$1 file="$rows_cache/monitoring-rows-$imported-$1.csv"
  if [ ! -s "$file" ]; then
    say "  generating rows $imported..$to into $file"
    python3 "$REPO/benches/monitoring_rows.py" "$to" "$imported" >"$file.tmp"
    mv "$file.tmp" "$file"
  fi
  say "  importing $(($(wc -l <"$file") - 1)) rows with \`tilskud import monitoring\`"
  local started=$SECONDS
  (cd "$work" && env TILSKUD_DATA_DIR="$data_dir" TILSKUD_DATABASE_URL="$db_url" \
    TILSKUD_PSEUDONYM_KEY="$key" TILSKUD_LOG=warn "$BIN" import monitoring "$file") >&2 \
    || die "the import failed"
  say "  imported in $((SECONDS - started)) s"
  imported=$to
}

open_database() { # sqlite|postgres
  data_dir="$work/data-$1"
  mkdir -p "$data_dir"
  if [ "$1" = sqlite ]; then
    db_url="sqlite://$data_dir/tilskud.db"
  else
    pg_db="tilskud_load_$$"
    psql "$PG_URL" -qc "CREATE DATABASE $pg_db" >/dev/null
    db_url=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$PG_URL" "$pg_db")
  fi
}

close_database() { # sqlite|postgres
  stop_server
  if [ "$1" = postgres ]; then
    psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null
    pg_db=""
  fi
}

thousands() { # number -> "2,175,504"
  python3 -c 'import sys; print(f"{float(sys.argv[1]):,.0f}")' "$1"
}

label() { # db rows
  local name
  name=$([ "$1" = sqlite ] && echo SQLite || echo PostgreSQL)
  if [ "$2" = 0 ]; then
    echo "$name, demo data ($(thousands "$DEMO_ROWS") monitoring rows)"
  else
    echo "$name, demo data + $(thousands "$2") extra monitoring rows ($(thousands $((DEMO_ROWS + $2))) in all)"
  fi
}

bench_sizing() { # db
  local pool workers entry role path result line
  {
    echo
    echo "### Pool size and workers: $(label "$1" "$imported")"
    echo
    printf '| pool | workers |'
    for entry in "${SIZING_PAGES[@]}"; do read -r role path <<<"$entry"; printf ' `%s` req/s | p99 ms |' "$path"; done
    echo
    printf '|---:|---:|'
    for _ in "${SIZING_PAGES[@]}"; do printf -- '---:|---:|'; done
    echo
  } >>"$results"
  for pool in $SIZING_POOLS; do
    for workers in $SIZING_WORKERS; do
      stop_server
      start_server TILSKUD_DB_POOL_SIZE="$pool" TILSKUD_WORKERS="$workers"
      line="| $pool | $workers |"
      for entry in "${SIZING_PAGES[@]}"; do
        read -r role path <<<"$entry"
        fetch "$role" "$path" "$work/page.html" >/dev/null
        : >"$work/runs"
        for _ in $(seq "$SIZING_REPEAT"); do
          run_wrk "$base$path" "${COOKIE[$role]}" >>"$work/runs"
        done
        result=$(python3 -c 'import statistics as s, sys
runs = [l.split() for l in open(sys.argv[1])]
print(f"{s.median(float(r[0]) for r in runs):,.0f} | {s.median(float(r[1]) for r in runs):.2f}")' "$work/runs")
        line="$line $result |"
      done
      echo "$line" | tee -a "$results" >&2
    done
  done
}

say "wrk: $THREADS threads, $CONNECTIONS connections, ${DURATION} s per run; databases: $DBS; extra rows: $EXTRA_ROWS"
for db in $DBS; do
  say "== $db"
  open_database "$db"
  mkdir -p "$public"
  imported=0
  start_server
  if [ -n "$SIZING" ]; then
    largest=$(tr ' ' '\n' <<<"$EXTRA_ROWS" | grep . | tail -1)
    if [ "$largest" -gt 0 ]; then stop_server; import_rows "$largest"; start_server; fi
    login_all
    bench_sizing "$db"
    close_database "$db"
    continue
  fi
  for rows in $EXTRA_ROWS; do
    say "-- $(label "$db" "$rows")"
    if [ "$rows" -gt "$imported" ]; then
      stop_server
      import_rows "$rows"
      start_server
    fi
    login_all
    write_static_files
    # Restart, so the server reads the new files (sessions live in the database).
    stop_server
    start_server
    bench_pages "$(label "$db" "$rows")"
    bench_downloads
    bench_single "$(label "$db" "$rows")"
  done
  close_database "$db"
done

echo
echo "## Load benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, wrk $THREADS threads / $CONNECTIONS connections / ${DURATION} s per run"
echo
echo "Commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)'); release build, TILSKUD_DB_POOL_SIZE=${TILSKUD_DB_POOL_SIZE:-default (SQLite 8, PostgreSQL 2 × CPUs)}, TILSKUD_WORKERS=${TILSKUD_WORKERS:-default (one per CPU)}."
echo "Load average (1 / 5 / 15 min) at the end: $(load_average); $(nproc) cores."
echo "Ratio = page req/s ÷ the equal-size static file's req/s. ✗: p99 ≥ 10 ms, ratio < 0.5, a download ≥ 50 ms, or an uncached single request ≥ 100 ms."
cat "$results"
