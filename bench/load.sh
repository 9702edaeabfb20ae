#!/usr/bin/env bash
# Requests per second and latency (p50, p99) of the slot listing and of the booking request,
# under a loopback load from wrk, against the release server on SQLite and on PostgreSQL.
# Usage: bench/load.sh [sqlite|postgres|both] (after `cargo leptos build --release`).
# Settings: BOOKABLE_BENCH_SECONDS (default 20), BOOKABLE_BENCH_CONNECTIONS (default 32),
# BOOKABLE_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
which wrk >/dev/null 2>&1 || sudo apt-get install -y wrk >/dev/null 2>&1 || apt-get install -y wrk >/dev/null
port="${BOOKABLE_BENCH_PORT:-3190}"
connections="${BOOKABLE_BENCH_CONNECTIONS:-32}"
# shellcheck source=bench/common.sh
. bench/common.sh

run_backend() {
  local name=$1 url=$2
  start_server "$url"
  new_studio America/New_York
  group_class_around_the_clock
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
on_backends "${1:-both}"
