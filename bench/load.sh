#!/usr/bin/env bash
# Requests per second and latency (p50, p99) of the slot listing and of the booking request,
# under a loopback load from wrk, against the release server on SQLite and on PostgreSQL.
# Usage: bench/load.sh [sqlite|postgres|both] (after `cargo leptos build --release`).
# Settings: BOOKABLE_BENCH_SECONDS (default 20), BOOKABLE_BENCH_CONNECTIONS (default 32),
# BOOKABLE_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
which wrk >/dev/null 2>&1 || sudo apt-get install -y wrk >/dev/null 2>&1 || apt-get install -y wrk >/dev/null
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
server="${BOOKABLE_SERVER_BIN:-$target_dir/release/bookable}"
port="${BOOKABLE_BENCH_PORT:-3190}"
seconds="${BOOKABLE_BENCH_SECONDS:-20}"
connections="${BOOKABLE_BENCH_CONNECTIONS:-32}"
postgres="${BOOKABLE_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
base="http://127.0.0.1:$port"
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

start_server() {
  "$server" --addr "127.0.0.1:$port" --database-url "$1" --site-root target/site \
    --outbox-dir "$work/outbox" --media-dir "$work/media" --rate-limit-factor 1000000 >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do curl -sf "$base/" >/dev/null && return; sleep 0.1; done
  cat "$work/server.log"; exit 1
}

stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

post() { curl -sf -b "$work/jar" -c "$work/jar" -X POST "$base/api/$1" --data "$2"; }

# A studio open around the clock with a 30-minute group class of 500 seats: every request
# of the booking run finds a seat (28 days × 48 times × 500 seats).
set_up_studio() {
  rm -f "$work/jar"
  post sign_up 'email=bench@example.com&password=correct+horse+battery' >/dev/null
  post save_studio 'name=Bench+Studio&slug=bench-studio&timezone=America/New_York&currency=USD' >/dev/null
  type_id=$(post create_session_type 'name=Group+class&description=Load&duration_minutes=30&capacity=500&price=20&status=active&location=Hall' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  hours='00:00-24:00'
  post save_weekly_hours "monday=$hours&tuesday=$hours&wednesday=$hours&thursday=$hours&friday=$hours&saturday=$hours&sunday=$hours" >/dev/null
}

# "requests/s p50 p99 errors" from wrk's output.
summarise() {
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
p50 = re.search(r"\s50%\s+([\d.]+\w+)", text).group(1)
p99 = re.search(r"\s99%\s+([\d.]+\w+)", text).group(1)
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errors = re.search(r"Socket errors:.*", text)
print(f"{float(rps):,.0f} | {p50} | {p99} | {bad.group(1) if bad else 0}{' (' + errors.group(0) + ')' if errors else ''}")
PY
}

run_backend() {
  local name=$1 url=$2
  start_server "$url"
  set_up_studio
  local date
  date=$(TZ=America/New_York date -d '+2 days' +%F)
  cat >"$work/list.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "slug=bench-studio&session_type_id=$type_id&date=$date"
LUA
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/list.lua" "$base/api/booking_options" >"$work/list.txt"
  # Each request books a different (time, email): 28 days of half hours, emails numbered per thread.
  local first
  first=$(TZ=UTC date -d '+2 days' +%s)
  cat >"$work/book.lua" <<LUA
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
function init() n = 0 end
function request()
  n = n + 1
  local slot = $first - ($first % 1800) + (n % 1300) * 1800
  local start = os.date("!%Y-%m-%dT%H:%M:%SZ", slot)
  local body = "slug=bench-studio&session_type_id=$type_id&start=" .. start ..
    "&student_name=Load+Student&student_email=s" .. id .. "-" .. n .. "%40example.com"
  return wrk.format("POST", "/api/book_session", {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
LUA
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/book.lua" "$base" >"$work/book.txt"
  echo "| $name | slot listing (\`POST /api/booking_options\`, one day of 48 times) | $(summarise "$work/list.txt") |"
  echo "| $name | booking request (\`POST /api/book_session\`) | $(summarise "$work/book.txt") |"
  stop_server
}

echo "wrk -t2 -c$connections -d${seconds}s --latency, release server on 127.0.0.1, $(nproc) cores shared with wrk"
echo
echo "| backend | request | requests/s | p50 | p99 | non-2xx/3xx |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
case "${1:-both}" in
  sqlite) run_backend SQLite "sqlite://$work/bench.db" ;;
  postgres)
    db="bench_$(date +%s)"; psql "$postgres/postgres" -qc "CREATE DATABASE $db" >/dev/null
    run_backend PostgreSQL "$postgres/$db"; psql "$postgres/postgres" -qc "DROP DATABASE $db" >/dev/null ;;
  both)
    run_backend SQLite "sqlite://$work/bench.db"
    db="bench_$(date +%s)"; psql "$postgres/postgres" -qc "CREATE DATABASE $db" >/dev/null
    run_backend PostgreSQL "$postgres/$db"; psql "$postgres/postgres" -qc "DROP DATABASE $db" >/dev/null ;;
esac
