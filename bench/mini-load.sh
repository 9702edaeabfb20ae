#!/usr/bin/env bash
# Requests per second and latency (p50, p99) of a mini session's spot listings under a
# loopback load from wrk, against the release server on SQLite and on PostgreSQL: the phone's
# list of one date's spots, and every date's open spots at once.
# Usage: bench/mini-load.sh [sqlite|postgres|both] (after `cargo leptos build --release`).
# Settings: BOOKABLE_BENCH_SECONDS (default 20), BOOKABLE_BENCH_CONNECTIONS (default 32),
# BOOKABLE_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
which wrk >/dev/null 2>&1 || sudo apt-get install -y wrk >/dev/null 2>&1 || apt-get install -y wrk >/dev/null
port="${BOOKABLE_BENCH_PORT:-3191}"
connections="${BOOKABLE_BENCH_CONNECTIONS:-32}"
# shellcheck source=bench/common.sh
. bench/common.sh

# A shared mini of three dates of 60 five-minute spots (09:00 to 14:00), the first date with
# every other spot booked: each listing lays the spots out and checks them against the seats
# taken, through the one decision that also takes a spot.
run_backend() {
  local name=$1 url=$2
  start_server "$url"
  new_studio America/New_York
  local mini share first
  mini=$(post create_mini_session 'name=Fall+minis')
  for days in 3 4 5; do
    local date
    date=$(TZ=America/New_York date -d "+$days days" +%F)
    [ "$days" = 3 ] && first=$date
    post save_mini_date "session_type_id=$mini&date=$date&start=09:00&spots=60&spot_minutes=5&gap_minutes=0&location=Rose+garden" >/dev/null
  done
  post set_mini_visibility "session_type_id=$mini&visibility=shared" >/dev/null
  share=$(post mini_overview "id=$mini" | python3 -c 'import json,sys; print(json.load(sys.stdin)["share_url"].split("share=")[1])')
  local opening
  opening=$(date -d "TZ=\"America/New_York\" $first 09:00" +%s)
  for spot in $(seq 0 2 58); do
    local start
    start=$(date -u -d "@$((opening + spot * 300))" +%FT%TZ)
    curl -sf -X POST "$base/api/book_session" --data "slug=bench-studio&session_type_id=$mini&share=$share&start=$start&student_name=Client+$spot&student_email=c$spot%40example.com" >/dev/null
  done
  cat >"$work/date.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "slug=bench-studio&session_type_id=$mini&share=$share&date=$first"
LUA
  cat >"$work/all.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "slug=bench-studio&session_type_id=$mini&share=$share"
LUA
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/date.lua" "$base/api/booking_options" >"$work/date.txt"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/all.lua" "$base/api/mini_spots" >"$work/all.txt"
  echo "| $name | one date's spots (\`POST /api/booking_options\`, 60 spots, 30 booked) | $(summarise "$work/date.txt") |"
  echo "| $name | every date's open spots (\`POST /api/mini_spots\`, 3 × 60 spots) | $(summarise "$work/all.txt") |"
  stop_server
}

echo "wrk -t2 -c$connections -d${seconds}s --latency, release server on 127.0.0.1, $(nproc) cores shared with wrk"
echo
echo "| backend | request | requests/s | p50 | p99 | non-2xx/3xx |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
on_backends "${1:-both}"
