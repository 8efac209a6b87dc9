# Shared by the benchmark scripts (load.sh, soak.sh, import_load.sh): sourced, not run.
# Each script sets NAME (for messages) before sourcing.

die() { echo "${NAME:-bench}: $*" >&2; exit 1; }
say() { echo "$*" >&2; }

# A TCP port nothing listens on now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Seconds since START (from `date +%s.%N`), to a tenth.
seconds_since() {
  python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(date +%s.%N)"
}

# Waits until the server PID, logging to LOG, answers /health at BASE (and, for the
# demo, has printed its banner, which comes after the demo data is loaded).
# wait_started PID LOG BASE [BANNER] [SECONDS]
wait_started() {
  local pid=$1 log=$2 base=$3 banner=${4:-} limit=${5:-600}
  local i
  for ((i = 0; i < limit * 10; i++)); do
    if { [ -z "$banner" ] || grep -qs "$banner" "$log"; } && curl -sf "$base/health" >/dev/null; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "the server stopped"; }
    sleep 0.1
  done
  cat "$log" >&2
  die "the server did not start within $limit s"
}

# Logs in through the API at BASE; prints "cookie csrf" (the cookie as name=value).
# api_login BASE USERNAME PASSWORD
api_login() {
  local base=$1 headers out cookie csrf
  headers=$(mktemp)
  out=$(curl -s -D "$headers" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"$3\"}" "$base/api/v1/session") || die "login as $2"
  cookie=$(grep -i '^set-cookie: tilskud=' "$headers" | head -1 | sed 's/^[^:]*: //; s/;.*//' | tr -d '\r')
  rm -f "$headers"
  csrf=$(python3 -c 'import json,sys; print(json.load(sys.stdin).get("csrf_token", ""))' <<<"$out" 2>/dev/null || true)
  [ -n "$cookie" ] && [ -n "$csrf" ] || die "no session for $2: $out"
  echo "$cookie $csrf"
}

# A wrk script that counts every answer that is not 200 (wrk itself counts only 4xx and
# 5xx, so a 303 to the login page would pass) and prints "NOT200 n" at the end.
not200_lua() {
  cat <<'LUA'
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
}

# "requests p99-ms not-200 socket-errors" of a wrk output (run with --latency and a
# script from not200_lua).
wrk_summary() {
  awk '
    $1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
                  p99 = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v }
    / requests in / { n = $1 }
    $1 == "NOT200" { bad = $2 }
    /Socket errors/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
    END { printf "%d %.1f %d %d\n", n, p99, bad, errors }' "$1"
}
