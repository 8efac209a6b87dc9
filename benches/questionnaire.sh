#!/usr/bin/env bash
# The progression questionnaire at national scale (issue 16), against the release build:
#   1. import speed: `tilskud import questionnaire` of an answer file of N answers, in two
#      orders (each measurement's lines together as a vendor writes them, and shuffled),
#      into a copy of the demo's database (89 municipalities' monitoring, the illustrative
#      question set and its measurements), beside `tilskud import monitoring` of N
#      monitoring rows into another copy, in the same run: answers/s against rows/s;
#   2. the national results page after the largest import: the first request (cold) and
#      10 s of wrk on one connection, for the page and for the API.
#
#   benches/questionnaire.sh [--sizes "50000 200000"] [--db sqlite|postgres] [--no-build]
#
#   --sizes      answer counts (and monitoring row counts) to import (default 50000 200000)
#   --db         the database (default sqlite); postgres: a server at PG_URL (default
#                postgres://postgres@127.0.0.1:5432/postgres) whose user may create
#                databases; the script makes its own and drops them at the end
#   --no-build   use target/release/tilskud as it is (or TILSKUD_BIN)
#
# Needs: bash, python3, curl, wrk (apt-get install -y wrk), psql for PostgreSQL. Prints a
# Markdown section for docs/benchmarks.md.

set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
NAME=questionnaire.sh
# shellcheck source=benches/lib.sh
. "$REPO/benches/lib.sh"
SIZES="50000 200000"
DB=sqlite
BUILD=1
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --db) DB="$2"; shift 2 ;;
    --no-build) BUILD=""; shift ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
case "$DB" in sqlite|postgres) ;; *) die "--db is sqlite or postgres, not $DB" ;; esac
command -v wrk >/dev/null || die "wrk is not installed (apt-get install -y wrk)"
FEATURES=()
if [ "$DB" = postgres ]; then
  command -v psql >/dev/null || die "psql is needed for PostgreSQL"
  psql "$PG_URL" -qAtc 'SELECT 1' >/dev/null || die "no PostgreSQL at $PG_URL (set PG_URL)"
  FEATURES=(--features postgres)
fi
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
key="questionnaire-benchmark-pseudonym-key-0123456789"

# The database URL of copy $1 (made by copy_demo).
url_of() {
  if [ "$DB" = postgres ]; then
    echo "${PG_URL%/*}/tilskud_q_$$_${1//-/_}"
  else
    echo "sqlite://$work/$1/tilskud.db"
  fi
}
tilskud_env() { # folder url
  echo TILSKUD_DATA_DIR="$work/$1" TILSKUD_DATABASE_URL="$2" TILSKUD_PSEUDONYM_KEY="$key" \
    TILSKUD_LOG=warn TILSKUD_MAIL_WORKER=false TILSKUD_JOBS_WORKER=false
}
start() { # folder banner command...
  local folder=$1 banner=$2
  shift 2
  # shellcheck disable=SC2046
  (cd "$work" && exec env $(tilskud_env "$folder" "$(url_of "$folder")") \
    TILSKUD_BIND="127.0.0.1:$port" "$BIN" "$@") >"$work/$folder/server.log" 2>&1 &
  server=$!
  wait_started "$server" "$work/$folder/server.log" "$base" "$banner" 1200
}
stop() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
}

# The demo's database, once.
mkdir -p "$work/demo"
if [ "$DB" = postgres ]; then
  psql "$PG_URL" -qc "CREATE DATABASE tilskud_q_$$_demo" >/dev/null
  pg_dbs+=("tilskud_q_$$_demo")
fi
say "loading the demo (its story: monitoring month by month, the question set, measurements)"
start demo "tilskud demo is running" demo
read -r cookie csrf < <(api_login "$base" officer demo-officer-2017)
curl -sf -H "Cookie: $cookie" "$base/pools/1/questionnaire/set.csv" >"$work/set.csv" \
  || die "could not read the question set"
stop

