#!/usr/bin/env bash
# Schemathesis against the demo: the OpenAPI contract checked from the outside.
#
# Starts `tilskud demo` on a free port with a fresh SQLite database in a temporary
# folder, logs in as each demo role, and runs Schemathesis once per role and once
# anonymously, with a bounded number of examples per operation. Fails (exit 1) on any
# server error, status code or content type the document does not list, response that
# does not match its schema, or rejection (400/413/422) of data the schema says is
# valid. The checks and the few documented exceptions are in schemathesis.toml beside
# this script; docs/api.md says how to run it and read its output.
#
# Environment:
#   TILSKUD_BIN     the binary to run (default: build target/debug/tilskud with cargo)
#   ST_EXAMPLES     examples per operation and phase (default 15)
#   ST_SEED         the random seed (default 2017, so a run can be repeated)
#   ST_ROLES        which runs, space-separated (default: all five roles and anonymous)
#   ST_REPORT_DIR   where the JUnit reports go (default: a temporary folder, kept on failure)
set -euo pipefail
cd "$(dirname "$0")/../.."
here=tests/schemathesis

command -v st >/dev/null || { echo "schemathesis is missing: python3 -m pip install schemathesis" >&2; exit 2; }

bin=${TILSKUD_BIN:-}
if [ -z "$bin" ]; then
  cargo build --quiet --bin tilskud
  bin=target/debug/tilskud
fi
examples=${ST_EXAMPLES:-15}
seed=${ST_SEED:-2017}
roles=${ST_ROLES:-"officer approver horsens.finance horsens.committee aarhus.finance anonymous"}

work=$(mktemp -d)
report=${ST_REPORT_DIR:-$work/reports}
mkdir -p "$report"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ "${keep:-0}" = 1 ]; then echo "kept: $work (server log: $work/demo.log)"; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "starting the demo on $base (data in $work/data)"
env -u DATABASE_URL -u TILSKUD_DATABASE_URL TILSKUD_DATA_DIR="$work/data" TILSKUD_BIND="127.0.0.1:$port" \
  TILSKUD_MAIL_TRANSPORT=log RUST_LOG=warn "$bin" demo >"$work/demo.log" 2>&1 &
pid=$!
for _ in $(seq 600); do
  curl -fs "$base/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/demo.log"; echo "the demo did not start" >&2; exit 1; }
  sleep 0.5
done
curl -fs "$base/health" >/dev/null || { echo "the demo did not answer /health" >&2; exit 1; }

# Logs in; prints "COOKIE CSRF" (the session cookie's name=value and the CSRF token).
login() {
  python3 - "$base" "$1" "$2" <<'EOF'
import json, sys, urllib.request
base, user, password = sys.argv[1:4]
req = urllib.request.Request(base + "/api/v1/session", method="POST",
    data=json.dumps({"username": user, "password": password}).encode(),
    headers={"Content-Type": "application/json"})
with urllib.request.urlopen(req) as r:
    cookie = r.headers["Set-Cookie"].split(";")[0]
    print(cookie, json.load(r)["csrf_token"])
EOF
}

password() {
  case $1 in
    officer) echo demo-officer-2017 ;;
    approver) echo demo-approver-2017 ;;
    horsens.finance) echo demo-finance-2017 ;;
    horsens.committee) echo demo-committee-2017 ;;
    aarhus.finance) echo demo-aarhus-2017 ;;
    admin) echo demo-admin-2017 ;;
  esac
}

# Every login first: the anonymous run tries wrong passwords, which may throttle logins
# from this address.
declare -A cookie csrf
for role in $roles; do
  [ "$role" = anonymous ] && continue
  read -r c t < <(login "$role" "$(password "$role")")
  cookie[$role]=$c
  csrf[$role]=$t
done

failed=()
summary=$work/summary.txt
: >"$summary"
for role in $roles; do
  args=(--config-file "$here/schemathesis.toml" run "$base/api/v1/openapi.json"
        --max-examples "$examples" --seed "$seed" --workers 1 --no-color
        # The questionnaire's delivery of the demo's 22,498 measurements as XLSX takes
        # 2 s in a release build and about ten times that in this debug build.
        --request-timeout 60
        --report junit --report-junit-path "$report/$role.xml")
  if [ "$role" = anonymous ]; then
    # Logging in and out is only tried without a session: with one, a login would
    # replace the session the run uses, and a logout would end it.
    st_args=()
  else
    st_args=(-H "Cookie: ${cookie[$role]}" -H "X-CSRF-Token: ${csrf[$role]}"
             --exclude-operation-id login --exclude-operation-id logout)
  fi
  echo
  echo "=== schemathesis as $role"
  start=$(date +%s)
  if st "${args[@]}" "${st_args[@]}" | tee "$work/$role.log"; then result=ok; else result=FAILED; failed+=("$role"); fi
  python3 - "$report/$role.xml" "$role" "$result" "$(( $(date +%s) - start ))" >>"$summary" <<'EOF'
import sys, xml.etree.ElementTree as ET
path, role, result, secs = sys.argv[1:5]
try:
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    ops = sum(int(s.get("tests", 0)) for s in suites)
    fails = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
except (OSError, ET.ParseError):
    ops, fails = "?", "?"
print(f"{role:18} {result:6} operations {ops:>3}  failures {fails:>3}  {secs:>4} s")
EOF
  grep -E '^  [0-9]+ generated' "$work/$role.log" | sed 's/^ */    test cases: /' >>"$summary" || true
done

echo
echo "=== summary (examples per operation and phase: $examples, seed: $seed)"
cat "$summary"
if [ ${#failed[@]} -gt 0 ]; then
  keep=1
  echo "failed as: ${failed[*]} (JUnit reports in $report)" >&2
  exit 1
fi