copy_demo() { # name
  mkdir -p "$work/$1"
  if [ "$DB" = postgres ]; then
    psql "$PG_URL" -qc "CREATE DATABASE tilskud_q_$$_${1//-/_} TEMPLATE tilskud_q_$$_demo" >/dev/null
    pg_dbs+=("tilskud_q_$$_${1//-/_}")
  else
    cp "$work/demo/tilskud.db"* "$work/$1/"
  fi
}

# Runs `tilskud import KIND FILE ARGS...` on copy $1; prints the seconds it took.
timed_import() { # copy kind file args...
  local t0 copy=$1
  shift
  t0=$(date +%s.%N)
  # shellcheck disable=SC2046
  (cd "$work" && env $(tilskud_env "$copy" "$(url_of "$copy")") "$BIN" import "$@") \
    >"$work/$copy/import.log" 2>&1 || { cat "$work/$copy/import.log" >&2; die "import $1 failed"; }
  python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$t0" "$(date +%s.%N)"
}
rate() { python3 -c "import sys; print(round(float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }

echo "### Questionnaire import and national results ($DB, $(date -u +%Y-%m-%d))"
echo
echo "| size | order | monitoring rows/s | questionnaire answers/s | ratio |"
echo "|---:|---|---:|---:|---:|"
largest=""
for n in $SIZES; do
  python3 "$REPO/benches/monitoring_rows.py" "$n" 0 >"$work/monitoring-$n.csv"
  rows=$(($(wc -l <"$work/monitoring-$n.csv") - 1))
  for order in person shuffled; do
    python3 "$REPO/benches/questionnaire_answers.py" "$work/set.csv" "$n" --order "$order" \
      >"$work/answers-$n-$order.csv"
    answers=$(($(wc -l <"$work/answers-$n-$order.csv") - 1))
    copy_demo "m-$n-$order"
    m_secs=$(timed_import "m-$n-$order" monitoring "$work/monitoring-$n.csv")
    copy_demo "q-$n-$order"
    q_secs=$(timed_import "q-$n-$order" questionnaire "$work/answers-$n-$order.csv" --pool 1)
    m_rate=$(rate "$rows" "$m_secs")
    q_rate=$(rate "$answers" "$q_secs")
    say "questionnaire import: $(tr '\n' ' ' <"$work/q-$n-$order/import.log")"
    echo "| $n | $order | $m_rate ($rows in $m_secs s) | $q_rate ($answers in $q_secs s) | $(ratio "$q_rate" "$m_rate") |"
    largest="q-$n-$order"
    after_monitoring="m-$n-$order"
  done
done
echo

# The national results on the largest import.
start "$largest" "" serve
read -r cookie csrf < <(api_login "$base" officer demo-officer-2017)
echo "| request | first (ms) | wrk requests (10 s) | p50 (ms) | p99 (ms) |"
echo "|---|---:|---:|---:|---:|"
for path in /pools/1/questionnaire/results /api/v1/pools/1/questionnaire/results; do
  first=$(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: $cookie" "$base$path")
  not200_lua >"$work/not200.lua"
  wrk -t1 -c1 -d10s --latency -s "$work/not200.lua" -H "Cookie: $cookie" "$base$path" \
    >"$work/wrk.txt"
  p50=$(awk '$1 == "50%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
    print (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v }' "$work/wrk.txt")
  read -r count p99 bad _ < <(wrk_summary "$work/wrk.txt")
  [ "$bad" = 0 ] || die "$bad answers to $path were not 200"
  echo "| GET $path | $(python3 -c "print(round(float('$first') * 1000, 1))") | $count | $p50 | $p99 |"
done
stop

# After a monitoring import every municipality's group-1 count is counted again once:
# the first request on the copy the monitoring file went into, then the next.
start "$after_monitoring" "" serve
read -r cookie csrf < <(api_login "$base" officer demo-officer-2017)
cold=$(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: $cookie" "$base/pools/1/questionnaire/results")
warm=$(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: $cookie" "$base/pools/1/questionnaire/results")
echo
echo "After the monitoring import (all 89 group-1 counts stale): the first request $(python3 -c "print(round(float('$cold') * 1000, 1))") ms, the next $(python3 -c "print(round(float('$warm') * 1000, 1))") ms."
stop
